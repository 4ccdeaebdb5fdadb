import { IsBoolean, IsInt, Max, Min } from 'class-validator';
import { defineConfig, envBool, envInt } from './define-config.js';

/** Inbound rate limits: requests per window, per key. */
export class RateLimitConfig {
  @IsBoolean({ message: 'RATE_LIMIT must be true or false' })
  enabled: boolean;

  @IsInt({ message: 'RATE_LIMIT_WINDOW_SECONDS must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_WINDOW_SECONDS must be at least 1' })
  @Max(86400, { message: 'RATE_LIMIT_WINDOW_SECONDS must be at most 86400' })
  windowSeconds: number;

  @IsInt({ message: 'RATE_LIMIT_PER_IP must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_PER_IP must be at least 1' })
  perIp: number;

  @IsInt({ message: 'RATE_LIMIT_PER_USER must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_PER_USER must be at least 1' })
  perUser: number;

  @IsInt({ message: 'RATE_LIMIT_LOGIN_PER_IP must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_LOGIN_PER_IP must be at least 1' })
  loginPerIp: number;

  @IsInt({ message: 'RATE_LIMIT_LOGIN_PER_PLATFORM must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_LOGIN_PER_PLATFORM must be at least 1' })
  loginPerPlatform: number;

  @IsInt({ message: 'RATE_LIMIT_USER_INFO_HASH_PER_IP must be an integer' })
  @Min(1, { message: 'RATE_LIMIT_USER_INFO_HASH_PER_IP must be at least 1' })
  userInfoHashPerIp: number;
}

export const rateLimitConfig = defineConfig('rateLimit', RateLimitConfig, (env) => ({
  enabled: envBool(env.RATE_LIMIT, true),
  windowSeconds: envInt(env.RATE_LIMIT_WINDOW_SECONDS, 60),
  perIp: envInt(env.RATE_LIMIT_PER_IP, 1200),
  perUser: envInt(env.RATE_LIMIT_PER_USER, 600),
  loginPerIp: envInt(env.RATE_LIMIT_LOGIN_PER_IP, 30),
  loginPerPlatform: envInt(env.RATE_LIMIT_LOGIN_PER_PLATFORM, 300),
  userInfoHashPerIp: envInt(env.RATE_LIMIT_USER_INFO_HASH_PER_IP, 60),
}));
