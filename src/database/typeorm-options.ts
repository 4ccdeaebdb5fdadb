import fs from 'node:fs';
import path from 'node:path';
import type { DataSourceOptions } from 'typeorm';
import type { DatabaseConfig } from '../config/database.config.js';
import { MIGRATIONS } from './migrations/index.js';

/** TypeORM options for the configured database; migrations run explicitly (runMigrations). */
export function typeOrmOptions(
  config: DatabaseConfig,
  entities: DataSourceOptions['entities'],
): DataSourceOptions {
  const common = {
    entities,
    migrations: MIGRATIONS,
    migrationsRun: false,
    synchronize: false,
    logging: false,
  } as const;
  if (config.type === 'sqlite') {
    if (config.url !== ':memory:') fs.mkdirSync(path.dirname(config.url), { recursive: true });
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.url,
      enableWAL: config.url !== ':memory:',
      prepareDatabase: (db: { pragma(source: string): unknown }) => {
        for (const pragma of sqlitePragmas(config.url)) db.pragma(pragma);
      },
    };
  }
  if (config.type === 'postgres') {
    return {
      ...common,
      type: 'postgres',
      url: config.url,
      connectTimeoutMS: 10000,
      poolSize: 20,
      applicationName: 'crm-bridge',
    };
  }
  return {
    ...common,
    type: 'mysql',
    url: config.url,
    charset: 'utf8mb4_unicode_ci',
    timezone: 'Z',
    connectTimeout: 10000,
    extra: { connectionLimit: 20 },
  };
}

/** For a WAL server (docs/configuration.md, Databases, gives the reason for each). */
export function sqlitePragmas(url: string): string[] {
  return [
    ...(url === ':memory:' ? [] : ['journal_mode = WAL', 'synchronous = NORMAL']),
    'busy_timeout = 5000',
    'cache_size = -16000',
    'foreign_keys = ON',
  ];
}
