import { jest } from '@jest/globals';
import type { HttpRequest } from '../common/http/http-types.js';
import jwt from 'jsonwebtoken';
import { SessionTokenReader, sessionTokenOf } from './session-token-reader.service.js';

const SECRET = 'a-session-secret-of-enough-length-0123456789';

function token(claims: object, secret = SECRET, options: jwt.SignOptions = {}): string {
  return jwt.sign(claims, secret, { algorithm: 'HS256', expiresIn: 3600, ...options });
}

function requestWith(
  headers: Record<string, string>,
  query: Record<string, unknown> = {},
): HttpRequest {
  return { headers, query } as unknown as HttpRequest;
}

const claims = { sub: 'user-1', plt: 'sample-crm', ver: 2 };

describe('sessionTokenOf', () => {
  it('prefers the Authorization bearer token over the jwtToken query parameter', () => {
    const req = requestWith({ authorization: 'Bearer from-header' }, { jwtToken: 'from-query' });
    expect(sessionTokenOf(req)).toBe('from-header');
  });

  it('falls back to the query parameter and ignores other schemes and empty values', () => {
    expect(sessionTokenOf(requestWith({ authorization: 'Basic abc' }, { jwtToken: 'q' }))).toBe(
      'q',
    );
    expect(sessionTokenOf(requestWith({}, { jwtToken: '' }))).toBeUndefined();
    expect(sessionTokenOf(requestWith({}, { jwtToken: ['a', 'b'] }))).toBeUndefined();
  });
});

describe('SessionTokenReader', () => {
  const reader = new SessionTokenReader({ sessionSecret: SECRET });

  it('returns the claims of a token signed with the secret', () => {
    expect(reader.verify(token(claims))).toMatchObject(claims);
  });

  it.each([
    ['another secret', () => token(claims, 'another-secret-of-enough-length-0123456789')],
    ['expired', () => token(claims, SECRET, { expiresIn: -10 })],
    ['without exp', () => jwt.sign(claims, SECRET, { algorithm: 'HS256' })],
    ['without ver', () => token({ sub: 'user-1', plt: 'sample-crm' })],
    ['HS512', () => token(claims, SECRET, { algorithm: 'HS512' })],
    ['alg none', () => jwt.sign(claims, '', { algorithm: 'none', expiresIn: 3600 })],
    ['garbage', () => 'not.a.token'],
  ])('refuses a token %s', (_label, make) => {
    expect(reader.verify(make())).toBeNull();
  });

  it('verifies once per request and shares the answer', () => {
    const req = requestWith({ authorization: `Bearer ${token(claims)}` });
    const first = reader.claimsOf(req);
    expect(first).toMatchObject(claims);
    req.headers.authorization = 'Bearer garbage';
    expect(reader.claimsOf(req)).toBe(first);
  });

  it('stops accepting a token it has checked before once the token expires', () => {
    const start = Date.parse('2026-06-01T00:00:00Z');
    jest.useFakeTimers({ now: start });
    try {
      const shortLived = token(claims, SECRET, { expiresIn: 60 });
      expect(reader.verify(shortLived)).toMatchObject(claims);
      jest.setSystemTime(start + 30_000);
      expect(reader.verify(shortLived)).toMatchObject(claims);
      jest.setSystemTime(start + 61_000);
      expect(reader.verify(shortLived)).toBeNull();
    } finally {
      jest.useRealTimers();
    }
  });
});
