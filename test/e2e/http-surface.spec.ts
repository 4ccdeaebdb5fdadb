import { startTestApp, type TestApp } from '../support/test-app.js';

describe('HTTP surface: manifest, discovery, CORS, errors', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('generates the manifest from the bound providers, with serverUrl from PUBLIC_URL', async () => {
    const res = await t.http.get('/crmManifest').expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    expect(res.body).toMatchObject({
      serverUrl: 'http://crm-bridge.test',
      redirectUri: 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html',
      author: { name: expect.any(String) },
      version: expect.any(String),
    });
    expect(res.body.platforms['sample-crm']).toMatchObject({
      name: 'sample-crm',
      displayName: 'Sample CRM',
      auth: {
        type: 'oauth',
        oauth: {
          authUrl: 'http://crm-bridge.test/oauth-start/sample-crm',
          clientId: 'crm-bridge',
          redirectUri: 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html',
          scope: 'scope=openid offline_access contacts activities',
        },
      },
      contactTypes: [
        { display: 'Person', value: 'Person' },
        { display: 'Company', value: 'Company' },
      ],
    });
    expect(res.body.platforms['sample-crm'].auth.oauth.authUrl).not.toContain('?');
    expect(res.body.platforms['sample-crm-apikey']).toMatchObject({
      name: 'sample-crm-apikey',
      auth: {
        type: 'apiKey',
        apiKey: { page: { content: [expect.objectContaining({ const: 'apiKey' })] } },
      },
    });
    // The sample CRM has dispositions: the client sends PUT /callDisposition and shows the field.
    expect(res.body.platforms['sample-crm'].disableDisposition).toBe(false);
    expect(res.body.platforms['sample-crm'].page.callLog.additionalFields).toEqual([
      expect.objectContaining({ const: 'outcome', type: 'selection' }),
    ]);
    expect(JSON.stringify(res.body)).not.toMatch(/sample-key|secret/i);
    expect(JSON.stringify(res.body)).not.toContain(t.crm.url);
  });

  it('shows the 2.0 client appointments and account-data fields only where they are served', async () => {
    const { platforms } = (await t.http.get('/crmManifest').expect(200)).body;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the manifest as the client reads it
    for (const [name, platform] of Object.entries<any>(platforms)) {
      const served = (await t.http.get(`/implementedInterfaces?platform=${name}`).expect(200)).body;
      // The client shows its appointments tab only for page.appointment.supported.
      expect([name, platform.page.appointment?.supported ?? false]).toEqual([
        name,
        served.listAppointments,
      ]);
      if (served.listAppointments) {
        expect([name, platform.page.appointment.showConfirm]).toEqual([
          name,
          served.confirmAppointment,
        ]);
      }
      const named = JSON.stringify(platform).includes('"accountDataKey"');
      if (named) expect([name, served.accountData]).toEqual([name, true]);
    }
    expect(platforms['sample-crm'].page.appointment).toEqual({
      supported: true,
      showConfirm: true,
    });
    expect(platforms['field-crm'].page.appointment).toBeUndefined();
    for (const name of ['sample-crm', 'sample-crm-apikey', 'sample-crm-json']) {
      expect([name, platforms[name].adminSettings]).toEqual([
        name,
        [
          {
            id: 'defaultActivityType',
            type: 'option',
            name: 'Default activity type',
            accountDataKey: 'activityTypes',
          },
        ],
      ]);
    }
  });

  it('filters by platformName and refuses an unknown one', async () => {
    const one = await t.http.get('/crmManifest?platformName=sample-crm').expect(200);
    expect(Object.keys(one.body.platforms)).toEqual(['sample-crm']);
    const res = await t.http.get('/crmManifest?platformName=nope').expect(400);
    expect(res.text).toBe('Platform not found');
  });

  it('answers /implementedInterfaces from the provider, with every key present', async () => {
    const oauth = await t.http.get('/implementedInterfaces?platform=sample-crm').expect(200);
    expect(oauth.body).toMatchObject({ getOauthInfo: true, getBasicAuth: false });
    const res = await t.http.get('/implementedInterfaces?platform=sample-crm-apikey').expect(200);
    expect(res.body).toMatchObject({
      getBasicAuth: true,
      getOauthInfo: false,
      authValidation: true,
      createContact: true,
      findContactWithName: true,
      createCallLog: true,
      upsertCallDisposition: true,
      cacheCallNote: true,
      createMessageLog: true,
      updateMessageLog: true,
      refreshUserInfo: true,
      getLicenseStatus: true,
      getUserList: true,
      cancelAppointment: true,
    });
    const fieldCrm = await t.http.get('/implementedInterfaces?platform=field-crm').expect(200);
    expect(fieldCrm.body).toMatchObject({
      listAppointments: false,
      cancelAppointment: false,
      getUserList: false,
    });
    for (const value of Object.values(res.body)) expect(typeof value).toBe('boolean');
    await t.http.get('/implementedInterfaces').expect(400);
    await t.http.get('/implementedInterfaces?platform=nope').expect(400);
  });

  it('answers /isAlive with a plain OK', async () => {
    const res = await t.http.get('/isAlive').expect(200);
    expect(res.text).toBe('OK');
  });

  it('answers a CORS preflight on any path before authentication', async () => {
    for (const [path, method] of [
      ['/callLog', 'PATCH'],
      ['/callDisposition', 'PUT'],
      ['/contact', 'GET'],
      ['/anything/at/all', 'POST'],
    ]) {
      const res = await t.http
        .options(path)
        .set('origin', 'chrome-extension://abc')
        .set('access-control-request-method', method)
        .set(
          'access-control-request-headers',
          'content-type,authorization,rc-extension-id,rc-account-id,developer-author-name,x-rc-access-token',
        )
        .expect(204);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-allow-methods']).toContain(method);
      expect(res.headers['access-control-allow-headers']).toContain('rc-extension-id');
      expect(res.headers['access-control-max-age']).toBe('600');
    }
    const res = await t.http.get('/isAlive').set('origin', 'chrome-extension://abc');
    expect(res.headers['access-control-expose-headers']).toContain('x-refreshed-jwt-token');
  });

  it('puts a request id on every response', async () => {
    const res = await t.http.get('/isAlive');
    expect(res.headers['x-request-id']).toMatch(/^[\w-]{8,}$/);
  });

  it.each(['/ringcentral/admin/report', '/debug/report/url', '/plugin/x', '/no-such-route'])(
    'answers the out-of-scope %s with a plain 404',
    async (path) => {
      const res = await t.http.get(path).expect(404);
      expect(res.text).toBe('Not found');
    },
  );

  it('refuses malformed JSON and prototype keys with a 400, never a 500', async () => {
    const bad = await t.http
      .post('/apiKeyLogin')
      .set('content-type', 'application/json')
      .send('{"platform": "sample-crm",')
      .expect(400);
    expect(bad.text).toBe('Invalid request: the body is not valid JSON');
    const proto = await t.http
      .post('/apiKeyLogin')
      .set('content-type', 'application/json')
      .send('{"platform":"sample-crm","__proto__":{"admin":true}}')
      .expect(400);
    expect(proto.text).toBe('Invalid request: the key __proto__ is not allowed');
  });

  it('refuses a body over the limit with 413', async () => {
    const res = await t.http
      .post('/apiKeyLogin')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ platform: 'sample-crm', apiKey: 'x'.repeat(6 * 1024 * 1024) }))
      .expect(413);
    expect(res.text).toBe('Request body too large');
  });
});
