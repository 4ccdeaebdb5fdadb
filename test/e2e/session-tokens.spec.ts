import { createHmac } from 'node:crypto';
import { loginWithApiKey } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const SESSION_TEXT = 'Please go to Settings and authorize CRM platform';

describe('session tokens: lifetime, sliding renewal, and tokens that must be refused', () => {
  let t: TestApp;
  const secret = 'a-session-secret-for-tests-only-0123456789';

  beforeAll(async () => {
    // Tokens live an hour and are renewed once less than 3599 s are left: any use a second later.
    t = await startTestApp({
      env: {
        SESSION_SECRET: secret,
        SESSION_TTL_SECONDS: '3600',
        SESSION_RENEW_BELOW_SECONDS: '3599',
      },
    });
  });
  afterAll(() => t.close());

  const claimsOf = (jwt: string) =>
    JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());
  const sign = (header: object, claims: object, key = secret) => {
    const unsigned = `${b64(header)}.${b64(claims)}`;
    return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
  };

  it('issues tokens with the configured lifetime, and renews them through x-refreshed-jwt-token', async () => {
    const token = await loginWithApiKey(t.http, 'alice');
    const claims = claimsOf(token);
    expect(claims.exp - claims.iat).toBe(3600);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const res = await t.http.get(`/hostname?jwtToken=${token}`).expect(200);
    const renewed = res.headers['x-refreshed-jwt-token'];
    expect(renewed).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(claimsOf(renewed).exp).toBeGreaterThan(claims.exp);
    // Both the old and the new token work (in-flight requests must not fail).
    await t.http.get('/hostname').set('authorization', `Bearer ${renewed}`).expect(200);
    await t.http.get(`/hostname?jwtToken=${token}`).expect(200);
  });

  it.each([
    ['alg none', (c: object) => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(c)}.`],
    [
      'another algorithm (HS512)',
      (c: object) => {
        const unsigned = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(c)}`;
        return `${unsigned}.${createHmac('sha512', secret).update(unsigned).digest('base64url')}`;
      },
    ],
    [
      'a wrong key',
      (c: object) =>
        sign({ alg: 'HS256', typ: 'JWT' }, c, 'another-secret-of-the-same-length-012345678'),
    ],
    [
      'an expired token',
      (c: object) => sign({ alg: 'HS256', typ: 'JWT' }, { ...c, iat: 1, exp: 2 }),
    ],
    [
      'an old token version',
      (c: Record<string, number>) => sign({ alg: 'HS256', typ: 'JWT' }, { ...c, ver: c.ver - 1 }),
    ],
    [
      'another platform',
      (c: object) => sign({ alg: 'HS256', typ: 'JWT' }, { ...c, plt: 'sample-crm' }),
    ],
    [
      'an unknown user',
      (c: object) =>
        sign({ alg: 'HS256', typ: 'JWT' }, { ...c, sub: '00000000-0000-0000-0000-000000000000' }),
    ],
    ['alg None (capitalised)', (c: object) => `${b64({ alg: 'None', typ: 'JWT' })}.${b64(c)}.`],
    [
      'RS256 in the header over an HMAC signature (algorithm confusion)',
      (c: object) => {
        const unsigned = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(c)}`;
        return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
      },
    ],
    [
      'edited claims under the original signature',
      (c: Record<string, unknown>) => {
        const original = sign({ alg: 'HS256', typ: 'JWT' }, c);
        const [header, , signature] = original.split('.');
        return `${header}.${b64({ ...c, sub: '00000000-0000-0000-0000-000000000000' })}.${signature}`;
      },
    ],
    [
      'a token without an expiry',
      (c: Record<string, unknown>) => {
        const { exp: _exp, ...rest } = c;
        return sign({ alg: 'HS256', typ: 'JWT' }, rest);
      },
    ],
    [
      'a token that is not yet valid',
      (c: object) =>
        sign({ alg: 'HS256', typ: 'JWT' }, { ...c, nbf: Math.floor(Date.now() / 1000) + 3600 }),
    ],
    ['garbage', () => 'not-a-token'],
    ['an empty token', () => ''],
  ])('refuses %s with the contract answer', async (_, forge) => {
    const token = await loginWithApiKey(t.http, 'bob');
    const good = claimsOf(token);
    const forged = forge(good);
    const res = await t.http.get(`/hostname?jwtToken=${forged}`).expect(400);
    expect(res.text).toBe(SESSION_TEXT);
    const bearer = await t.http
      .get('/hostname')
      .set('authorization', `Bearer ${forged}`)
      .expect(400);
    expect(bearer.text).toBe(SESSION_TEXT);
  });

  it('lets the header win when both carry a token: a forged header is refused', async () => {
    const token = await loginWithApiKey(t.http, 'alice');
    const res = await t.http
      .get(`/hostname?jwtToken=${token}`)
      .set('authorization', 'Bearer forged.token.value')
      .expect(400);
    expect(res.text).toBe(SESSION_TEXT);
  });
});
