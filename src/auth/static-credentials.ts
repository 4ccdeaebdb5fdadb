import type { CrmCredentials, CredentialSource } from '../crm/crm-http-client.js';

/** Credentials that cannot be refreshed: an API key, or a token being validated at login. */
export function staticCredentials(credentials: CrmCredentials): CredentialSource {
  return { current: async () => credentials };
}
