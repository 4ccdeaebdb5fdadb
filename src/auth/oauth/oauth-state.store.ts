import type { HttpRequest } from '../../common/http/http-types.js';
import { createHash, randomBytes } from 'node:crypto';
import { LessThan, type Repository } from 'typeorm';
import type { CredentialVault } from '../credential-vault.service.js';
import type { OAuthStateSigner, SignedStatePayload } from './oauth-state-signer.js';
import { OAuthStateEntity } from './oauth-state.entity.js';

/** The account's managed client a sign-in uses instead of the platform's. */
export interface StateClient {
  accountKey: string;
  source: 'account' | 'pending';
  clientId: string;
}

export interface VerifiedState {
  platform: string;
  hostname: string;
  client?: StateClient;
}

export type StateToStore = VerifiedState;

/** Binds a state to the account whose client it uses (a short digest: the state stays small). */
export const accountTag = (accountKey: string) =>
  createHash('sha256').update(accountKey).digest('base64url').slice(0, 22);

interface StoreMeta {
  callbackURL?: string;
}

type StoreCallback = (error: Error | null, state?: string) => void;
type VerifyCallback = (
  error: Error | null,
  ok: string | boolean,
  info?: VerifiedState | { message: string },
) => void;

/** passport-oauth2's state store: signed, expiring, bound to platform and host, single use. */
export class OAuthStateStore {
  constructor(
    private readonly platform: string,
    private readonly states: Repository<OAuthStateEntity>,
    private readonly signer: OAuthStateSigner,
    private readonly vault: CredentialVault,
    private readonly ttlSeconds: number,
  ) {}

  // Arity 5 tells passport-oauth2 to hand us the PKCE verifier and our own state object.
  store(
    _req: HttpRequest,
    verifier: string | undefined,
    state: StateToStore,
    meta: StoreMeta,
    done: StoreCallback,
  ): void {
    this.create(verifier, state, meta).then(
      (signed) => done(null, signed),
      (error: Error) => done(error),
    );
  }

  verify(_req: HttpRequest, provided: string, meta: StoreMeta, done: VerifyCallback): void {
    this.consume(provided, meta).then(
      (result) =>
        result.ok
          ? done(null, result.verifier, result.state)
          : done(null, false, { message: result.reason }),
      (error: Error) => done(error, false),
    );
  }

  private async create(
    verifier: string | undefined,
    state: StateToStore,
    meta: StoreMeta,
  ): Promise<string> {
    const now = Date.now();
    const nonce = randomBytes(16).toString('base64url');
    const expiresAt = new Date(now + this.ttlSeconds * 1000);
    await this.states.delete({ expiresAt: LessThan(new Date(now)) });
    await this.states.insert({
      nonce,
      platform: this.platform,
      hostname: state.hostname,
      redirectUri: meta.callbackURL ?? '',
      codeVerifier: verifier ? this.vault.encrypt(verifier, nonce, 'codeVerifier') : null,
      accountKey: state.client?.accountKey ?? null,
      clientSource: state.client?.source ?? null,
      clientId: state.client?.clientId ?? null,
      expiresAt,
    });
    return this.signer.sign({
      p: this.platform,
      h: state.hostname,
      n: nonce,
      e: Math.floor(expiresAt.getTime() / 1000),
      ...(state.client && { a: accountTag(state.client.accountKey) }),
    });
  }

  private async consume(
    provided: string,
    meta: StoreMeta,
  ): Promise<
    { ok: true; verifier: string | true; state: VerifiedState } | { ok: false; reason: string }
  > {
    const payload = this.signer.verify(provided);
    if (!payload || payload.p !== this.platform) return { ok: false, reason: 'invalid state' };
    if (payload.e * 1000 <= Date.now()) return { ok: false, reason: 'expired state' };
    const row = await this.states.findOneBy({ nonce: payload.n });
    const claimed = row ? (await this.states.delete({ nonce: payload.n })).affected === 1 : false;
    if (!row || !claimed) return { ok: false, reason: 'state already used' };
    if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: 'expired state' };
    if (
      row.platform !== payload.p ||
      row.hostname !== payload.h ||
      row.redirectUri !== (meta.callbackURL ?? '') ||
      payload.a !== (row.accountKey === null ? undefined : accountTag(row.accountKey))
    ) {
      return { ok: false, reason: 'state does not match this request' };
    }
    const verifier = row.codeVerifier
      ? this.vault.decrypt(row.codeVerifier, row.nonce, 'codeVerifier')
      : true;
    return {
      ok: true,
      verifier,
      state: { platform: row.platform, hostname: row.hostname, client: clientOf(row) },
    };
  }

  /** The managed client a signed state names, read without using the state up. */
  async clientOf(payload: SignedStatePayload): Promise<StateClient | undefined> {
    if (payload.a === undefined) return undefined;
    const row = await this.states.findOneBy({ nonce: payload.n });
    const client = row ? clientOf(row) : undefined;
    return client && accountTag(client.accountKey) === payload.a ? client : undefined;
  }
}

function clientOf(row: OAuthStateEntity): StateClient | undefined {
  return row.accountKey && row.clientSource && row.clientId
    ? { accountKey: row.accountKey, source: row.clientSource, clientId: row.clientId }
    : undefined;
}
