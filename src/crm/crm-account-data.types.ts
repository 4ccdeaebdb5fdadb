/** The account data a provider can load for GET /accountData (docs/providers.md, Account data). */
export interface CrmAccountDataDeclaration {
  /** The keys `loadAccountData` answers; any other key is refused with a 400. */
  readonly keys: readonly string[];
  /** How long a loaded value is served; default ACCOUNT_DATA_TTL_SECONDS. */
  readonly ttlSeconds?: number;
  /**
   * Who shares a loaded value: every user on the same CRM hostname (default), or each user alone,
   * for a CRM whose one hostname serves several accounts.
   */
  readonly sharedBy?: 'hostname' | 'user';
}
