import type { CrmHttpClient } from './crm-http-client.js';

/** The signed-in CRM user a request runs for (never carries credentials). */
export interface CrmUserRef {
  readonly id: string;
  readonly platform: string;
  readonly hostname: string;
  readonly crmUserId: string;
  readonly name: string;
  readonly timezone: string | null;
}

/** What a provider method gets: the user (absent at login) and a client with their credentials. */
export interface CrmContext {
  readonly platform: string;
  readonly hostname: string;
  readonly user?: CrmUserRef;
  readonly http: CrmHttpClient;
}
