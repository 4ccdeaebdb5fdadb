import { ClientWire } from '../../support/client-wire.js';
import { SAMPLE_USERS } from '../../support/factories.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  officialRequestExamples,
  requiredOnly,
  requiredOnlyQuery,
} from '../../support/official-contract.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../../support/ringcentral-stub.js';
import { startSignedInApp } from '../../support/signed-in-app.js';
import type { TestApp } from '../../support/test-app.js';

/** The official contract's Admin operations crm-bridge serves, against the real app. */
describe('official contract 2.0.0: Admin (settings, server logging settings, managed auth and OAuth)', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let alice: ClientWire;
  let anonymous: ClientWire;
  const log = new ExerciseLog();
  const rcHeader = (token: string) => ({ headers: { 'x-rc-access-token': token } });

  beforeAll(async () => {
    rc = await startRingCentralStub();
    let tokens: Record<'alice', string>;
    ({ t, tokens } = await startSignedInApp({
      users: ['alice'],
      env: { RINGCENTRAL_SERVER: rc.url },
    }));
    alice = new ClientWire(t.url, { bearer: tokens.alice });
    anonymous = new ClientWire(t.url);
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  it('postAdminSettings: the official example, every declared field, only the required ones', async () => {
    const example = officialRequestExamples('postAdminSettings').settings as object;
    expectOfficialRequestBody('postAdminSettings', example);
    const realistic = {
      adminSettings: {
        userSettings: { autoLogCalls: { value: true, customizable: false } },
        customConnector: null,
      },
    };
    for (const body of [realistic, example]) {
      const reply = await anonymous.post('/admin/settings', body, rcHeader(RC_TOKENS.adminA));
      expect(reply.status).toBe(200);
      expectOfficialResponse('postAdminSettings', reply);
    }
    log.record('postAdminSettings', 'realistic');
    expect(missingDeclaredFields('postAdminSettings', example)).toEqual([]);
    log.record('postAdminSettings', 'every-optional-field');
    const bare = requiredOnly('postAdminSettings', example);
    const reply = await anonymous.post('/admin/settings?rcAccessToken=' + RC_TOKENS.adminA, bare);
    expect(reply.status).toBe(200);
    expectOfficialResponse('postAdminSettings', reply);
    log.record('postAdminSettings', 'required-only');

    for (const [token, status] of [
      [RC_TOKENS.agentA, 403],
      [RC_TOKENS.expired, 403],
    ] as const) {
      const refused = await anonymous.post('/admin/settings', realistic, rcHeader(token));
      expect(refused.status).toBe(status);
      expectOfficialResponse('postAdminSettings', refused);
    }
    const invalid = await anonymous.post('/admin/settings', {}, rcHeader(RC_TOKENS.adminA));
    expect(invalid.status).toBe(400);
    expectOfficialResponse('postAdminSettings', invalid);
  });

  it('getAdminSettings: saved and empty policies, refusals', async () => {
    const read = await alice.get('/admin/settings', rcHeader(RC_TOKENS.adminA));
    expect(read.status).toBe(200);
    expectOfficialResponse('getAdminSettings', read);
    expect(read.body.userSettings).toEqual({ autoLogCalls: true, autoLogMessages: false });
    const empty = await alice.get(`/admin/settings?rcAccessToken=${RC_TOKENS.adminB}`);
    expect(empty.status).toBe(200);
    expectOfficialResponse('getAdminSettings', empty);
    log.recordWithoutInputs('getAdminSettings');

    const agent = await alice.get('/admin/settings', rcHeader(RC_TOKENS.agentA));
    expect(agent.status).toBe(403);
    expectOfficialResponse('getAdminSettings', agent);
    const noSession = await anonymous.get('/admin/settings', rcHeader(RC_TOKENS.adminA));
    expect(noSession.status).toBe(400);
    expectOfficialResponse('getAdminSettings', noSession);
  });

  it('get/postAdminServerLoggingSettings: stored values, a missing field, no session', async () => {
    const body = { additionalFieldValues: { billable: true } };
    expectOfficialRequestBody('postAdminServerLoggingSettings', body);
    const saved = await alice.post('/admin/serverLoggingSettings', body);
    expect(saved.status).toBe(200);
    expectOfficialResponse('postAdminServerLoggingSettings', saved);
    log.record('postAdminServerLoggingSettings', 'realistic', 'every-optional-field');
    const bare = await alice.post('/admin/serverLoggingSettings', {});
    expect(bare.status).toBe(400);
    expectOfficialResponse('postAdminServerLoggingSettings', bare);
    log.record('postAdminServerLoggingSettings', 'required-only');

    const read = await alice.get('/admin/serverLoggingSettings');
    expect(read.status).toBe(200);
    expectOfficialResponse('getAdminServerLoggingSettings', read);
    expect(read.body).toEqual(body);
    log.recordWithoutInputs('getAdminServerLoggingSettings');
    const noSession = await anonymous.get('/admin/serverLoggingSettings');
    expect(noSession.status).toBe(400);
    expectOfficialResponse('getAdminServerLoggingSettings', noSession);
  });

  it('postAdminManagedAuth: both scopes, every declared field, only the required ones, refusals', async () => {
    const examples = officialRequestExamples('postAdminManagedAuth');
    const realistic = { scope: 'org', values: { apiKey: SAMPLE_USERS.alice.apiKey } };
    const full = {
      scope: 'user',
      rcExtensionId: '62296014',
      rcUserName: 'Art Agent',
      values: { apiKey: SAMPLE_USERS.alice.apiKey },
      fieldsToRemove: [],
    };
    for (const body of [realistic, full, { scope: 'org' }]) {
      expectOfficialRequestBody('postAdminManagedAuth', body);
      const reply = await alice.post('/admin/managedAuth', body, rcHeader(RC_TOKENS.adminA));
      expect(reply.status).toBe(200);
      expectOfficialResponse('postAdminManagedAuth', reply);
    }
    expect(missingDeclaredFields('postAdminManagedAuth', full)).toEqual([]);
    expect(requiredOnly('postAdminManagedAuth', realistic)).toEqual({ scope: 'org' });
    log.record('postAdminManagedAuth', 'realistic', 'every-optional-field', 'required-only');

    // The official examples name fields the sample CRM's form does not have.
    for (const body of Object.values(examples)) {
      expectOfficialRequestBody('postAdminManagedAuth', body);
      const unknown = await alice.post('/admin/managedAuth', body, rcHeader(RC_TOKENS.adminA));
      expect(unknown.status).toBe(400);
      expectOfficialResponse('postAdminManagedAuth', unknown);
    }
    const agent = await alice.post('/admin/managedAuth', realistic, rcHeader(RC_TOKENS.agentA));
    expect(agent.status).toBe(403);
    expectOfficialResponse('postAdminManagedAuth', agent);
  });

  it('getAdminManagedAuth: fields and presence, never the values; refusals', async () => {
    const query = 'connectorId=c-1&isPrivate=false&devRcAccountId=400012345678';
    expect(missingDeclaredQuery('getAdminManagedAuth', query)).toEqual([]);
    expect(requiredOnlyQuery('getAdminManagedAuth', query)).toBe('');
    for (const path of ['/admin/managedAuth', `/admin/managedAuth?${query}`]) {
      const read = await alice.get(path, rcHeader(RC_TOKENS.adminA));
      expect(read.status).toBe(200);
      expectOfficialResponse('getAdminManagedAuth', read);
      expect(read.body.orgValues).toEqual({ apiKey: { hasValue: true, value: '' } });
      expect(read.text).not.toContain(SAMPLE_USERS.alice.apiKey);
    }
    log.record('getAdminManagedAuth', 'realistic', 'every-optional-field', 'required-only');

    const agent = await alice.get('/admin/managedAuth', rcHeader(RC_TOKENS.agentA));
    expect(agent.status).toBe(403);
    expectOfficialResponse('getAdminManagedAuth', agent);
    const noSession = await anonymous.get('/admin/managedAuth', rcHeader(RC_TOKENS.adminA));
    expect(noSession.status).toBe(400);
    expectOfficialResponse('getAdminManagedAuth', noSession);
  });

  it('getApiKeyManagedAuthState and postApiKeyLogin with the managed key, as declared', async () => {
    const state = await anonymous.get(
      '/apiKeyManagedAuthState?platform=sample-crm-apikey',
      rcHeader(RC_TOKENS.agentA),
    );
    expect(state.status).toBe(200);
    expectOfficialResponse('getApiKeyManagedAuthState', state);
    expect(state.body).toMatchObject({ hasManagedAuth: true, allRequiredFieldsSatisfied: true });
    const login = await anonymous.post(
      '/apiKeyLogin',
      { platform: 'sample-crm-apikey' },
      rcHeader(RC_TOKENS.agentA),
    );
    expect(login.status).toBe(200);
    expectOfficialResponse('postApiKeyLogin', login);
    expect(login.body.name).toBe(SAMPLE_USERS.alice.name);
  });

  it('postAdminUserMapping and postAdminReinitializeUserMapping: an array of mappings, refusals', async () => {
    const body = {
      rcExtensionList: [{ id: 62296013, name: 'Alice Example', email: 'alice@sample-crm.test' }],
    };
    for (const operationId of ['postAdminUserMapping', 'postAdminReinitializeUserMapping']) {
      const path =
        operationId === 'postAdminUserMapping'
          ? '/admin/userMapping'
          : '/admin/reinitializeUserMapping';
      expectOfficialRequestBody(operationId, body);
      const reply = await alice.post(path, body, rcHeader(RC_TOKENS.adminA));
      expect(reply.status).toBe(200);
      // The document types the reply as its generic object (OkJson); the official server and
      // client exchange an array of {crmUser, rcUser}, which is what is checked here.
      expect(reply.headers['content-type']).toMatch(/^application\/json/);
      expect(reply.body[0]).toEqual({
        crmUser: { id: 'u_alice', name: 'Alice Example', email: 'alice@sample-crm.test' },
        rcUser: [
          {
            extensionId: 62296013,
            name: 'Alice Example',
            extensionNumber: '',
            email: 'alice@sample-crm.test',
          },
        ],
      });
      // GenericJson declares no field, so the one realistic body is every variant.
      log.record(operationId, 'realistic', 'every-optional-field', 'required-only');
      for (const [token, status] of [
        [RC_TOKENS.agentA, 403],
        [RC_TOKENS.expired, 403],
      ] as const) {
        const refused = await alice.post(path, body, rcHeader(token));
        expect(refused.status).toBe(status);
        expectOfficialResponse(operationId, refused);
      }
      const invalid = await alice.post(
        path,
        { rcExtensionList: 'all' },
        rcHeader(RC_TOKENS.adminA),
      );
      expect(invalid.status).toBe(400);
      expectOfficialResponse(operationId, invalid);
      const noSession = await anonymous.post(path, body, rcHeader(RC_TOKENS.adminA));
      expect(noSession.status).toBe(400);
      expectOfficialResponse(operationId, noSession);
    }
  });

  it('postAdminManagedAuthOptions: no dynamic field is declared, so a known field has no options', async () => {
    const example = officialRequestExamples('postAdminManagedAuthOptions').users as object;
    expectOfficialRequestBody('postAdminManagedAuthOptions', example);
    const query =
      'platform=sample-crm-apikey&connectorId=c-1&devRcAccountId=400012345678&isPrivate=false';
    expect(missingDeclaredQuery('postAdminManagedAuthOptions', query)).toEqual([]);
    const realistic = { fieldConst: 'apiKey', accountValues: {} };
    for (const [path, body] of [
      [`/admin/managedAuth/options?${query}`, realistic],
      [
        `/admin/managedAuth/options?${requiredOnlyQuery('postAdminManagedAuthOptions', query)}`,
        requiredOnly('postAdminManagedAuthOptions', realistic),
      ],
    ] as const) {
      expectOfficialRequestBody('postAdminManagedAuthOptions', body);
      const reply = await anonymous.post(path, body, rcHeader(RC_TOKENS.adminA));
      expect(reply.status).toBe(200);
      expectOfficialResponse('postAdminManagedAuthOptions', reply);
      expect(reply.body).toEqual([]);
    }
    log.record('postAdminManagedAuthOptions', 'realistic', 'every-optional-field', 'required-only');
    // The official example's field is not on the sample CRM's form.
    const unknown = await anonymous.post(
      '/admin/managedAuth/options?platform=sample-crm-apikey',
      example,
      rcHeader(RC_TOKENS.adminA),
    );
    expect(unknown.status).toBe(400);
    expectOfficialResponse('postAdminManagedAuthOptions', unknown);
    const agent = await anonymous.post(
      '/admin/managedAuth/options?platform=sample-crm-apikey',
      realistic,
      rcHeader(RC_TOKENS.agentA),
    );
    expect(agent.status).toBe(403);
    expectOfficialResponse('postAdminManagedAuthOptions', agent);
  });

  it('postAdminManagedOauthCache: the required values, every declared field, an empty body; refusals', async () => {
    const required = {
      clientId: 'acme-app',
      clientSecret: 'acme-secret',
      accessTokenUri: `${t.crm.url}/oauth/token`,
      authorizationUri: `${t.crm.url}/oauth/auth`,
    };
    const full = {
      ...required,
      redirectUri: 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html',
      scopes: ['openid', 'contacts'],
      hostname: 'sample-crm.example',
    };
    for (const values of [required, full, { ...full, scopes: 'openid contacts' }]) {
      expectOfficialRequestBody('postAdminManagedOauthCache', { values });
      const reply = await anonymous.post(
        '/admin/managedOAuth/cache',
        { values },
        rcHeader(RC_TOKENS.adminA),
      );
      expect(reply.status).toBe(200);
      expectOfficialResponse('postAdminManagedOauthCache', reply);
      expect(reply.body).toEqual({ successful: true });
    }
    expect(missingDeclaredFields('postAdminManagedOauthCache', { values: full })).toEqual([]);
    const state = await anonymous.get(
      '/oauthManagedAuthState?platform=sample-crm',
      rcHeader(RC_TOKENS.adminA),
    );
    expectOfficialResponse('getOauthManagedAuthState', state);
    const { clientSecret: _secret, ...visible } = full;
    expect(state.body).toMatchObject({
      hasPendingOAuth: true,
      pendingValues: { ...visible, scopes: 'openid contacts' },
    });
    expect(state.text).not.toContain('acme-secret');
    // The document requires nothing; crm-bridge needs the values (docs/client-contract.md, Admin).
    const bare = requiredOnly('postAdminManagedOauthCache', { values: full });
    const empty = await anonymous.post(
      '/admin/managedOAuth/cache',
      bare,
      rcHeader(RC_TOKENS.adminA),
    );
    expect([empty.status, empty.text]).toEqual([400, 'Invalid request: values must be an object']);
    expectOfficialResponse('postAdminManagedOauthCache', empty);
    log.record('postAdminManagedOauthCache', 'realistic', 'every-optional-field', 'required-only');
    for (const token of [RC_TOKENS.agentA, RC_TOKENS.expired]) {
      const refused = await anonymous.post(
        '/admin/managedOAuth/cache',
        { values: full },
        rcHeader(token),
      );
      expect(refused.status).toBe(403);
      expectOfficialResponse('postAdminManagedOauthCache', refused);
    }
  });

  it('deleteAdminManagedOauthCache and deleteAdminManagedOauthAccount: done, and refusals', async () => {
    const cleared = await anonymous.send(
      'DELETE',
      '/admin/managedOAuth/cache',
      rcHeader(RC_TOKENS.adminA),
    );
    expect(cleared.status).toBe(200);
    expectOfficialResponse('deleteAdminManagedOauthCache', cleared);
    log.recordWithoutInputs('deleteAdminManagedOauthCache');
    const query = 'platform=sample-crm';
    expect(missingDeclaredQuery('deleteAdminManagedOauthAccount', query)).toEqual([]);
    expect(requiredOnlyQuery('deleteAdminManagedOauthAccount', query)).toBe(query);
    const reset = await anonymous.send(
      'DELETE',
      `/admin/managedOAuth/account?${query}`,
      rcHeader(RC_TOKENS.adminA),
    );
    expect(reset.status).toBe(200);
    expectOfficialResponse('deleteAdminManagedOauthAccount', reset);
    expect(reset.body).toEqual({ successful: true });
    log.record(
      'deleteAdminManagedOauthAccount',
      'realistic',
      'every-optional-field',
      'required-only',
    );
    const noPlatform = await anonymous.send(
      'DELETE',
      '/admin/managedOAuth/account',
      rcHeader(RC_TOKENS.adminA),
    );
    expect(noPlatform.status).toBe(400);
    expectOfficialResponse('deleteAdminManagedOauthAccount', noPlatform);
    for (const [path, operationId] of [
      ['/admin/managedOAuth/cache', 'deleteAdminManagedOauthCache'],
      [`/admin/managedOAuth/account?${query}`, 'deleteAdminManagedOauthAccount'],
    ]) {
      const refused = await anonymous.send('DELETE', path, rcHeader(RC_TOKENS.agentA));
      expect(refused.status).toBe(403);
      expectOfficialResponse(operationId, refused);
    }
  });

  it('exercised every implemented Admin operation all three ways', () => {
    // The in-scope document holds only the Admin operations crm-bridge serves.
    expect(log.missing(['Admin'])).toEqual([]);
  });
});
