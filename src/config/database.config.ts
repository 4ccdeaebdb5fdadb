import { IsIn, IsString } from 'class-validator';
import path from 'node:path';
import { resolveDataDir } from './app.config.js';
import { ConfigError, defineConfig } from './define-config.js';

export class DatabaseConfig {
  @IsIn(['sqlite', 'mysql'])
  type: 'sqlite' | 'mysql';

  /** For sqlite: an absolute file path (or ':memory:'); for mysql: the connection URL. */
  @IsString()
  url: string;
}

/**
 * `DATABASE_URL`: `sqlite:<path>` (relative paths resolve from the working directory) or
 * `mysql://user:pass@host:3306/db` (also `mariadb://`). Default: `sqlite:<DATA_DIR>/crm-bridge.sqlite`.
 */
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
    throw new ConfigError('DATABASE_URL must be sqlite:<path> or mysql://user:pass@host:3306/db');
  }
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') {
    throw new ConfigError(
      `DATABASE_URL: unsupported scheme ${url.protocol} (use sqlite: or mysql:)`,
    );
  }
  if (url.pathname.replace(/^\//, '') === '') {
    throw new ConfigError(
      'DATABASE_URL: the mysql URL must name a database, e.g. mysql://root@127.0.0.1:3306/crm_bridge',
    );
  }
  url.protocol = 'mysql:';
  config.type = 'mysql';
  config.url = url.toString();
  return config;
}

export const databaseConfig = defineConfig('database', DatabaseConfig, (env) => {
  const parsed = parseDatabaseUrl(env.DATABASE_URL, resolveDataDir(env));
  return { type: parsed.type, url: parsed.url };
});
