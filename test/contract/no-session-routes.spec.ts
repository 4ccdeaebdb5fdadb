import { followAuthorizeUrl } from '../../examples/sample-crm/oauth-browser.js';
import { ClientWire, expectClientReadable } from '../support/client-wire.js';
import { SAMPLE_LOGINS } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Client-contract §2, §3.7, §3.9, §3.10 (before login), §7, §1.7 and the out-of-scope table: the
 * calls the client makes without a session token, on the wire as it sends them.
 */
describe('contract: routes without a session', () => {
  let t: TestApp;
  let client: ClientWire;

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  it('GET /crmManifest: the fields the client configures itself from (checklist 1)', async () => {
    // The service worker's plain fetch(): no token, no custom headers.
    const reply = await client.get('/crmManifest');
    expectClientReadable(reply);
    expect(reply.status).toBe(200);
    expect(reply.headers['cache-control']).toBe('public, max-age=300');
    const manifest = reply.body;
    expect(manifest.serverUrl).toBe('http://crm-bridge.test');
    expect(manifest.serverUrl).not.toMatch(/\/$/);
    expect(manifest.author.name).toEqual(expect.any(String));
    expect(manifest.version).toEqual(expect.any(String));
    expect('https://ringcentral.github.io/ringcentral-embeddable/redirect.html?code=x').toMatch(
      new RegExp(`^${manifest.redirectUri.replace(/[.?]/g, '\\$&')}`),
    );
    const oauth = manifest.platforms['sample-crm'];
    expect(oauth).toMatchObject({
      name: 'sample-crm',
      displayName: 'Sample CRM',
      auth: {
        type: 'oauth',
        oauth: { clientId: 'crm-bridge', scope: expect.stringMatching(/^scope=/) },
      },
      requestConfig: { timeout: 30 },
    });
    // The client appends `?response_type=code&...` to authUrl, and lands on /oauth-start first.
    expect(oauth.auth.oauth.authUrl).toBe('http://crm-bridge.test/oauth-start/sample-crm');
    const platform = manifest.platforms['sample-crm-apikey'];
    expect(platform).toMatchObject({
      name: 'sample-crm-apikey',
      auth: { type: 'apiKey', apiKey: { page: { title: expect.any(String) } } },
      requestConfig: { timeout: 30 },
      disableDisposition: false,
    });
    for (const [key, profile] of Object.entries(manifest.platforms)) {
      expect((profile as { name: string }).name).toBe(key);
      // Registration: the client turns urlIdentifier into a RegExp (first * → .*) and tests the
      // CRM tab's URL with it.
      const { urlIdentifier } = profile as { urlIdentifier: string };
      const crmUrl = key.startsWith('field-crm') ? t.fieldCrm.url : t.crm.url;
      expect(new RegExp(urlIdentifier.replace('*', '.*')).test(`${crmUrl}/contacts/101`)).toBe(
        true,
      );
    }
    expect(platform.auth.apiKey.page.content).toContainEqual(
      expect.objectContaining({ const: 'apiKey', type: 'string' }),
    );
    for (const type of platform.contactTypes) {
      expect(type).toEqual({ display: expect.any(String), value: expect.any(String) });
    }
    for (const field of platform.page.callLog.additionalFields) {
      expect(field).toMatchObject({ const: expect.any(String), title: expect.any(String) });
    }
    expect(JSON.stringify(manifest)).not.toMatch(/authUrl[^,]*\?/);
    const unknown = await client.get('/crmManifest?platformName=nope');
    expect(unknown).toMatchObject({ status: 400, text: 'Platform not found' });
  });

  it('GET /apiKeyManagedAuthState: nothing is managed; /oauthManagedAuthState needs the RingCentral token', async () => {
    // Newer clients ask before showing the sign-in form, with the RingCentral token.
    const rc = { headers: { 'x-rc-access-token': 'RC-SECRET-TOKEN' } };
    const apiKey = await client.get(
      '/apiKeyManagedAuthState?platform=sample-crm-apikey&connectorId=&isPrivate=false&devRcAccountId=400012345678',
      rc,
    );
    expectClientReadable(apiKey);
    expect(apiKey.status).toBe(200);
    expect(apiKey.headers['content-type']).toMatch(/^application\/json/);
    expect(apiKey.body).toEqual({
      hasManagedAuth: false,
      allRequiredFieldsSatisfied: false,
      visibleFieldConsts: null,
      missingRequiredFieldConsts: ['apiKey'],
      fallbackToManualAuth: false,
    });
    // The account comes from RingCentral alone (test/e2e/managed-oauth.spec.ts has the rest).
    const oauth = await client.get('/oauthManagedAuthState?platform=sample-crm');
    expectClientReadable(oauth);
    expect([oauth.status, oauth.text]).toEqual([
      400,
      'Invalid request: a RingCentral access token is required (X-RC-Access-Token)',
    ]);
    const ofOAuthPlatform = await client.get('/apiKeyManagedAuthState?platform=sample-crm', rc);
    expect(ofOAuthPlatform.body.missingRequiredFieldConsts).toEqual([]);

    for (const [path, text] of [
      ['/apiKeyManagedAuthState', 'Invalid request: platform is required'],
      ['/oauthManagedAuthState?platform=', 'Invalid request: platform is required'],
      ['/oauthManagedAuthState?platform=nope', 'Platform not found'],
      [
        '/apiKeyManagedAuthState?platform=sample-crm-apikey&isPrivate=maybe',
        'Invalid request: isPrivate must be true or false',
      ],
    ]) {
      const refused = await client.get(path, rc);
      expectClientReadable(refused);
      expect([path, refused.status, refused.text]).toEqual([path, 400, text]);
    }
  });

  it('GET /implementedInterfaces: every key present, all booleans', async () => {
    const reply = await client.get('/implementedInterfaces?platform=sample-crm');
    expectClientReadable(reply);
    const keys = [
      'getAuthType',
      'getOauthInfo',
      'getBasicAuth',
      'getUserInfo',
      'unAuthorize',
      'authValidation',
      'refreshUserInfo',
      'getLicenseStatus',
      'findContact',
      'createContact',
      'findContactWithName',
      'createCallLog',
      'updateCallLog',
      'getCallLog',
      'upsertCallDisposition',
      'getLogFormatType',
      'cacheCallNote',
      'createMessageLog',
      'updateMessageLog',
      'getUserList',
      'getManagedAuthOptions',
      'listAppointments',
      'createAppointment',
      'updateAppointment',
      'refreshAppointment',
      'confirmAppointment',
      'cancelAppointment',
      'accountData',
    ];
    expect(Object.keys(reply.body).sort()).toEqual([...keys].sort());
    for (const value of Object.values(reply.body)) expect(typeof value).toBe('boolean');
    expect(reply.body).toMatchObject({
      authValidation: true,
      cacheCallNote: true,
      createMessageLog: true,
      updateMessageLog: true,
      // The sample CRM's class provider lists its users (user mapping) and serves appointments.
      getUserList: true,
      getManagedAuthOptions: false,
      listAppointments: true,
    });
    expect((await client.get('/implementedInterfaces')).status).toBe(400);
  });

  it('GET /isAlive, /releaseNotes and /serverVersionInfo (checklist 12)', async () => {
    const alive = await client.get('/isAlive');
    expectClientReadable(alive);
    expect(alive).toMatchObject({ status: 200, text: 'OK' });
    expect(alive.headers['content-type']).toMatch(/^text\/plain/);
    const version = await client.get('/serverVersionInfo');
    expect(version.body).toEqual({ version: expect.any(String) });
    const notes = await client.get('/releaseNotes');
    expectClientReadable(notes);
    for (const byPlatform of Object.values<Record<string, unknown[]>>(notes.body)) {
      for (const list of Object.values(byPlatform)) {
        for (const note of list) {
          expect(note).toEqual({
            type: expect.stringMatching(/^(New|Better|Fix)$/),
            description: expect.any(String),
          });
        }
      }
    }
    expect(notes.body[version.body.version]).toBeDefined();
  });

  it('GET /userInfoHash: hex hashes the client sends back as headers (§3.9)', async () => {
    const reply = await client.get('/userInfoHash?extensionId=62296013&accountId=37439510');
    expectClientReadable(reply);
    expect(reply.body).toEqual({
      extensionId: expect.stringMatching(/^[0-9a-f]{64}$/),
      accountId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect((await client.get('/userInfoHash?extensionId=x1')).status).toBe(400);
  });

  it('GET /user/preloadSettings and an early /licenseStatus answer 200 without a session', async () => {
    const preload = await client.get('/user/preloadSettings?rcAccountId=abc123');
    expectClientReadable(preload);
    expect(preload.body).toEqual({ userSettings: {} });
    const license = await client.get('/licenseStatus?platform=sample-crm');
    expectClientReadable(license);
    expect(license).toMatchObject({
      status: 200,
      body: { isLicenseValid: false, licenseStatus: 'Not connected', licenseStatusDescription: '' },
    });
  });

  it.each([
    ['GET', '/callLog', 'content-type,authorization'],
    [
      'POST',
      '/callLog',
      'content-type,authorization,rc-extension-id,rc-account-id,developer-author-name',
    ],
    ['PATCH', '/callLog', 'content-type,authorization'],
    ['PUT', '/callDisposition', 'content-type,authorization,rc-extension-id'],
    ['POST', '/messageLog', 'content-type,x-rc-access-token,rc-account-id'],
    ['POST', '/user/settings', 'content-type,developer-author-name'],
    ['GET', '/crmManifest', 'content-type'],
  ])('CORS preflight for %s %s with %s (checklist 13)', async (method, path, requested) => {
    const reply = await client.send('OPTIONS', path, {
      headers: {
        'access-control-request-method': method,
        'access-control-request-headers': requested,
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers['access-control-allow-origin']).toBe('*');
    expect(reply.headers['access-control-allow-methods']).toBe('GET,POST,PATCH,PUT,DELETE,OPTIONS');
    for (const header of requested.split(',')) {
      expect(reply.headers['access-control-allow-headers']).toContain(header);
    }
    expect(reply.headers['access-control-max-age']).toBe('600');
    const answered = await client.get('/isAlive');
    expect(answered.headers['access-control-expose-headers']).toBe(
      'x-refreshed-jwt-token,x-request-id',
    );
  });

  it.each([
    '/ringcentral/admin/userReport?jwtToken=x',
    '/admin/managedOAuth/setup',
    '/calldown/list',
    '/plugin/list',
    '/mcp',
    '/.well-known/oauth-authorization-server',
    '/debug/report/url',
    '/googleSheets/sheet',
  ])('out of scope: %s answers a plain-text 404 (checklist 11)', async (path) => {
    const reply = await client.get(path);
    expectClientReadable(reply);
    expect(reply.status).toBe(404);
    expect(reply.text).toBe('Not found');
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('OAuth: authUrl + the client-built query, then GET /oauth-callback with a split callbackUri (checklist 2, 9)', async () => {
    const manifest = (await client.get('/crmManifest')).body;
    const { authUrl, clientId, scope } = manifest.platforms['sample-crm'].auth.oauth;
    // What the popup opens: authUrl + `?response_type=code&client_id=…&<scope>&state=…&redirect_uri=…`.
    const query = `response_type=code&client_id=${clientId}&${scope}&state=platform=sample-crm&redirect_uri=${encodeURIComponent(manifest.redirectUri)}`;
    // The popup is a browser navigation: the browser percent-encodes the raw spaces of `scope`.
    const start = await client.get(`${new URL(authUrl).pathname}?${query.replace(/ /g, '%20')}`);
    expect(start.status).toBe(302);
    const { location } = await followAuthorizeUrl(start.headers.location!, SAMPLE_LOGINS.alice);
    expect(location.startsWith(manifest.redirectUri)).toBe(true);
    // The client pastes the captured URL unencoded: its `&state=…` spills into the top-level query.
    const reply = await client.get(
      `/oauth-callback?callbackUri=${location}&hostname=app.example&rcAccountId=12345`,
    );
    expectClientReadable(reply);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({
      successful: true,
      jwtToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      name: 'Alice Example',
      returnMessage: { message: 'Successfully authorized.', messageType: 'success' },
    });
    // A failure is 200 with a returnMessage and no jwtToken (the client has no catch here).
    const replay = await client.get(`/oauth-callback?callbackUri=${location}&hostname=app.example`);
    expectClientReadable(replay);
    expect(replay.status).toBe(200);
    expect(replay.body.jwtToken).toBeUndefined();
    expect(replay.body.returnMessage).toMatchObject({
      messageType: 'warning',
      message: expect.any(String),
    });
  });
});
