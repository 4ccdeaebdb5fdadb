import { createHmac, timingSafeEqual } from 'node:crypto';

/** crm-bridge's session token (src/auth/session-token.service.ts): an HS256 JWT over these claims. */
export interface SessionClaims {
  sub: string;
  plt: string;
  ver: number;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

const mac = (secret: string, signed: string) =>
  createHmac('sha256', secret).update(signed).digest();

export function signSessionToken(claims: SessionClaims, secret: string): string {
  const signed = `${HEADER}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${mac(secret, signed).toString('base64url')}`;
}

/** The claims of a well-formed, correctly signed, unexpired HS256 token; null for anything else. */
export function verifySessionToken(
  token: string,
  secret: string,
  now = Date.now(),
): SessionClaims | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  const given = Buffer.from(parts[2], 'base64url');
  const expected = mac(secret, `${parts[0]}.${parts[1]}`);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString()) as { alg?: unknown };
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString()) as SessionClaims;
    if (header.alg !== 'HS256') return null;
    if (typeof claims.sub !== 'string' || typeof claims.plt !== 'string') return null;
    if (typeof claims.ver !== 'number' || typeof claims.exp !== 'number') return null;
    return claims.exp * 1000 > now ? claims : null;
  } catch {
    return null;
  }
}
