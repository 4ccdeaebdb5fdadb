import { Inject, Injectable } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../../config/sample-crm.config.js';
import type { ApiKeyAuth } from '../../crm/crm-auth.types.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { SampleCrmBaseProvider } from './sample-crm-base.provider.js';
import { SampleCrmEndpoint } from './sample-crm-endpoint.js';

/** The sample CRM signed into with an API key (`X-API-Key`), as platform `sample-crm-apikey`. */
@Injectable()
export class SampleCrmApiKeyProvider extends SampleCrmBaseProvider implements CrmProvider {
  readonly platform = 'sample-crm-apikey';
  readonly displayName = 'Sample CRM (API key)';
  readonly auth: ApiKeyAuth = {
    type: 'apiKey',
    placement: { in: 'header', name: 'X-API-Key' },
    page: {
      title: 'Sample CRM',
      content: [{ const: 'apiKey', title: 'API key', type: 'string', required: true }],
    },
  };

  constructor(endpoint: SampleCrmEndpoint, @Inject(sampleCrmConfig.KEY) config: SampleCrmConfig) {
    super(endpoint, config);
  }
}
