import { ClientWire } from '../../support/client-wire.js';
import { loginWithApiKey } from '../../support/factories.js';
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
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The official contract's User operations against the real app. */
describe('official contract 2.0.0: User', () => {
  let t: TestApp;
  let client: ClientWire;
  let signedIn: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url);
    signedIn = client.with({ bearer: await loginWithApiKey(t.http, 'alice') });
  });
  afterAll(() => t.close());

  it('getUserInfoHash: both ids, either one or none (each answer is a 64-character hash)', async () => {
    const query = 'extensionId=62296013&accountId=37439510';
    expect(missingDeclaredQuery('getUserInfoHash', query)).toEqual([]);
    const both = await client.get(`/userInfoHash?${query}`);
    expect(both.status).toBe(200);
    expectOfficialResponse('getUserInfoHash', both);
    log.record('getUserInfoHash', 'every-optional-field');

    for (const partial of ['extensionId=62296013', 'accountId=37439510', '']) {
      const reply = await client.get(`/userInfoHash?${partial}`);
      expect(reply.status).toBe(200);
      expectOfficialResponse('getUserInfoHash', reply);
    }
    const extensionOnly = await client.get('/userInfoHash?extensionId=62296013');
    expect(extensionOnly.body.extensionId).toBe(both.body.extensionId);
    expect(extensionOnly.body.accountId).not.toBe(both.body.accountId);
    expect(requiredOnlyQuery('getUserInfoHash', query)).toBe('');
    log.record('getUserInfoHash', 'realistic', 'required-only');

    const refused = await client.get('/userInfoHash?extensionId=not-an-id');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getUserInfoHash', refused);
  });

  it('getUserPreloadSettings: without and with rcAccountId', async () => {
    const plain = await client.get('/user/preloadSettings');
    expect(plain.status).toBe(200);
    expectOfficialResponse('getUserPreloadSettings', plain);
    expect(requiredOnlyQuery('getUserPreloadSettings', 'rcAccountId=37439510')).toBe('');
    log.record('getUserPreloadSettings', 'realistic', 'required-only');
    expect(missingDeclaredQuery('getUserPreloadSettings', 'rcAccountId=37439510')).toEqual([]);
    const full = await client.get('/user/preloadSettings?rcAccountId=37439510');
    expect(full.status).toBe(200);
    expectOfficialResponse('getUserPreloadSettings', full);
    log.record('getUserPreloadSettings', 'every-optional-field');
  });

  it('postUserSettings then getUserSettings: the official example, every declared field', async () => {
    const example = officialRequestExamples('postUserSettings').update as Record<string, unknown>;
    expectOfficialRequestBody('postUserSettings', example);
    expect(missingDeclaredFields('postUserSettings', example)).toEqual([]);
    const saved = await signedIn.post('/user/settings', example);
    expect(saved.status).toBe(200);
    expectOfficialResponse('postUserSettings', saved);
    expect(saved.body.userSettings.theme).toMatchObject({ value: 'dark' });
    log.record('postUserSettings', 'every-optional-field');

    const toggle = { userSettings: { autoLogCall: { value: true } } };
    const toggled = await signedIn.post('/user/settings', toggle);
    expect(toggled.status).toBe(200);
    expectOfficialResponse('postUserSettings', toggled);
    log.record('postUserSettings', 'realistic');

    const minimal = requiredOnly('postUserSettings', example);
    expect(minimal).toEqual({});
    const unchanged = await signedIn.post('/user/settings', minimal);
    expect(unchanged.status).toBe(200);
    expectOfficialResponse('postUserSettings', unchanged);
    expect(unchanged.body.userSettings).toMatchObject({ autoLogCall: { value: true } });
    log.record('postUserSettings', 'required-only');

    const read = await signedIn.get('/user/settings');
    expect(read.status).toBe(200);
    expectOfficialResponse('getUserSettings', read);
    expect(read.body).toMatchObject({ theme: { value: 'dark' }, autoLogCall: { value: true } });
    expect(requiredOnlyQuery('getUserSettings', 'rcAccountId=37439510')).toBe('');
    log.record('getUserSettings', 'realistic', 'required-only');
    expect(missingDeclaredQuery('getUserSettings', 'rcAccountId=37439510')).toEqual([]);
    const full = await signedIn.get('/user/settings?rcAccountId=37439510');
    expect(full.status).toBe(200);
    expectOfficialResponse('getUserSettings', full);
    log.record('getUserSettings', 'every-optional-field');

    const refused = await signedIn.post('/user/settings', { userSettings: [] });
    expect(refused.status).toBe(400);
    expectOfficialResponse('postUserSettings', refused);
    const anonymous = await client.get('/user/settings');
    expect(anonymous.status).toBe(400);
    expectOfficialResponse('getUserSettings', anonymous);
  });

  it('postUserRefreshInfo: refreshes the signed-in user', async () => {
    const reply = await signedIn.post('/user/refreshInfo');
    expect(reply.status).toBe(200);
    expectOfficialResponse('postUserRefreshInfo', reply);
    expect(reply.body.successful).toBe(true);
    log.recordWithoutInputs('postUserRefreshInfo');
  });

  it('exercised every User operation all three ways', () => {
    expect(log.missing(['User'])).toEqual([]);
  });
});
