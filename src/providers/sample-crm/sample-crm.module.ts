import { Module } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../../config/sample-crm.config.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
import { SampleCrmApiKeyProvider } from './sample-crm-api-key.provider.js';
import { SampleCrmEndpoint } from './sample-crm-endpoint.js';
import { sampleCrmJsonProvider } from './sample-crm-json.binding.js';
import { SampleCrmProvider } from './sample-crm.provider.js';

/** The sample CRM's bindings (OAuth, API key and its JSON twin), as one list. */
export const SAMPLE_CRM_PROVIDERS = Symbol('SAMPLE_CRM_PROVIDERS');

/**
 * The sample CRM (examples/sample-crm) bound three ways: `sample-crm`, `sample-crm-apikey` and
 * `sample-crm-json`. ProvidersModule imports it only when SAMPLE_CRM is on.
 */
@Module({
  providers: [
    {
      provide: SampleCrmEndpoint,
      inject: [sampleCrmConfig.KEY],
      useFactory: (config: SampleCrmConfig) => SampleCrmEndpoint.of(config),
    },
    SampleCrmProvider,
    SampleCrmApiKeyProvider,
    {
      provide: SAMPLE_CRM_PROVIDERS,
      inject: [SampleCrmProvider, SampleCrmApiKeyProvider, SampleCrmEndpoint, sampleCrmConfig.KEY],
      useFactory: (
        oauth: SampleCrmProvider,
        apiKey: SampleCrmApiKeyProvider,
        endpoint: SampleCrmEndpoint,
        config: SampleCrmConfig,
      ): CrmProvider[] => [oauth, apiKey, sampleCrmJsonProvider(endpoint, config)],
    },
  ],
  exports: [SAMPLE_CRM_PROVIDERS],
})
export class SampleCrmModule {}
