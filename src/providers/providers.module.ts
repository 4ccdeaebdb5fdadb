import { Module } from '@nestjs/common';
import { appConfig, type AppConfig } from '../config/app.config.js';
import { sampleCrmConfig, type SampleCrmConfig } from '../config/sample-crm.config.js';
import { CRM_PROVIDERS, type CrmProvider } from '../crm/crm-provider.interface.js';
import { SampleCrmApiKeyProvider } from './sample-crm/sample-crm-api-key.provider.js';
import { SampleCrmServerHost } from './sample-crm/sample-crm-server.host.js';
import { SampleCrmProvider } from './sample-crm/sample-crm.provider.js';

/** Every CRM provider class that can be bound. Binding a CRM is one line here. */
const PROVIDER_CLASSES = [SampleCrmProvider, SampleCrmApiKeyProvider];

@Module({
  providers: [
    {
      provide: SampleCrmServerHost,
      inject: [sampleCrmConfig.KEY, appConfig.KEY],
      useFactory: (config: SampleCrmConfig, app: AppConfig) =>
        SampleCrmServerHost.start(config, app),
    },
    ...PROVIDER_CLASSES,
    {
      provide: CRM_PROVIDERS,
      inject: PROVIDER_CLASSES,
      useFactory: (...providers: CrmProvider[]) => providers.filter((p) => p.enabled !== false),
    },
  ],
  exports: [CRM_PROVIDERS],
})
export class ProvidersModule {}
