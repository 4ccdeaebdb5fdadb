import { Global, Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import { CrmContextFactory } from './crm-context.factory.js';
import { CrmRegistry } from './crm-registry.service.js';

/** The seam: the registry over every bound provider, the shared call policies, the context factory. */
@Global()
@Module({
  imports: [ProvidersModule],
  providers: [CrmRegistry, CrmCallPolicies, CrmContextFactory],
  exports: [CrmRegistry, CrmContextFactory],
})
export class CrmModule {}
