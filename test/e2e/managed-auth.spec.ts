import { Writable } from 'node:stream';
import { PinoLogger } from '../../src/common/logging/pino-logger.js';
import { SAMPLE_USERS } from '../support/factories.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../support/ringcentral-stub.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';

/** Admin-managed API-key credentials (docs/client-contract.md, Admin and Auth). */
describe('managed auth: an admin stores the key once, agents of the account sign in without it', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let adminJwt: string;
  let logs = '';
  const managedKey = SAMPLE_USERS.alice.apiKey;

  const saveAs = (rcToken: string, body: object, jwt = adminJwt) =>
    t.http
      .post('/admin/managedAuth')
      .set('Authorization', `Bearer ${jwt}`)
      .set('X-RC-Access-Token', rcToken)
      .send(body);
  const state = (rcToken?: string) => {
    const req = t.http.get('/apiKeyManagedAuthState?platform=sample-crm-apikey');
    return rcToken ? req.set('X-RC-Access-Token', rcToken) : req;
  };
  const keylessLogin = (rcToken: string) =>
    t.http
      .post('/apiKeyLogin')
      .set('X-RC-Access-Token', rcToken)
      .send({ platform: 'sample-crm-apikey', apiKey: 'apiKey' });

  beforeAll(async () => {
    rc = await startRingCentralStub();
    let tokens: Record<'bob', string>;
    ({ t, tokens } = await startSignedInApp({
      users: ['bob'],
      env: { RINGCENTRAL_SERVER: rc.url, RINGCENTRAL_TIMEOUT_MS: '1000', LOG_LEVEL: 'debug' },
      logger: new PinoLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk, _encoding, done) {
            logs += String(chunk);
            done();
          },
        }),
      }),
    }));
    adminJwt = tokens.bob;
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  it('before anything is stored: nothing managed, and a keyless login names the missing key', async () => {
    expect((await state(RC_TOKENS.agentA).expect(200)).body).toEqual({
      hasManagedAuth: false,
      allRequiredFieldsSatisfied: false,
      visibleFieldConsts: null,
      missingRequiredFieldConsts: ['apiKey'],
      fallbackToManualAuth: false,
    });
    const refused = await keylessLogin(RC_TOKENS.agentA).expect(400);
    expect(refused.body.returnMessage.missingRequiredFieldConsts).toEqual(['apiKey']);
  });

  it('a non-admin cannot set or read managed values', async () => {
    const set = await saveAs(RC_TOKENS.agentA, { scope: 'org', values: { apiKey: 'x' } });
    expect([set.status, set.text]).toEqual([403, 'Admin validation failed']);
    await t.http
      .get('/admin/managedAuth')
      .set('Authorization', `Bearer ${adminJwt}`)
      .set('X-RC-Access-Token', RC_TOKENS.agentA)
      .expect(403);
    await saveAs(RC_TOKENS.adminA, { scope: 'org', values: {} })
      .unset('X-RC-Access-Token')
      .expect(400);
  });

  it('an admin stores the key (text/html confirmation); the read-back says so without the key', async () => {
    const saved = await saveAs(RC_TOKENS.adminA, { scope: 'org', values: { apiKey: managedKey } });
    expect(saved.status).toBe(200);
    expect(saved.headers['content-type']).toMatch(/^text\/html/);
    expect(saved.text).toBe('Shared authentication updated');
    const read = await t.http
      .get('/admin/managedAuth')
      .set('Authorization', `Bearer ${adminJwt}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .expect(200);
    expect(read.body).toMatchObject({
      hasManagedAuth: true,
      orgFields: [{ const: 'apiKey', required: true, managed: true, managedScope: 'account' }],
      orgValues: { apiKey: { hasValue: true, value: '' } },
      userValues: [],
    });
    expect(JSON.stringify(read.body)).not.toContain(managedKey);
  });

  it('the database holds no clear key', async () => {
    const rows = await t.dataSource.query('SELECT * FROM managed_credentials');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(managedKey);
    expect(rows[0].sealed).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+$/);
  });

  it('an agent of the account is told, signs in without a key, and the CRM sees the managed key', async () => {
    expect((await state(RC_TOKENS.agentA).expect(200)).body).toEqual({
      hasManagedAuth: true,
      allRequiredFieldsSatisfied: true,
      visibleFieldConsts: [],
      missingRequiredFieldConsts: [],
      fallbackToManualAuth: false,
    });
    const login = await keylessLogin(RC_TOKENS.agentA).expect(200);
    // The CRM answered for the key's owner: the login used the managed key.
    expect(login.body).toMatchObject({ successful: true, name: SAMPLE_USERS.alice.name });
    expect(JSON.stringify(login.body)).not.toContain(managedKey);
    await t.http
      .get('/authValidation')
      .set('Authorization', `Bearer ${login.body.jwtToken}`)
      .expect(200, { successful: true });
  });

  it("another account's agent, or no RingCentral token, gets nothing", async () => {
    expect((await state(RC_TOKENS.agentB).expect(200)).body.hasManagedAuth).toBe(false);
    expect((await state().expect(200)).body.hasManagedAuth).toBe(false);
    await keylessLogin(RC_TOKENS.agentB).expect(400);
    await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'sample-crm-apikey', apiKey: 'apiKey' })
      .expect(400);
    const refused = await keylessLogin(RC_TOKENS.expired).expect(400);
    expect(JSON.stringify(refused.body)).not.toContain(managedKey);
  });

  it('a key the agent types wins over the managed one', async () => {
    const login = await t.http
      .post('/apiKeyLogin')
      .set('X-RC-Access-Token', RC_TOKENS.agentA)
      .send({ platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS.bob.apiKey })
      .expect(200);
    expect(login.body.name).toBe(SAMPLE_USERS.bob.name);
  });

  it('rejects unknown fields and bad scopes with 400; removing the key ends managed sign-in', async () => {
    for (const body of [
      { scope: 'org', values: { nope: 'x' } },
      { scope: 'org', values: { apiKey: { nested: true } } },
      { scope: 'team', values: {} },
      { scope: 'user', values: { apiKey: 'x' } },
      { scope: 'org', fieldsToRemove: ['nope'] },
    ]) {
      const reply = await saveAs(RC_TOKENS.adminA, body);
      expect([JSON.stringify(body), reply.status]).toEqual([JSON.stringify(body), 400]);
    }
    await saveAs(RC_TOKENS.adminA, { scope: 'org', fieldsToRemove: ['apiKey'] }).expect(200);
    expect((await state(RC_TOKENS.agentA).expect(200)).body.hasManagedAuth).toBe(false);
    await keylessLogin(RC_TOKENS.agentA).expect(400);
  });

  it('user scope: a value stored for one extension serves only that extension', async () => {
    await saveAs(RC_TOKENS.adminA, {
      scope: 'user',
      rcExtensionId: 62296014,
      rcUserName: 'Art Agent',
      values: { apiKey: managedKey },
    }).expect(200);
    const read = await t.http
      .get('/admin/managedAuth')
      .set('Authorization', `Bearer ${adminJwt}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .expect(200);
    expect(read.body.userValues).toEqual([
      {
        rcExtensionId: '62296014',
        rcUserName: 'Art Agent',
        fields: { apiKey: { hasValue: true, value: '' } },
      },
    ]);
    await keylessLogin(RC_TOKENS.agentA).expect(200);
    await keylessLogin(RC_TOKENS.adminA).expect(400);
  });

  it('the logs never carried the managed key', () => {
    expect(logs).toContain('/admin/managedAuth');
    expect(logs).not.toContain(managedKey);
  });
});
