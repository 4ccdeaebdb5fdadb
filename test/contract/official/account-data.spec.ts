import { ClientWire } from '../../support/client-wire.js';
import { loginWithApiKey } from '../../support/factories.js';
import {
  ExerciseLog,
  expectOfficialResponse,
  missingDeclaredQuery,
  requiredOnlyQuery,
} from '../../support/official-contract.js';
import { SAMPLE_CRM_JSON } from '../../support/platforms.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The official contract's Account data operation against the real app. */
describe('official contract 2.0.0: Account data', () => {
  let t: TestApp;
  let signedIn: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    signedIn = new ClientWire(t.url).with({ bearer: await loginWithApiKey(t.http, 'alice') });
  });
  afterAll(() => t.close());

  it('getAccountData: realistic, every optional parameter, required only', async () => {
    const full = 'keys=activityTypes,users&forceRefresh=true';
    expect(missingDeclaredQuery('getAccountData', full)).toEqual([]);
    const every = await signedIn.get(`/accountData?${full}`);
    expect(every.status).toBe(200);
    expectOfficialResponse('getAccountData', every);
    log.record('getAccountData', 'every-optional-field');

    const required = requiredOnlyQuery('getAccountData', full);
    expect(decodeURIComponent(required)).toBe('keys=activityTypes,users');
    const plain = await signedIn.get(`/accountData?${required}`);
    expect(plain.status).toBe(200);
    expectOfficialResponse('getAccountData', plain);
    expect(plain.body.data).toEqual(every.body.data);
    log.record('getAccountData', 'realistic', 'required-only');
  });

  it('getAccountData through the JSON binding (sample-crm-json): the same official shape', async () => {
    const json = new ClientWire(t.url).with({
      bearer: await SAMPLE_CRM_JSON.login(t.http, 'alice'),
    });
    const reply = await json.get('/accountData?keys=activityTypes,users');
    expect(reply.status).toBe(200);
    expectOfficialResponse('getAccountData', reply);
    const apiKey = await signedIn.get('/accountData?keys=activityTypes,users');
    expect(reply.body.data).toEqual(apiKey.body.data);
  });

  it('getAccountData refusals: unknown key, no keys, no session', async () => {
    for (const [path, wire] of [
      ['/accountData?keys=nope', signedIn],
      ['/accountData', signedIn],
      ['/accountData?keys=users', new ClientWire(t.url)],
    ] as const) {
      const reply = await wire.get(path);
      expect([path, reply.status]).toEqual([path, 400]);
      expectOfficialResponse('getAccountData', reply);
    }
  });

  it('exercised every Account data operation three ways', () => {
    expect(log.missing(['Account data'])).toEqual([]);
  });
});
