import type { CrmProvider } from '../crm/crm-provider.js';

/** The feature-discovery map: every key present, computed from the provider. */
export function implementedInterfaces(provider: CrmProvider): Record<string, boolean> {
  return {
    getAuthType: true,
    getOauthInfo: provider.auth.type !== 'apiKey',
    getBasicAuth: provider.auth.type === 'apiKey',
    getUserInfo: true,
    unAuthorize: true,
    authValidation: true,
    refreshUserInfo: true,
    // Served for every provider: those without licensing report `Basic`.
    getLicenseStatus: true,
    findContact: true,
    createContact: typeof provider.createContact === 'function',
    findContactWithName: typeof provider.findContactsByName === 'function',
    createCallLog: true,
    updateCallLog: true,
    getCallLog: true,
    upsertCallDisposition: typeof provider.upsertCallDisposition === 'function',
    getLogFormatType: true,
    cacheCallNote: true,
    createMessageLog: true,
    updateMessageLog: true,
    getUserList: typeof provider.getUserList === 'function',
    getManagedAuthOptions: false,
    listAppointments: typeof provider.listAppointments === 'function',
    createAppointment: typeof provider.createAppointment === 'function',
    updateAppointment: typeof provider.updateAppointment === 'function',
    refreshAppointment: typeof provider.refreshAppointment === 'function',
    confirmAppointment: typeof provider.confirmAppointment === 'function',
    cancelAppointment: typeof provider.cancelAppointment === 'function',
    // Not in the official map (its client learns keys from the manifest's accountDataKey fields).
    accountData:
      typeof provider.loadAccountData === 'function' &&
      (provider.accountData?.keys.length ?? 0) > 0,
  };
}
