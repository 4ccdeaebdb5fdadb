import { ArrayNotEmpty, IsInt, IsString, Min, MinLength } from 'class-validator';
import { resolveDataDir } from './app.config.js';
import { ConfigError, defineConfig, envInt, type Env } from './define-config.js';
import { loadOrCreateSecrets } from './generated-secrets.js';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export class SecurityConfig {
  @IsString()
  @MinLength(32)
  sessionSecret: string;

  @ArrayNotEmpty()
  encryptionKeys: EncryptionKey[];

  @IsString()
  @MinLength(32)
  hashSecret: string;

  @IsInt({ message: 'SESSION_TTL_SECONDS must be an integer' })
  @Min(60, { message: 'SESSION_TTL_SECONDS must be at least 60' })
  sessionTtlSeconds: number;

  @IsInt({ message: 'SESSION_RENEW_BELOW_SECONDS must be an integer' })
  @Min(0, { message: 'SESSION_RENEW_BELOW_SECONDS must not be negative' })
  sessionRenewBelowSeconds: number;

  generated: boolean;
}

const PLACEHOLDER =
  /change[-_ ]?me|replace[-_ ]?me|placeholder|example|your[-_ ]|^<.*>$|^\$\{.*\}$|^(secret|password|todo|x+|test)$/i;

export function isPlaceholderSecret(value: string): boolean {
  return PLACEHOLDER.test(value.trim());
}

export function parseEncryptionKeys(raw: string): EncryptionKey[] {
  const keys = raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part, index) => {
      const colon = part.indexOf(':');
      const id = colon > 0 ? part.slice(0, colon) : 'k1';
      const material = colon > 0 ? part.slice(colon + 1) : part;
      if (!/^[A-Za-z0-9_-]{1,16}$/.test(id)) {
        throw new ConfigError(
          `ENCRYPTION_KEY entry ${index + 1}: key id must be 1-16 letters, digits, _ or -`,
        );
      }
      const key = Buffer.from(material, 'base64');
      if (key.length !== 32 || !/^[A-Za-z0-9+/=_-]+$/.test(material)) {
        throw new ConfigError(
          `ENCRYPTION_KEY entry ${index + 1} (id ${id}): must be 32 random bytes in base64 ` +
            '(generate one with: openssl rand -base64 32)',
        );
      }
      return { id, key };
    });
  const ids = new Set(keys.map((k) => k.id));
  if (ids.size !== keys.length) throw new ConfigError('ENCRYPTION_KEY: key ids must be unique');
  if (keys.length === 0) throw new ConfigError('ENCRYPTION_KEY is empty');
  return keys;
}

const REQUIRED_IN_PRODUCTION = ['SESSION_SECRET', 'ENCRYPTION_KEY', 'HASH_SECRET'] as const;

export const securityConfig = defineConfig('security', SecurityConfig, (env: Env) => {
  const production = env.NODE_ENV?.trim() === 'production';
  const provided = (name: (typeof REQUIRED_IN_PRODUCTION)[number]): string | undefined => {
    const value = env[name]?.trim();
    if (!value) return undefined;
    if (isPlaceholderSecret(value)) {
      if (production) {
        throw new ConfigError(
          `${name} is a placeholder value; set a real secret before starting with NODE_ENV=production`,
        );
      }
      return undefined;
    }
    return value;
  };
  let sessionSecret = provided('SESSION_SECRET');
  let encryptionKey = provided('ENCRYPTION_KEY');
  let hashSecret = provided('HASH_SECRET');
  let generated = false;
  if (production) {
    const missing = REQUIRED_IN_PRODUCTION.filter((name) => !env[name]?.trim());
    if (missing.length > 0) {
      throw new ConfigError(
        `${missing.join(', ')} must be set when NODE_ENV=production ` +
          '(see docs/configuration.md; secrets are only generated outside production)',
      );
    }
  } else if (!sessionSecret || !encryptionKey || !hashSecret) {
    const secrets = loadOrCreateSecrets(resolveDataDir(env));
    sessionSecret ??= secrets.sessionSecret;
    encryptionKey ??= secrets.encryptionKey;
    hashSecret ??= secrets.hashSecret;
    generated = true;
  }
  if (sessionSecret!.length < 32) {
    throw new ConfigError('SESSION_SECRET must be at least 32 characters');
  }
  if (hashSecret!.length < 32) {
    throw new ConfigError('HASH_SECRET must be at least 32 characters');
  }
  return {
    sessionSecret,
    encryptionKeys: parseEncryptionKeys(encryptionKey!),
    hashSecret,
    sessionTtlSeconds: envInt(env.SESSION_TTL_SECONDS, 14 * 24 * 3600),
    sessionRenewBelowSeconds: envInt(env.SESSION_RENEW_BELOW_SECONDS, 7 * 24 * 3600),
    generated,
  };
});
