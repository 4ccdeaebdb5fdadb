import { Module } from '@nestjs/common';
import { sampleCrmConfig, type SampleCrmConfig } from '../config/sample-crm.config.js';
import { CRM_PROVIDERS, type CrmProvider } from '../crm/crm-provider.interface.js';
import { SampleCrmServerHost } from './sample-crm/sample-crm-server.host.js';
import { SampleCrmProvider } from './sample-crm/sample-crm.provider.js';

/** Every CRM provider class that can be bound. Binding a CRM is one line here. */
const PROVIDER_CLASSES = [SampleCrmProvider];

@Module({
  providers: [
    {
      provide: SampleCrmServerHost,
      inject: [sampleCrmConfig.KEY],
      useFactory: (config: SampleCrmConfig) => SampleCrmServerHost.start(config),
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
