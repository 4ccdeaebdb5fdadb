import type { Adapter, AdapterPayload } from 'oidc-provider';

/** Models whose entries belong to a grant (oidc-provider's `grantId`) and die with it. */
const GRANTABLE = new Set([
  'AccessToken',
  'AuthorizationCode',
  'RefreshToken',
  'DeviceCode',
  'BackchannelAuthenticationRequest',
]);

/** Expired entries are swept after this many writes (they are also dropped when read). */
const SWEEP_EVERY = 500;

interface Entry {
  payload: AdapterPayload;
  /** Epoch ms; none for entries saved without an expiry. */
  expiresAt?: number;
}

/**
 * The OAuth server's state (grants, tokens, sessions, interactions) for one sample CRM, in memory:
 * the storage behind oidc-provider's adapter interface. Unlike oidc-provider's own development
 * adapter it is per CRM (not process-global), unbounded (no LRU eviction under load) and can
 * revoke everything an account was granted.
 */
export class OAuthStorage {
  private readonly entries = new Map<string, Entry>();
  /** grant id → keys of the entries issued under it. */
  private readonly grantKeys = new Map<string, Set<string>>();
  /** Session uid → the session's key; device-flow user code → its entry's key. */
  private readonly sessionKeysByUid = new Map<string, string>();
  private readonly keysByUserCode = new Map<string, string>();
  private writes = 0;

  /** The adapter oidc-provider uses for one model (`'AccessToken'`, `'Grant'`, `'Session'`…). */
  adapterFor(model: string): Adapter {
    const key = (id: string) => `${model}:${id}`;
    return {
      upsert: async (id, payload, expiresIn) => {
        this.set(key(id), payload, expiresIn);
        if (model === 'Session' && payload.uid) this.sessionKeysByUid.set(payload.uid, key(id));
        if (payload.userCode) this.keysByUserCode.set(payload.userCode, key(id));
        if (GRANTABLE.has(model) && payload.grantId) {
          const keys = this.grantKeys.get(payload.grantId) ?? new Set<string>();
          keys.add(key(id));
          this.grantKeys.set(payload.grantId, keys);
        }
      },
      find: async (id) => this.get(key(id)),
      findByUid: async (uid) => this.getByAlias(this.sessionKeysByUid, uid),
      findByUserCode: async (userCode) => this.getByAlias(this.keysByUserCode, userCode),
      consume: async (id) => {
        const payload = this.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      destroy: async (id) => {
        this.entries.delete(key(id));
      },
      revokeByGrantId: async (grantId) => this.revokeGrant(grantId),
    };
  }

  /**
   * Deletes every grant of the account and everything issued under them (access tokens, refresh
   * tokens, unused authorization codes), as when a CRM admin revokes an app's access: the next
   * refresh answers `invalid_grant` and the access tokens stop working at once. Sessions stay (the
   * user is still signed in to the CRM), but the next authorization asks for consent again.
   * Returns how many grants were revoked.
   */
  revokeAccount(accountId: string): number {
    let revoked = 0;
    for (const [key, entry] of this.entries) {
      if (key.startsWith('Grant:') && entry.payload.accountId === accountId) {
        this.revokeGrant(key.slice('Grant:'.length));
        revoked++;
      }
    }
    return revoked;
  }

  /** Forgets everything: every grant, token, session and interaction. */
  clear(): void {
    this.entries.clear();
    this.grantKeys.clear();
    this.sessionKeysByUid.clear();
    this.keysByUserCode.clear();
  }

  private revokeGrant(grantId: string): void {
    for (const key of this.grantKeys.get(grantId) ?? []) this.entries.delete(key);
    this.grantKeys.delete(grantId);
    this.entries.delete(`Grant:${grantId}`);
  }

  private set(key: string, payload: AdapterPayload, expiresIn: number | undefined): void {
    const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : undefined;
    this.entries.set(key, { payload, expiresAt });
    if (++this.writes % SWEEP_EVERY === 0) this.sweep();
  }

  private get(key: string): AdapterPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  private getByAlias(index: Map<string, string>, alias: string): AdapterPayload | undefined {
    const key = index.get(alias);
    return key === undefined ? undefined : this.get(key);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) this.entries.delete(key);
    }
    for (const [grantId, keys] of this.grantKeys) {
      for (const key of keys) if (!this.entries.has(key)) keys.delete(key);
      if (keys.size === 0 && !this.entries.has(`Grant:${grantId}`)) this.grantKeys.delete(grantId);
    }
    for (const index of [this.sessionKeysByUid, this.keysByUserCode]) {
      for (const [alias, key] of index) if (!this.entries.has(key)) index.delete(alias);
    }
  }
}
