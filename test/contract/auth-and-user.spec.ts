import { ClientWire, expectClientReadable } from '../support/client-wire.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Client-contract §1.2, §3.2–§3.6, §3.8, §3.10: sign-in, both token carriers, settings, profile
 * refresh, licence, hostname and logout, for an older client (jwtToken in the query) and a newer
 * one (Authorization: Bearer plus the rc-* headers).
 */
describe('contract: sign-in, session tokens and user routes', () => {
  let t: TestApp;
  let client: ClientWire;

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  const login = async () => {
    const reply = await client.post('/apiKeyLogin?state=platform=sample-crm', {
      platform: 'sample-crm-apikey',
      apiKey: 'sample-key-alice',
      hostname: 'sample-crm.example',
      additionalInfo: { apiKey: 'sample-key-alice' },
      proxyId: '',
      connectorId: '',
      rcAccountId: '37439510',
      rcExtensionId: '62296013',
      userEmail: 'alice@example.com',
      rcAccessToken: 'RC-SECRET-TOKEN',
    });
    expectClientReadable(reply);
    return reply;
  };

  it('POST /apiKeyLogin: 2xx only with a URL-safe jwtToken and the name (§3.2)', async () => {
    const reply = await login();
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual({
      successful: true,
      jwtToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      name: 'Alice Example',
      returnMessage: { message: 'Successfully authorized.', messageType: 'success', ttl: 3000 },
    });
    const refused = await client.post('/apiKeyLogin', {
      platform: 'sample-crm-apikey',
      apiKey: 'wrong',
    });
    expectClientReadable(refused);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({
      successful: false,
      returnMessage: { messageType: 'warning' },
    });
    expect(refused.body.jwtToken).toBeUndefined();
    const form = await client.post('/apiKeyLogin', {
      platform: 'sample-crm-apikey',
      apiKey: 'apiKey',
    });
    expect(form.status).toBe(400);
    expect(form.body.returnMessage.missingRequiredFieldConsts).toEqual(['apiKey']);
    const unknown = await client.post('/apiKeyLogin', { platform: 'nope', apiKey: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.headers['content-type']).toMatch(/^text\/plain/);
  });

  it('an older client: every session route with jwtToken in the query only', async () => {
    const jwt = (await login()).body.jwtToken as string;
    const old = client;

    const settings = await old.get(`/user/settings?jwtToken=${jwt}&rcAccountId=hashed-account`);
    expectClientReadable(settings);
    expect(settings.body).toEqual({});
    const saved = await old.post(`/user/settings?jwtToken=${jwt}&rcAccountId=hashed-account`, {
      userSettings: {
        autoLogCall: { value: true },
        logDateFormat: { value: 'YYYY-MM-DD hh:mm A' },
      },
      settingKeysToRemove: [],
    });
    expectClientReadable(saved);
    // The client replaces its copy and reads userSettings.autoLogCall at once (checklist 6).
    expect(saved.body.userSettings.autoLogCall).toEqual({ value: true });
    const removed = await old.post(`/user/settings?jwtToken=${jwt}`, {
      userSettings: {},
      settingKeysToRemove: ['logDateFormat'],
    });
    expect(removed.body).toEqual({ userSettings: { autoLogCall: { value: true } } });

    const hostname = await old.get(`/hostname?jwtToken=${jwt}`);
    expectClientReadable(hostname);
    expect(hostname.status).toBe(200);
    expect(hostname.headers['content-type']).toMatch(/^text\/plain/);
    // A bare string: the sample CRM has a fixed host, which answers, not the client-sent one.
    expect(hostname.text).toBe(new URL(t.crm.url).host);

    const valid = await old.get(`/authValidation?jwtToken=${jwt}`);
    expectClientReadable(valid);
    expect(valid.body).toEqual({ successful: true });

    const license = await old.get(`/licenseStatus?jwtToken=${jwt}&platform=sample-crm`);
    expect(license.body).toEqual({
      isLicenseValid: true,
      licenseStatus: 'Basic',
      licenseStatusDescription: '',
    });

    // POST /unAuthorize arrives with an empty form-encoded body (§1.1, §3.3).
    const logout = await old.post(`/unAuthorize?jwtToken=${jwt}`, '', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectClientReadable(logout);
    expect(logout.body).toEqual({
      successful: true,
      returnMessage: {
        message: 'Logged out of Sample CRM (API key).',
        messageType: 'success',
        ttl: 3000,
      },
    });
    const after = await old.get(`/user/settings?jwtToken=${jwt}`);
    expectClientReadable(after);
    expect(after).toMatchObject({
      status: 400,
      text: 'Please go to Settings and authorize CRM platform',
    });
    expect(after.headers['content-type']).toMatch(/^text\/plain/);
    const license2 = await old.get(`/licenseStatus?jwtToken=${jwt}`);
    expect(license2).toMatchObject({ status: 200, body: { isLicenseValid: false } });
  });

  it('a newer client: Bearer token and rc-* headers; the header wins over a stale query token', async () => {
    const jwt = (await login()).body.jwtToken as string;
    const hashes = (await client.get('/userInfoHash?extensionId=62296013&accountId=37439510')).body;
    const newer = client.with({
      bearer: jwt,
      rcHeaders: { extensionHash: hashes.extensionId, accountHash: hashes.accountId },
    });
    const settings = await newer.get('/user/settings?jwtToken=stale-token&rcAccountId=x');
    expectClientReadable(settings);
    expect(settings.status).toBe(200);

    const refreshed = await newer.post('/user/refreshInfo');
    expectClientReadable(refreshed);
    expect(refreshed.body).toEqual({ successful: true });

    const valid = await newer.get('/authValidation');
    expect(valid.body).toEqual({ successful: true });
  });

  it('a missing, malformed or foreign token gets the plain 400 the old clients show (§1.2)', async () => {
    for (const path of [
      '/user/settings',
      '/user/settings?jwtToken=',
      '/user/settings?jwtToken=abc.def.ghi',
      '/contact?phoneNumber=+14155550100',
      '/callLog?sessionIds=1',
    ]) {
      const reply = await client.get(path);
      expectClientReadable(reply);
      expect(reply).toMatchObject({
        status: 400,
        text: 'Please go to Settings and authorize CRM platform',
      });
    }
    for (const [method, path] of [
      ['POST', '/callLog'],
      ['PATCH', '/callLog'],
      ['PUT', '/callDisposition'],
      ['POST', '/callLog/cacheNote'],
      ['POST', '/messageLog'],
      ['POST', '/messageLog/match'],
      ['POST', '/user/refreshInfo'],
      ['POST', '/unAuthorize'],
    ]) {
      const reply = await client.send(method, path, { body: {} });
      expect(reply).toMatchObject({
        status: 400,
        text: 'Please go to Settings and authorize CRM platform',
      });
    }
  });
});
