import { Global, Module } from '@nestjs/common';
import { ProvidersModule } from '../providers/providers.module.js';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import { CrmContextFactory } from './crm-context.factory.js';
import { CrmRegistry } from './crm-registry.service.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';
import { HostResolver } from './hosts/host-resolver.js';

/**
 * The seam: the registry over every bound provider, the shared call policies, the context factory
 * and the host policy.
 */
@Global()
@Module({
  imports: [ProvidersModule],
  providers: [CrmRegistry, CrmCallPolicies, CrmContextFactory, CrmHostPolicy, HostResolver],
  exports: [CrmRegistry, CrmCallPolicies, CrmContextFactory, CrmHostPolicy],
})
export class CrmModule {}
