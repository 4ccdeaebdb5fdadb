import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import type { OAuthAuth } from '../../src/crm/crm-auth.types.js';
import type { CrmProvider } from '../../src/crm/crm-provider.js';
import { SAMPLE_USERS } from '../support/factories.js';
import { clientAuthorizeQuery, EMBEDDABLE_REDIRECT } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { createTestDatabase } from '../support/test-database.js';
import {
  dynamicApiKeyProvider,
  dynamicOAuthProvider,
  misdirectedProvider,
  startTrapServer,
  withDns,
  withProviders,
  type TrapServer,
} from '../support/test-providers.js';

/** Client-contract §3.1 "Host rule" and §9.2: hosts the client names, and where secrets may go. */
describe('CRM hosts', () => {
  let trap: TrapServer;
  let crm: RunningSampleCrm;

  beforeAll(async () => {
    trap = await startTrapServer();
    crm = await startSampleCrm();
  });
  afterAll(async () => {
    await trap.close();
    await crm.close();
  });

  describe('at start-up', () => {
    it('refuses an OAuth provider whose token URL is on an undeclared host', async () => {
      const base = dynamicOAuthProvider();
      const leaky: CrmProvider = {
        ...base,
        platform: 'leaky-oauth',
        auth: {
          type: 'oauth',
          oauth: { ...(base.auth as OAuthAuth).oauth, tokenUrl: `${trap.url}/token` },
        },
      };
      const db = await createTestDatabase();
      try {
        await expect(startTestApp({ crm, db, configure: withProviders([leaky]) })).rejects.toThrow(
          'CRM provider leaky-oauth: the OAuth tokenUrl is not on a host in allowedHosts',
        );
      } finally {
        await db.drop();
      }
      expect(trap.requests).toHaveLength(0);
    });
  });

  describe('while running', () => {
    let t: TestApp;

    beforeAll(async () => {
      t = await startTestApp({
        crm,
        env: { ALLOW_PRIVATE_CRM_HOSTS: 'false' },
        configure: (builder) =>
          withDns({
            'acme.crm.test': ['93.184.216.34'],
            'trap.crm.test': ['127.0.0.1'],
            'metadata.crm.test': ['169.254.169.254'],
            'inside.crm.test': ['10.0.0.8'],
            'v6.crm.test': ['::1'],
            'mapped.crm.test': ['::ffff:127.0.0.1'],
          })(
            withProviders([
              dynamicApiKeyProvider(),
              dynamicOAuthProvider(),
              misdirectedProvider(new URL(crm.url).host, trap.url),
            ])(builder),
          ),
      });
    });
    afterAll(() => t.close());
    afterEach(async () => {
      expect(trap.requests).toEqual([]);
      expect(await t.dataSource.query('SELECT id FROM users')).toEqual([]);
    });

    it.each([
      ['127.0.0.1', 'hostname must be a host name, not an IP address'],
      ['2130706433', 'hostname must be a host name, not an IP address'],
      ['0x7f.0.0.1', 'hostname must be a host name, not an IP address'],
      ['[::1]', 'hostname must be a plain host name'],
      ['localhost', 'hostname localhost is not a Dynamic CRM host'],
      ['evil.test', 'hostname evil.test is not a Dynamic CRM host'],
      ['crm.test', 'hostname crm.test is not a Dynamic CRM host'],
      ['acme.crm.test.evil.test', 'is not a Dynamic CRM host'],
      ['acme.crm.test:8443', 'hostname must be a plain host name'],
      ['user@acme.crm.test', 'hostname must be a plain host name'],
      ['https://acme.crm.test', 'hostname must be a plain host name'],
      ['trap.crm.test', 'hostname trap.crm.test resolves to a private address'],
      ['metadata.crm.test', 'resolves to a private address'],
      ['inside.crm.test', 'resolves to a private address'],
      ['v6.crm.test', 'resolves to a private address'],
      ['mapped.crm.test', 'resolves to a private address'],
      ['nowhere.crm.test', 'hostname nowhere.crm.test does not resolve'],
      ['', 'hostname is required'],
    ])('/apiKeyLogin refuses the hostname %j', async (hostname, message) => {
      const res = await t.http
        .post('/apiKeyLogin')
        .send({ platform: 'dynamic-crm', apiKey: 'k-123', hostname })
        .expect(400);
      expect(res.type).toBe('text/plain');
      expect(res.text).toMatch(/^Invalid request: hostname /);
      expect(res.text).toContain(message);
    });

    it.each([
      ['http://acme.crm.test/api', 'apiUrl must be an https URL'],
      ['https://127.0.0.1/api', 'apiUrl must name a host, not an IP address'],
      ['https://acme.crm.test:8443/api', 'apiUrl must use the default https port'],
      ['https://u:p@acme.crm.test/api', 'apiUrl must not contain a user name or password'],
      ['https://evil.test/api', 'apiUrl evil.test is not a Dynamic CRM host'],
      ['https://trap.crm.test/api', 'apiUrl trap.crm.test resolves to a private address'],
    ])('/apiKeyLogin refuses the login field apiUrl %j', async (apiUrl, message) => {
      const res = await t.http
        .post('/apiKeyLogin')
        .send({
          platform: 'dynamic-crm',
          apiKey: 'k-123',
          hostname: 'acme.crm.test',
          additionalInfo: { apiUrl },
        })
        .expect(400);
      expect(res.text).toBe(`Invalid request: ${message}`);
    });

    it.each([
      ['127.0.0.1', 'Hostname must be a host name, not an IP address.'],
      ['evil.test', 'Hostname evil.test is not a Dynamic OAuth CRM host.'],
      ['trap.crm.test', 'Hostname trap.crm.test resolves to a private address.'],
      ['metadata.crm.test', 'Hostname metadata.crm.test resolves to a private address.'],
      ['user%40acme.crm.test', 'Hostname must be a plain host name such as crm.example.com.'],
    ])('/oauth-start refuses the hostname %s with a 400 page', async (hostname, message) => {
      const res = await t.http
        .get(
          `/oauth-start/dynamic-oauth/${hostname}?${clientAuthorizeQuery({ client_id: 'dynamic-client', state: 'platform=dynamic-oauth' })}`,
        )
        .expect(400);
      expect(res.type).toBe('text/html');
      expect(res.text).toContain(message);
    });

    it('/oauth-start sends a tenant that passes the rule on to the CRM, bound into the state', async () => {
      const res = await t.http
        .get(
          `/oauth-start/dynamic-oauth/ACME.crm.test?${clientAuthorizeQuery({ client_id: 'dynamic-client', state: 'platform=dynamic-oauth' })}`,
        )
        .expect(302);
      const location = new URL(res.headers.location);
      expect(location.origin).toBe('https://login.crm.test');
      const state = location.searchParams.get('state')!;
      const payload = JSON.parse(Buffer.from(state.split('.')[0], 'base64url').toString());
      expect(payload).toMatchObject({ p: 'dynamic-oauth', h: 'acme.crm.test' });
      await t.dataSource.query('DELETE FROM oauth_states');
    });

    it('never sends a key to a host the provider did not declare (a second server receives nothing)', async () => {
      const res = await t.http
        .post('/apiKeyLogin')
        .send({ platform: 'misdirected-crm', apiKey: SAMPLE_USERS.alice.apiKey })
        .expect(502);
      expect(res.body.successful).toBe(false);
      expect(JSON.stringify(res.body)).not.toContain(SAMPLE_USERS.alice.apiKey);
    });

    it('ignores a tokenUrl and apiUrl sent to /oauth-callback (no provider takes them)', async () => {
      const res = await t.http
        .get(
          `/oauth-callback?callbackUri=${EMBEDDABLE_REDIRECT}?code=abc&state=forged&tokenUrl=${trap.url}/token&apiUrl=${trap.url}/api&hostname=acme.crm.test`,
        )
        .expect(200);
      expect(res.body.successful).toBe(false);
      expect(res.body.jwtToken).toBeUndefined();
    });

    it('still signs in to the sample CRM on its configured loopback host', async () => {
      const res = await t.http
        .post('/apiKeyLogin')
        .send({ platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS.alice.apiKey })
        .expect(200);
      expect(res.body.jwtToken).toBeDefined();
      await t.dataSource.query('DELETE FROM users');
    });
  });
});
