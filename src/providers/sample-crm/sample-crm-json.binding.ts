import type { SampleCrmConfig } from '../../config/sample-crm.config.js';
import { DeclarativeProvider } from '../declarative/declarative.provider.js';
import { resolveDefinition } from '../declarative/declarative-loader.js';
import type { SampleCrmEndpoint } from './sample-crm-endpoint.js';
import sampleCrmJson from './sample-crm.json' with { type: 'json' };

/** Where the sample CRM's JSON twin lives, for messages and docs. */
export const SAMPLE_CRM_JSON_FILE = 'src/providers/sample-crm/sample-crm.json';

/**
 * The sample CRM bound a second time, by its JSON file alone: platform `sample-crm-json`, OAuth 2.0.
 * The file names the sample CRM's settings as environment variables; they are filled in from the
 * effective sample-CRM settings, because the in-process CRM's address is only known once it listens.
 */
export function sampleCrmJsonProvider(
  endpoint: SampleCrmEndpoint,
  config: SampleCrmConfig,
): DeclarativeProvider {
  const publicUrl = config.publicUrl ?? endpoint.baseUrl;
  const resolved = resolveDefinition(sampleCrmJson, SAMPLE_CRM_JSON_FILE, {
    SAMPLE_CRM_URL: endpoint.baseUrl,
    SAMPLE_CRM_PUBLIC_URL: publicUrl,
    SAMPLE_CRM_PUBLIC_HOST: new URL(publicUrl).host,
    SAMPLE_CRM_CLIENT_ID: config.clientId,
    SAMPLE_CRM_CLIENT_SECRET: config.clientSecret,
  });
  return new DeclarativeProvider(resolved);
}
