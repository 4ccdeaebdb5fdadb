import { IsIn, IsInt, IsString, IsUrl, Max, Min, Matches } from 'class-validator';
import path from 'node:path';
import { defineConfig, envInt, type Env } from './define-config.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export class AppConfig {
  @IsIn(['development', 'production', 'test'], {
    message: 'NODE_ENV must be development, production or test',
  })
  nodeEnv: 'development' | 'production' | 'test';

  @IsInt({ message: 'PORT must be an integer' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  port: number;

  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'PUBLIC_URL must be an http(s) URL without a trailing slash' },
  )
  @Matches(/[^/]$/, { message: 'PUBLIC_URL must not end with a slash' })
  publicUrl: string;

  @IsString()
  dataDir: string;

  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  logLevel: LogLevel;

  @IsInt({ message: 'BODY_LIMIT_BYTES must be an integer' })
  @Min(1024, { message: 'BODY_LIMIT_BYTES must be at least 1024' })
  bodyLimitBytes: number;

  @IsInt({ message: 'BODY_MAX_DEPTH must be an integer' })
  @Min(8, { message: 'BODY_MAX_DEPTH must be at least 8' })
  bodyMaxDepth: number;

  @IsInt({ message: 'BODY_MAX_KEYS must be an integer' })
  @Min(32, { message: 'BODY_MAX_KEYS must be at least 32' })
  bodyMaxKeys: number;

  @IsInt({ message: 'BODY_MAX_ARRAY_ITEMS must be an integer' })
  @Min(1000, { message: 'BODY_MAX_ARRAY_ITEMS must be at least 1000' })
  bodyMaxArrayItems: number;

  @IsInt({ message: 'BODY_MAX_STRING_CHARS must be an integer' })
  @Min(1024 * 1024, { message: 'BODY_MAX_STRING_CHARS must be at least 1048576' })
  bodyMaxStringChars: number;

  get isProduction(): boolean {
    return this.nodeEnv === 'production';
  }
}

export function resolveDataDir(env: Env): string {
  return path.resolve(env.DATA_DIR?.trim() || './data');
}

export const appConfig = defineConfig('app', AppConfig, (env) => {
  const port = envInt(env.PORT, 3000);
  return {
    nodeEnv: env.NODE_ENV?.trim() || 'development',
    port,
    publicUrl: env.PUBLIC_URL?.trim() || `http://localhost:${port}`,
    dataDir: resolveDataDir(env),
    logLevel: env.LOG_LEVEL?.trim() || 'log',
    bodyLimitBytes: envInt(env.BODY_LIMIT_BYTES, 5 * 1024 * 1024),
    bodyMaxDepth: envInt(env.BODY_MAX_DEPTH, 16),
    bodyMaxKeys: envInt(env.BODY_MAX_KEYS, 1000),
    bodyMaxArrayItems: envInt(env.BODY_MAX_ARRAY_ITEMS, 2000),
    bodyMaxStringChars: envInt(env.BODY_MAX_STRING_CHARS, 2 * 1024 * 1024),
  };
});
