import {
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  Max,
  Min,
} from 'class-validator';
import { defineConfig, envBool, envInt } from './define-config.js';

export class SampleCrmConfig {
  @IsBoolean({ message: 'SAMPLE_CRM must be true or false' })
  enabled: boolean;

  @IsInt({ message: 'SAMPLE_CRM_PORT must be an integer' })
  @Min(0)
  @Max(65535)
  port: number;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'SAMPLE_CRM_URL must be an http(s) URL' },
  )
  url?: string;

  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'SAMPLE_CRM_PUBLIC_URL must be an http(s) URL' },
  )
  publicUrl?: string;

  @IsString()
  @IsNotEmpty({ message: 'SAMPLE_CRM_CLIENT_ID must not be empty' })
  clientId: string;

  @IsString()
  @IsNotEmpty({ message: 'SAMPLE_CRM_CLIENT_SECRET must not be empty' })
  clientSecret: string;

  @IsInt({ message: 'SAMPLE_CRM_ACCESS_TOKEN_TTL must be an integer' })
  @Min(1, { message: 'SAMPLE_CRM_ACCESS_TOKEN_TTL must be at least 1' })
  accessTokenTtlSeconds: number;

  @IsIn(['text/plain', 'text/html', 'text/markdown'], {
    message: 'SAMPLE_CRM_LOG_FORMAT must be text/plain, text/html or text/markdown',
  })
  logFormat: 'text/plain' | 'text/html' | 'text/markdown';
}

export const sampleCrmConfig = defineConfig('sampleCrm', SampleCrmConfig, (env) => ({
  enabled: envBool(env.SAMPLE_CRM, true),
  port: envInt(env.SAMPLE_CRM_PORT, 3100),
  url: env.SAMPLE_CRM_URL?.trim().replace(/\/+$/, '') || undefined,
  publicUrl: env.SAMPLE_CRM_PUBLIC_URL?.trim().replace(/\/+$/, '') || undefined,
  clientId: env.SAMPLE_CRM_CLIENT_ID?.trim() || 'crm-bridge',
  clientSecret: env.SAMPLE_CRM_CLIENT_SECRET?.trim() || 'crm-bridge-secret',
  accessTokenTtlSeconds: envInt(env.SAMPLE_CRM_ACCESS_TOKEN_TTL, 3600),
  logFormat: env.SAMPLE_CRM_LOG_FORMAT?.trim() || 'text/plain',
}));
