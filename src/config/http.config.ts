import { IsArray, Matches, ValidateIf } from 'class-validator';
import { ConfigError, defineConfig } from './define-config.js';

export class HttpConfig {
  @ValidateIf((config: HttpConfig) => config.corsOrigins !== '*')
  @IsArray()
  @Matches(/^[a-z][a-z0-9+.-]*:\/\/[^/\s?#*]+$/i, {
    each: true,
    message:
      'CORS_ORIGINS entries must be origins like chrome-extension://<id> or https://app.example.com (no path)',
  })
  corsOrigins: '*' | string[];

  trustProxy: boolean | number | string[];
}

export function parseTrustProxy(raw: string | undefined): boolean | number | string[] {
  const value = raw?.trim().toLowerCase() ?? '';
  if (value === '' || value === 'false' || value === '0' || value === 'off') return false;
  if (value === 'true' || value === 'on') return true;
  if (/^\d+$/.test(value)) return Number(value);
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  const named = ['loopback', 'linklocal', 'uniquelocal'];
  for (const entry of entries) {
    if (!named.includes(entry) && !/^[0-9a-f:.]+(\/\d{1,3})?$/.test(entry)) {
      throw new ConfigError(
        'TRUST_PROXY must be true, false, a number of hops, or proxy addresses/subnets (loopback, 10.0.0.0/8, ...)',
      );
    }
  }
  return entries;
}

export const httpConfig = defineConfig('http', HttpConfig, (env) => {
  const origins = env.CORS_ORIGINS?.trim() || '*';
  return {
    corsOrigins:
      origins === '*'
        ? '*'
        : origins
            .split(',')
            .map((origin) => origin.trim().replace(/\/+$/, ''))
            .filter(Boolean),
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
  };
});
