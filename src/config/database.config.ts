import { IsIn, IsString } from 'class-validator';
import path from 'node:path';
import { resolveDataDir } from './app.config.js';
import { ConfigError, defineConfig } from './define-config.js';

export type DatabaseType = 'sqlite' | 'mysql' | 'postgres';

export class DatabaseConfig {
  @IsIn(['sqlite', 'mysql', 'postgres'])
  type: DatabaseType;

  @IsString()
  url: string;
}

const SERVER_SCHEMES: Record<string, { type: Exclude<DatabaseType, 'sqlite'>; scheme: string }> = {
  'mysql:': { type: 'mysql', scheme: 'mysql:' },
  'mariadb:': { type: 'mysql', scheme: 'mysql:' },
  'postgres:': { type: 'postgres', scheme: 'postgres:' },
  'postgresql:': { type: 'postgres', scheme: 'postgres:' },
};

const FORMS = 'sqlite:<path>, mysql://user:pass@host:3306/db or postgres://user:pass@host:5432/db';

export function parseDatabaseUrl(raw: string | undefined, dataDir: string): DatabaseConfig {
  const value = raw?.trim() || `sqlite:${path.join(dataDir, 'crm-bridge.sqlite')}`;
  const config = new DatabaseConfig();
  if (value.startsWith('sqlite:')) {
    const file = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (!file)
      throw new ConfigError(
        'DATABASE_URL: sqlite: needs a file path, e.g. sqlite:./data/crm-bridge.sqlite',
      );
    config.type = 'sqlite';
    config.url = file === ':memory:' ? file : path.resolve(file);
    return config;
  }
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ConfigError(`DATABASE_URL must be ${FORMS}`);
  }
  const server = SERVER_SCHEMES[url.protocol];
  if (!server) {
    throw new ConfigError(
      `DATABASE_URL: unsupported scheme ${url.protocol} (use sqlite:, mysql: or postgres:)`,
    );
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new ConfigError(
      server.type === 'mysql'
        ? 'DATABASE_URL: the mysql URL must name a database, e.g. mysql://root@127.0.0.1:3306/crm_bridge'
        : 'DATABASE_URL: the postgres URL must name a database, e.g. postgres://postgres@127.0.0.1:5432/crm_bridge',
    );
  }
  url.protocol = server.scheme;
  config.type = server.type;
  config.url = url.toString();
  return config;
}

export const databaseConfig = defineConfig('database', DatabaseConfig, (env) => {
  const parsed = parseDatabaseUrl(env.DATABASE_URL, resolveDataDir(env));
  return { type: parsed.type, url: parsed.url };
});
