import { appConfig } from '../../src/config/app.config.js';
import { ConfigError } from '../../src/config/define-config.js';
import { EMBEDDABLE_REDIRECT_URI } from '../../src/config/oauth.config.js';
import { sampleCrmConfig } from '../../src/config/sample-crm.config.js';
import { startSampleCrm, type RunningSampleCrm } from './sample-crm.js';

/**
 * The sample CRM beside crm-bridge, in this process on SAMPLE_CRM_PORT, for `env`: started only
 * when SAMPLE_CRM is on and SAMPLE_CRM_URL names none; then SAMPLE_CRM_URL is set to it. Used by
 * `npm start` (start-with-bridge.ts) and the provider kit.
 */
export async function startSampleCrmFor(
  env: Record<string, string | undefined>,
  { lazyOAuth = false } = {},
): Promise<RunningSampleCrm | undefined> {
  let config;
  let app;
  try {
    config = sampleCrmConfig.read(env);
    app = appConfig.read(env);
  } catch (error) {
    // The server reports a configuration mistake itself, one line each.
    if (error instanceof ConfigError) return undefined;
    throw error;
  }
  if (!config.enabled || config.url) return undefined;
  const crm = await startSampleCrm({
    port: config.port,
    publicUrl: config.publicUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    lazyOAuth,
    redirectUris: [
      EMBEDDABLE_REDIRECT_URI,
      `${app.publicUrl}/auth/sample-crm/callback`,
      `${app.publicUrl}/auth/sample-crm-json/callback`,
    ],
  });
  env.SAMPLE_CRM_URL = crm.url;
  return crm;
}
