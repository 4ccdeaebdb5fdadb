import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

/** The RingCentral platform API that vouches for the client's RingCentral access tokens. */
export class RingCentralConfig {
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: 'RINGCENTRAL_SERVER must be an http(s) URL' },
  )
  server: string;

  @IsInt({ message: 'RINGCENTRAL_TIMEOUT_MS must be an integer' })
  @Min(100, { message: 'RINGCENTRAL_TIMEOUT_MS must be at least 100' })
  @Max(60_000, { message: 'RINGCENTRAL_TIMEOUT_MS must be at most 60000' })
  timeoutMs: number;

  @IsInt({ message: 'RINGCENTRAL_IDENTITY_TTL_SECONDS must be an integer' })
  @Min(0, { message: 'RINGCENTRAL_IDENTITY_TTL_SECONDS must not be negative' })
  @Max(3600, { message: 'RINGCENTRAL_IDENTITY_TTL_SECONDS must be at most 3600' })
  identityTtlSeconds: number;
}

export const ringCentralConfig = defineConfig('ringCentral', RingCentralConfig, (env) => ({
  server: env.RINGCENTRAL_SERVER?.trim().replace(/\/+$/, '') || 'https://platform.ringcentral.com',
  timeoutMs: envInt(env.RINGCENTRAL_TIMEOUT_MS, 5000),
  identityTtlSeconds: envInt(env.RINGCENTRAL_IDENTITY_TTL_SECONDS, 60),
}));
