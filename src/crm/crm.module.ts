import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import { CrmContextFactory } from './crm-context.factory.js';
import { CrmRegistry } from './crm-registry.service.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';
import { HostResolver } from './hosts/host-resolver.js';

/**
 * The seam: the registry over every bound provider, the shared call policies, the context factory
 * and the host policy. The providers come from `adapters`, a module that exports CRM_PROVIDERS,
 * chosen by the app module: the seam never imports them.
 */
@Global()
@Module({})
export class CrmModule {
  static forProviders(adapters: Type | DynamicModule): DynamicModule {
    return {
      module: CrmModule,
      imports: [adapters],
      providers: [CrmRegistry, CrmCallPolicies, CrmContextFactory, CrmHostPolicy, HostResolver],
      exports: [CrmRegistry, CrmCallPolicies, CrmContextFactory, CrmHostPolicy],
    };
  }
}
