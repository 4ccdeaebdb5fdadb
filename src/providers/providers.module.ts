import { Module, type DynamicModule, type Type } from '@nestjs/common';
import type { SampleCrmConfig } from '../config/sample-crm.config.js';
import { CRM_PROVIDERS, type CrmProvider } from '../crm/crm-provider.js';
import {
  declarativeProvidersConfig,
  type DeclarativeProvidersConfig,
} from './declarative-providers.config.js';
import { DeclarativeProvider } from './declarative/declarative.provider.js';
import { SAMPLE_CRM_PROVIDERS, SampleCrmModule } from './sample-crm/sample-crm.module.js';

/** Every CRM provider class that can be bound. Binding a CRM is one line here. */
const PROVIDER_CLASSES: Type<CrmProvider>[] = [];

/** The choices ProvidersModule makes before the app starts, from the validated configuration. */
export interface ProvidersOptions {
  readonly sampleCrm: Pick<SampleCrmConfig, 'enabled'>;
}

/** The adapters, as CRM_PROVIDERS. The app module hands this module to CrmModule. */
@Module({})
export class ProvidersModule {
  static forConfig(options: ProvidersOptions): DynamicModule {
    return {
      module: ProvidersModule,
      imports: options.sampleCrm.enabled ? [SampleCrmModule] : [],
      providers: [
        ...PROVIDER_CLASSES,
        {
          provide: CRM_PROVIDERS,
          inject: [
            declarativeProvidersConfig.KEY,
            { token: SAMPLE_CRM_PROVIDERS, optional: true },
            ...PROVIDER_CLASSES,
          ],
          useFactory: (
            files: DeclarativeProvidersConfig,
            sampleCrm: CrmProvider[] | undefined,
            ...classes: CrmProvider[]
          ): CrmProvider[] => {
            const declarative = files.definitions.map((file) => new DeclarativeProvider(file));
            const bound: CrmProvider[] = [...(sampleCrm ?? []), ...classes, ...declarative];
            // A class may stay unbound until it is configured (e.g. until its URL is set).
            return bound.filter((provider) => provider.enabled !== false);
          },
        },
      ],
      exports: [CRM_PROVIDERS],
    };
  }
}
