import { Global, Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { CrmContextFactory } from './crm-context.factory.js';
import { CrmRegistry } from './crm-registry.service.js';

/** The seam: the registry over every bound provider, and the context factory. */
@Global()
@Module({
  imports: [ProvidersModule],
  providers: [CrmRegistry, CrmContextFactory],
  exports: [CrmRegistry, CrmContextFactory],
})
export class CrmModule {}
