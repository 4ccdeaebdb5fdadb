import { Module } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../config/sample-crm.config.js';
import { CRM_PROVIDERS, type CrmProvider } from '../crm/crm-provider.js';
import {
  declarativeProvidersConfig,
  type DeclarativeProvidersConfig,
} from './declarative-providers.config.js';
import { DeclarativeProvider } from './declarative/declarative.provider.js';
import { SampleCrmApiKeyProvider } from './sample-crm/sample-crm-api-key.provider.js';
import { SampleCrmEndpoint } from './sample-crm/sample-crm-endpoint.js';
import { sampleCrmJsonProvider } from './sample-crm/sample-crm-json.binding.js';
import { SampleCrmProvider } from './sample-crm/sample-crm.provider.js';

/** Every CRM provider class that can be bound. Binding a CRM is one line here. */
const PROVIDER_CLASSES = [SampleCrmProvider, SampleCrmApiKeyProvider];

/** The declarative providers: one per JSON file (DECLARATIVE_PROVIDERS, and the sample CRM's twin). */
const DECLARATIVE_PROVIDERS = Symbol('DECLARATIVE_PROVIDERS');

/** The adapters, as CRM_PROVIDERS. The app module hands this module to CrmModule. */
@Module({
  providers: [
    {
      provide: SampleCrmEndpoint,
      inject: [sampleCrmConfig.KEY],
      useFactory: (config: SampleCrmConfig) => SampleCrmEndpoint.of(config),
    },
    ...PROVIDER_CLASSES,
    {
      provide: DECLARATIVE_PROVIDERS,
      inject: [declarativeProvidersConfig.KEY, SampleCrmEndpoint, sampleCrmConfig.KEY],
      useFactory: (
        files: DeclarativeProvidersConfig,
        sampleCrm: SampleCrmEndpoint,
        sampleConfig: SampleCrmConfig,
      ): CrmProvider[] => [
        ...(sampleConfig.enabled ? [sampleCrmJsonProvider(sampleCrm, sampleConfig)] : []),
        ...files.definitions.map((definition) => new DeclarativeProvider(definition)),
      ],
    },
    {
      provide: CRM_PROVIDERS,
      inject: [DECLARATIVE_PROVIDERS, ...PROVIDER_CLASSES],
      useFactory: (declarative: CrmProvider[], ...providers: CrmProvider[]) =>
        [...providers, ...declarative].filter((p) => p.enabled !== false),
    },
  ],
  exports: [CRM_PROVIDERS],
})
export class ProvidersModule {}
