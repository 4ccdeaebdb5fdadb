import type { CrmProvider } from '../crm/crm-provider.interface.js';

/** The feature-discovery map (client-contract §7): every key present, computed from the provider. */
export function implementedInterfaces(provider: CrmProvider): Record<string, boolean> {
  return {
    getAuthType: true,
    getOauthInfo: provider.auth.type !== 'apiKey',
    getBasicAuth: provider.auth.type === 'apiKey',
    getUserInfo: true,
    unAuthorize: true,
    authValidation: true,
    refreshUserInfo: false,
    getLicenseStatus: false,
    findContact: true,
    createContact: typeof provider.createContact === 'function',
    findContactWithName: typeof provider.findContactsByName === 'function',
    createCallLog: true,
    updateCallLog: true,
    getCallLog: true,
    upsertCallDisposition: false,
    getLogFormatType: true,
    cacheCallNote: false,
    createMessageLog: false,
    updateMessageLog: false,
    getUserList: false,
    getManagedAuthOptions: false,
    listAppointments: false,
    createAppointment: false,
    updateAppointment: false,
    refreshAppointment: false,
    confirmAppointment: false,
    cancelAppointment: false,
  };
}
