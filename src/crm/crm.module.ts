import { Global, Module, type DynamicModule, type Type } from '@nestjs/common';
import { CrmCallPolicies } from './crm-call-policies.service.js';
import { CrmContextFactory } from './crm-context.factory.js';
import { CrmRegistry } from './crm-registry.service.js';
import { CrmHostPolicy } from './hosts/crm-host-policy.service.js';
import { HostResolver } from './hosts/host-resolver.js';

/** The seam; its providers come from `adapters` (exporting CRM_PROVIDERS), never imported here. */
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
