import { IsBoolean } from 'class-validator';
import { defineConfig, envBool } from './define-config.js';

export class CrmHostsConfig {
  @IsBoolean({ message: 'ALLOW_PRIVATE_CRM_HOSTS must be true or false' })
  allowPrivateHosts: boolean;
}

export const crmHostsConfig = defineConfig('crmHosts', CrmHostsConfig, (env) => ({
  // Local development and tests run CRMs on loopback; production refuses them unless told.
  allowPrivateHosts: envBool(env.ALLOW_PRIVATE_CRM_HOSTS, env.NODE_ENV?.trim() !== 'production'),
}));
