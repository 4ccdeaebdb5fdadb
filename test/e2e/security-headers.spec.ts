import { loginWithApiKey } from '../support/factories.js';
import { clientAuthorizeQuery } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CLIENT_HEADERS =
  'content-type,authorization,rc-extension-id,rc-account-id,developer-author-name,x-rc-access-token';
const EXTENSION = 'chrome-extension://abcdefghijklmnop';

/** helmet must not break what the extension does: cross-origin JSON, the OAuth popup's pages. */
describe('security headers and CORS', () => {
  describe('with the default CORS policy (any origin)', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t.close());

    it('sends helmet headers on JSON answers, without blocking cross-origin reads', async () => {
      const token = await loginWithApiKey(t.http, 'alice');
      const res = await t.http
        .get('/user/settings')
        .set('origin', EXTENSION)
        .set('authorization', `Bearer ${token}`)
        .expect(200);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-resource-policy': 'cross-origin',
        'access-control-allow-origin': '*',
      });
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.headers['cross-origin-opener-policy']).toBeUndefined();
      expect(res.headers['cross-origin-embedder-policy']).toBeUndefined();
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('keeps the OAuth popup usable: no COOP on the redirect or on the refusal page', async () => {
      const start = await t.http
        .get(`/oauth-start/sample-crm?${clientAuthorizeQuery()}`)
        .expect(302);
      expect(start.headers['cross-origin-opener-policy']).toBeUndefined();
      const refusal = await t.http
        .get(`/oauth-start/sample-crm?${clientAuthorizeQuery({ client_id: 'someone-else' })}`)
        .expect(400);
      expect(refusal.type).toBe('text/html');
      expect(refusal.headers['cross-origin-opener-policy']).toBeUndefined();
      expect(refusal.headers['content-security-policy']).toContain("default-src 'none'");
    });

    it('answers preflights on any path with 204, reflected headers and Max-Age 600', async () => {
      for (const path of ['/contact', '/callLog', '/nowhere']) {
        const res = await t.http
          .options(path)
          .set('origin', EXTENSION)
          .set('access-control-request-method', 'PATCH')
          .set('access-control-request-headers', CLIENT_HEADERS)
          .expect(204);
        expect(res.headers['access-control-allow-origin']).toBe('*');
        expect(res.headers['access-control-allow-headers']).toBe(CLIENT_HEADERS);
        expect(res.headers['access-control-max-age']).toBe('600');
      }
    });
  });

  describe('with a CORS allow-list', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp({ env: { CORS_ORIGINS: `${EXTENSION},https://app.example.com` } });
    });
    afterAll(() => t.close());

    it('answers listed origins, and exposes the renewal header to them', async () => {
      const res = await t.http.get('/isAlive').set('origin', EXTENSION).expect(200);
      expect(res.headers['access-control-allow-origin']).toBe(EXTENSION);
      expect(res.headers['access-control-expose-headers']).toContain('x-refreshed-jwt-token');
      expect(res.headers.vary).toContain('Origin');
    });

    it('still answers preflights with 204, but without allowing an unlisted origin', async () => {
      const listed = await t.http
        .options('/contact')
        .set('origin', 'https://app.example.com')
        .set('access-control-request-method', 'GET')
        .set('access-control-request-headers', CLIENT_HEADERS)
        .expect(204);
      expect(listed.headers['access-control-allow-origin']).toBe('https://app.example.com');
      expect(listed.headers['access-control-allow-headers']).toBe(CLIENT_HEADERS);
      expect(listed.headers['access-control-max-age']).toBe('600');
      const other = await t.http
        .options('/contact')
        .set('origin', 'https://evil.example')
        .set('access-control-request-method', 'GET')
        .expect(204);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('HSTS', () => {
    it('is sent over https only: behind a trusted proxy that says https, not over plain http', async () => {
      const t = await startTestApp({ env: { TRUST_PROXY: 'loopback' } });
      try {
        const https = await t.http.get('/isAlive').set('x-forwarded-proto', 'https').expect(200);
        expect(https.headers['strict-transport-security']).toBe(
          'max-age=31536000; includeSubDomains',
        );
        const http = await t.http.get('/isAlive').expect(200);
        expect(http.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await t.close();
      }
    });

    it('ignores X-Forwarded-Proto from a proxy it does not trust', async () => {
      const t = await startTestApp();
      try {
        const res = await t.http.get('/isAlive').set('x-forwarded-proto', 'https').expect(200);
        expect(res.headers['strict-transport-security']).toBeUndefined();
      } finally {
        await t.close();
      }
    });
  });
});
