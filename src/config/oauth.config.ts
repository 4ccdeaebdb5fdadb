import { ArrayNotEmpty, IsInt, IsUrl, Max, Min } from 'class-validator';
import { defineConfig, envInt } from './define-config.js';

/** The App Connect client finishes logins only on the RingCentral Embeddable redirect page. */
export const EMBEDDABLE_REDIRECT_URI =
  'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';

export class OAuthConfig {
  @ArrayNotEmpty({ message: 'OAUTH_REDIRECT_URIS must list at least one URL' })
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { each: true, message: 'OAUTH_REDIRECT_URIS entries must be http(s) URLs' },
  )
  redirectUris: string[];

  @IsInt({ message: 'OAUTH_STATE_TTL_SECONDS must be an integer' })
  @Min(30, { message: 'OAUTH_STATE_TTL_SECONDS must be at least 30' })
  @Max(3600, { message: 'OAUTH_STATE_TTL_SECONDS must be at most 3600' })
  stateTtlSeconds: number;

  @IsInt({ message: 'TOKEN_REFRESH_MARGIN_SECONDS must be an integer' })
  @Min(0, { message: 'TOKEN_REFRESH_MARGIN_SECONDS must not be negative' })
  refreshMarginSeconds: number;

  @IsInt({ message: 'TOKEN_REFRESH_WAIT_MS must be an integer' })
  @Min(100, { message: 'TOKEN_REFRESH_WAIT_MS must be at least 100' })
  refreshWaitMs: number;
}

export const oauthConfig = defineConfig('oauth', OAuthConfig, (env) => ({
  redirectUris: (env.OAUTH_REDIRECT_URIS?.trim() || EMBEDDABLE_REDIRECT_URI)
    .split(',')
    .map((uri) => uri.trim())
    .filter(Boolean),
  stateTtlSeconds: envInt(env.OAUTH_STATE_TTL_SECONDS, 600),
  refreshMarginSeconds: envInt(env.TOKEN_REFRESH_MARGIN_SECONDS, 120),
  refreshWaitMs: envInt(env.TOKEN_REFRESH_WAIT_MS, 20000),
}));
