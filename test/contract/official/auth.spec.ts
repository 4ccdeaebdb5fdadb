import { ClientWire } from '../../support/client-wire.js';
import { SAMPLE_USERS } from '../../support/factories.js';
import { authorizeThroughBridge } from '../../support/oauth-login.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  officialRequestExamples,
  requiredOnly,
  requiredOnlyQuery,
  VARIANTS,
} from '../../support/official-contract.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../../support/ringcentral-stub.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The official contract's Auth operations against the real app and the sample CRM. */
describe('official contract 2.0.0: Auth', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let client: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    rc = await startRingCentralStub();
    t = await startTestApp({ env: { RINGCENTRAL_SERVER: rc.url } });
    client = new ClientWire(t.url);
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  const apiKeyLogin = async (body: unknown, query = '') => {
    const reply = await client.post(`/apiKeyLogin${query}`, body);
    expectOfficialResponse('postApiKeyLogin', reply);
    return reply;
  };
  const session = async () =>
    client.with({
      bearer: (
        await apiKeyLogin({ platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS.alice.apiKey })
      ).body.jwtToken,
    });

  it('postApiKeyLogin: the official example, every declared field, and refusals', async () => {
    const example = structuredClone(officialRequestExamples('postApiKeyLogin').apiKey) as Record<
      string,
      unknown
    >;
    Object.assign(example, { platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS.alice.apiKey });
    expectOfficialRequestBody('postApiKeyLogin', example);
    const signedIn = await apiKeyLogin(example);
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.name).toBe(SAMPLE_USERS.alice.name);
    log.record('postApiKeyLogin', 'realistic');

    const full = {
      platform: 'sample-crm-apikey',
      apiKey: SAMPLE_USERS.alice.apiKey,
      rcAccessToken: 'RC-SECRET-TOKEN',
      rcAccountId: 37439510,
      rcExtensionId: 62296013,
      userEmail: 'alice@example.com',
      hostname: 'sample-crm.example',
      proxyId: '',
      connectorId: '',
      devRcAccountId: 400012345678,
      isPrivate: false,
      additionalInfo: { region: 'us' },
    };
    expectOfficialRequestBody('postApiKeyLogin', full);
    expect(missingDeclaredFields('postApiKeyLogin', full)).toEqual([]);
    expect(missingDeclaredQuery('postApiKeyLogin', 'state=platform%3Dsample-crm-apikey')).toEqual(
      [],
    );
    const fully = await apiKeyLogin(full, '?state=platform%3Dsample-crm-apikey');
    expect(fully.status).toBe(200);
    log.record('postApiKeyLogin', 'every-optional-field');

    // Officially only `platform` is required; a sign-in without its credential is refused, by
    // design (docs/client-contract.md, "Where crm-bridge differs on purpose").
    const minimal = requiredOnly('postApiKeyLogin', full);
    expect(minimal).toEqual({ platform: 'sample-crm-apikey' });
    expect(requiredOnlyQuery('postApiKeyLogin', 'state=platform%3Dsample-crm-apikey')).toBe('');
    const unsigned = await apiKeyLogin(minimal);
    expect(unsigned.status).toBe(400);
    expect(unsigned.text).toMatch(/apiKey/);
    log.record('postApiKeyLogin', 'required-only');

    for (const refused of [
      { platform: 'sample-crm-apikey', apiKey: 'wrong' },
      { platform: 'no-such-crm', apiKey: 'x' },
      { apiKey: 'x' },
    ]) {
      expect((await apiKeyLogin(refused)).status).toBe(400);
    }
  });

  it('getOauthCallback: the callback URI as the client sends it, then every declared parameter', async () => {
    const first = await authorizeThroughBridge(t.http, 'alice');
    const reply = await client.get(
      `/oauth-callback?callbackUri=${first.location}&hostname=sample-crm.example`,
    );
    expect(reply.status).toBe(200);
    expectOfficialResponse('getOauthCallback', reply);
    expect(reply.body.jwtToken).toEqual(expect.any(String));
    log.record('getOauthCallback', 'realistic');

    const second = await authorizeThroughBridge(t.http, 'alice');
    const result = new URL(second.location);
    const query = [
      `state=${encodeURIComponent(result.searchParams.get('state')!)}`,
      `code=${encodeURIComponent(result.searchParams.get('code')!)}`,
      `callbackUri=${encodeURIComponent(second.location)}`,
      'hostname=sample-crm.example',
      'tokenUrl=https%3A%2F%2Fattacker.example%2Ftoken',
      'apiUrl=https%3A%2F%2Fattacker.example%2Fapi',
      'proxyId=',
      'rcAccountId=37439510',
      'rcExtensionId=62296013',
      'userEmail=alice%40example.com',
      'username=alice',
    ].join('&');
    expect(missingDeclaredQuery('getOauthCallback', query)).toEqual([]);
    const full = await client.get(`/oauth-callback?${query}`);
    expect(full.status).toBe(200);
    expectOfficialResponse('getOauthCallback', full);
    expect(full.body.jwtToken).toEqual(expect.any(String));
    log.record('getOauthCallback', 'every-optional-field');

    // Every parameter is officially optional; with none there is no code to exchange (by design,
    // docs/client-contract.md, "Where crm-bridge differs on purpose").
    expect(requiredOnlyQuery('getOauthCallback', query)).toBe('');
    const bare = await client.get('/oauth-callback');
    expect(bare.status).toBe(400);
    expectOfficialResponse('getOauthCallback', bare);
    log.record('getOauthCallback', 'required-only');

    const refused = await client.get('/oauth-callback?callbackUri=https://example.test/?code=x');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getOauthCallback', refused);
  });

  it('getAuthValidation and getLicenseStatus: a session, and none', async () => {
    const signedIn = await session();
    for (const [operationId, path] of [
      ['getAuthValidation', '/authValidation'],
      ['getLicenseStatus', '/licenseStatus'],
    ] as const) {
      const reply = await signedIn.get(path);
      expect(reply.status).toBe(200);
      expectOfficialResponse(operationId, reply);
      log.recordWithoutInputs(operationId);
      const anonymous = await client.get(path);
      expect([200, 400, 401]).toContain(anonymous.status);
      expectOfficialResponse(operationId, anonymous);
    }
  });

  it('getHostname: text/plain for a session', async () => {
    const reply = await (await session()).get('/hostname');
    expect(reply.status).toBe(200);
    expectOfficialResponse('getHostname', reply);
    log.recordWithoutInputs('getHostname');
  });

  it('getHostname: the fixed-host sample CRM answers its own host', async () => {
    const reply = await (await session()).get('/hostname');
    expect(reply.text).toBe(new URL(t.crm.url).host);
  });

  it('getApiKeyManagedAuthState: nothing managed, every declared parameter, refusals', async () => {
    const plain = await client.get('/apiKeyManagedAuthState?platform=sample-crm-apikey');
    expect(plain.status).toBe(200);
    expectOfficialResponse('getApiKeyManagedAuthState', plain);
    expect(plain.body).toMatchObject({ hasManagedAuth: false, fallbackToManualAuth: false });
    expect(plain.body.missingRequiredFieldConsts).toContain('apiKey');
    expect(requiredOnlyQuery('getApiKeyManagedAuthState', 'platform=sample-crm-apikey')).toBe(
      'platform=sample-crm-apikey',
    );
    log.record('getApiKeyManagedAuthState', 'realistic', 'required-only');

    const query =
      'platform=sample-crm-apikey&connectorId=connector-7&isPrivate=true&devRcAccountId=400012345678';
    expect(missingDeclaredQuery('getApiKeyManagedAuthState', query)).toEqual([]);
    const full = await client.get(`/apiKeyManagedAuthState?${query}`);
    expect(full.status).toBe(200);
    expectOfficialResponse('getApiKeyManagedAuthState', full);
    log.record('getApiKeyManagedAuthState', 'every-optional-field');

    for (const bad of [
      '',
      '?platform=no-such-crm',
      '?platform=sample-crm-apikey&isPrivate=maybe',
    ]) {
      const refused = await client.get(`/apiKeyManagedAuthState${bad}`);
      expect(refused.status).toBe(400);
      expectOfficialResponse('getApiKeyManagedAuthState', refused);
    }
  });

  it('getApiKeyManagedAuthState: RingCentral unreachable leaves the manual form, as declared', async () => {
    const reply = await client.get('/apiKeyManagedAuthState?platform=sample-crm-apikey', {
      headers: { 'x-rc-access-token': 'rc-token' },
    });
    expect(reply.status).toBe(200);
    expectOfficialResponse('getApiKeyManagedAuthState', reply);
    expect(reply.body).toMatchObject({ hasManagedAuth: false, visibleFieldConsts: null });
  });

  it('getOauthManagedAuthState: nothing managed yet; a missing platform or token is refused', async () => {
    for (const [token, isAdmin] of [
      [RC_TOKENS.agentA, false],
      [RC_TOKENS.adminB, true],
    ] as const) {
      const reply = await client.get(`/oauthManagedAuthState?platform=sample-crm`, {
        headers: { 'x-rc-access-token': token },
      });
      expect(reply.status).toBe(200);
      expectOfficialResponse('getOauthManagedAuthState', reply);
      expect(reply.body).toEqual({ isAdmin, hasAccountOAuth: false, hasPendingOAuth: false });
    }
    expect(missingDeclaredQuery('getOauthManagedAuthState', 'platform=sample-crm')).toEqual([]);
    log.record('getOauthManagedAuthState', ...VARIANTS);
    for (const path of [
      `/oauthManagedAuthState?rcAccessToken=${RC_TOKENS.agentA}`,
      '/oauthManagedAuthState?platform=sample-crm',
      `/oauthManagedAuthState?platform=sample-crm&rcAccessToken=${RC_TOKENS.expired}`,
    ]) {
      const refused = await client.get(path);
      expect(refused.status).toBe(400);
      expectOfficialResponse('getOauthManagedAuthState', refused);
    }
  });

  it('postUnAuthorize: signs out; a second call is refused as declared', async () => {
    const signedIn = await session();
    const reply = await signedIn.post('/unAuthorize');
    expect(reply.status).toBe(200);
    expectOfficialResponse('postUnAuthorize', reply);
    log.recordWithoutInputs('postUnAuthorize');
    const again = await signedIn.post('/unAuthorize');
    expect([400, 401]).toContain(again.status);
    expectOfficialResponse('postUnAuthorize', again);
  });

  it('exercised every Auth operation all three ways', () => {
    expect(log.missing(['Auth'])).toEqual([]);
  });
});
