import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

/** What a signed OAuth state carries (kept short: the whole state stays under 200 characters). */
export interface SignedStatePayload {
  p: string;
  h: string;
  /** The key of the server-side row (single use, PKCE verifier). */
  n: string;
  e: number;
  /** A managed sign-in: a digest of the account (RcIdHasher) whose client it uses. */
  a?: string;
}

/** Signed OAuth `state` values, under a key of their own (never valid as a session token). */
export class OAuthStateSigner {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'crm-bridge', 'oauth-state-v1', 32));
  }

  sign(payload: SignedStatePayload): string {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  verify(state: unknown): SignedStatePayload | undefined {
    if (typeof state !== 'string' || state.length > 512) return undefined;
    const [body, mac, extra] = state.split('.');
    if (!body || !mac || extra !== undefined) return undefined;
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(mac);
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const payload = JSON.parse(
        Buffer.from(body, 'base64url').toString('utf8'),
      ) as SignedStatePayload;
      const valid =
        typeof payload.p === 'string' &&
        typeof payload.h === 'string' &&
        typeof payload.n === 'string' &&
        typeof payload.e === 'number' &&
        (payload.a === undefined || typeof payload.a === 'string');
      return valid ? payload : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
