import type { SampleCrmConfig } from '../../config/sample-crm.config.js';
import { DeclarativeProvider } from '../declarative/declarative.provider.js';
import { resolveDefinition } from '../declarative/declarative-loader.js';
import type { SampleCrmEndpoint } from './sample-crm-endpoint.js';
import sampleCrmJson from './sample-crm.json' with { type: 'json' };

export const SAMPLE_CRM_JSON_FILE = 'src/providers/sample-crm/sample-crm.json';

/**
 * The sample CRM bound by its JSON file alone (`sample-crm-json`); its env names are filled from the
 * effective sample-CRM settings, since the in-process CRM's address is known only once it listens.
 */
export function sampleCrmJsonProvider(
  endpoint: SampleCrmEndpoint,
  config: SampleCrmConfig,
): DeclarativeProvider {
  const publicUrl = config.publicUrl ?? endpoint.baseUrl;
  const resolved = resolveDefinition(
    sampleCrmJson,
    SAMPLE_CRM_JSON_FILE,
    {
      SAMPLE_CRM_URL: endpoint.baseUrl,
      SAMPLE_CRM_PUBLIC_URL: publicUrl,
      SAMPLE_CRM_PUBLIC_HOST: new URL(publicUrl).host,
      SAMPLE_CRM_CLIENT_ID: config.clientId,
      SAMPLE_CRM_CLIENT_SECRET: config.clientSecret,
    },
    { bundled: true },
  );
  return new DeclarativeProvider(resolved);
}
