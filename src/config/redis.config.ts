import { IsOptional, IsString, Matches } from 'class-validator';
import { defineConfig } from './define-config.js';

export class RedisConfig {
  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  url?: string;

  @IsString()
  @Matches(/^[\w:.-]{1,64}$/, {
    message: 'REDIS_KEY_PREFIX must be 1-64 letters, digits, and _ : . -',
  })
  keyPrefix: string;
}

export const redisConfig = defineConfig('redis', RedisConfig, (env) => ({
  url: env.REDIS_URL?.trim() || undefined,
  keyPrefix: env.REDIS_KEY_PREFIX?.trim() || 'crm-bridge:',
}));
