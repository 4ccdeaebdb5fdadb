import { callLogBody, uniqueSessionId } from '../support/factories.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../support/ringcentral-stub.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';

/** Account policies checked against a RingCentral platform stub (docs/client-contract.md, Admin). */
describe('admin settings: RingCentral-checked admins, account scoping, merged user settings', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let alice: string;
  let bob: string;

  const policy = {
    userSettings: {
      addCallLogDuration: { value: false, customizable: false },
      autoLogCalls: { value: true, customizable: true },
      theme: { value: 'dark', customizable: false },
      legacyToggle: { isRemoved: true },
    },
    customConnector: null,
  };
  const saveAs = (rcToken: string, adminSettings: object) =>
    t.http.post('/admin/settings').set('X-RC-Access-Token', rcToken).send({ adminSettings });
  const userSettings = (jwt: string, rcToken?: string) => {
    const req = t.http.get('/user/settings').set('Authorization', `Bearer ${jwt}`);
    return rcToken ? req.set('X-RC-Access-Token', rcToken) : req;
  };

  beforeAll(async () => {
    rc = await startRingCentralStub();
    let tokens: Record<'alice' | 'bob', string>;
    ({ t, tokens } = await startSignedInApp({
      users: ['alice', 'bob'],
      env: { RINGCENTRAL_SERVER: rc.url, RINGCENTRAL_TIMEOUT_MS: '1000' },
    }));
    ({ alice, bob } = tokens);
    await t.http
      .post('/user/settings')
      .set('Authorization', `Bearer ${alice}`)
      .send({
        userSettings: {
          autoLogCalls: { value: false },
          theme: { value: 'light' },
          legacyToggle: { value: true },
          mine: { value: 1 },
        },
      })
      .expect(200);
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  it('an admin saves the policy (text/html confirmation) and reads it back', async () => {
    const saved = await saveAs(RC_TOKENS.adminA, policy).expect(200);
    expect(saved.headers['content-type']).toMatch(/^text\/html/);
    expect(saved.text).toBe('Admin settings updated');
    const read = await t.http
      .get('/admin/settings')
      .set('Authorization', `Bearer ${alice}`)
      .query({ rcAccessToken: RC_TOKENS.adminA })
      .expect(200);
    expect(read.body).toEqual({ ...policy, userMappings: [] });
  });

  it('an agent of the account sees the merge: locked values win, customizable keep theirs, removed keys vanish', async () => {
    const reply = await userSettings(alice, RC_TOKENS.agentA).expect(200);
    expect(reply.body).toEqual({
      addCallLogDuration: { value: false, customizable: false },
      autoLogCalls: { value: false, customizable: true },
      theme: { value: 'dark', customizable: false },
      mine: { value: 1, customizable: true },
    });
    // The account stays bound: later reads without a RingCentral token get the same merge.
    expect((await userSettings(alice).expect(200)).body).toEqual(reply.body);
    const preload = await t.http
      .get('/user/preloadSettings')
      .set('X-RC-Access-Token', RC_TOKENS.agentA)
      .expect(200);
    expect(preload.body).toEqual({ userSettings: policy.userSettings });
  });

  it('a locked setting changes how a call is logged', async () => {
    const sessionId = uniqueSessionId();
    await t.http
      .post('/callLog')
      .set('Authorization', `Bearer ${alice}`)
      .send(callLogBody({ sessionId }))
      .expect(200);
    const body = t.crm.store.activities.find((a) => a.externalId === sessionId)!.body;
    expect(body).toContain('Result: Call connected');
    expect(body).not.toContain('Duration');

    // bob's account has no policy: his log keeps the duration.
    const other = uniqueSessionId();
    await t.http
      .post('/callLog')
      .set('Authorization', `Bearer ${bob}`)
      .send(callLogBody({ sessionId: other }))
      .expect(200);
    expect(t.crm.store.activities.find((a) => a.externalId === other)!.body).toContain('Duration');
  });

  it('a non-admin gets 403 on every admin route, and the policy is unchanged', async () => {
    const read = await t.http
      .get('/admin/settings')
      .set('Authorization', `Bearer ${alice}`)
      .set('X-RC-Access-Token', RC_TOKENS.agentA)
      .expect(403);
    expect(read.text).toBe('Admin validation failed');
    await saveAs(RC_TOKENS.agentA, { userSettings: {} }).expect(403);
    const admin = await t.http
      .get('/admin/settings')
      .set('Authorization', `Bearer ${alice}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .expect(200);
    expect(admin.body).toEqual({ ...policy, userMappings: [] });
  });

  it("another account's admin sees only their own (empty) policy and cannot change this one", async () => {
    const theirs = await t.http
      .get('/admin/settings')
      .set('Authorization', `Bearer ${bob}`)
      .set('X-RC-Access-Token', RC_TOKENS.adminB)
      .expect(200);
    expect(theirs.body).toEqual({ userSettings: {}, customConnector: null, userMappings: [] });
    await saveAs(RC_TOKENS.adminB, { userSettings: { theme: { value: 'blue' } } }).expect(200);
    expect((await userSettings(alice, RC_TOKENS.agentA).expect(200)).body.theme).toEqual({
      value: 'dark',
      customizable: false,
    });
    // bob proves account B: its policy, not A's, applies to him.
    expect((await userSettings(bob, RC_TOKENS.agentB).expect(200)).body).toEqual({
      theme: { value: 'blue' },
    });
    // The legacy rcAccountId selects nothing: only a RingCentral token proves an account.
    expect(
      (await t.http.get('/user/preloadSettings?rcAccountId=37439510').expect(200)).body,
    ).toEqual({ userSettings: {} });
  });

  it('forged, expired and missing RingCentral tokens get clear 4xx; the raw account id is never stored', async () => {
    for (const token of [RC_TOKENS.expired, 'forged-token']) {
      const reply = await saveAs(token, policy).expect(403);
      expect(reply.text).toBe('RingCentral access token is invalid or expired');
      const preload = await t.http.get('/user/preloadSettings').set('X-RC-Access-Token', token);
      expect(preload.status).toBe(400);
    }
    const missing = await t.http.post('/admin/settings').send({ adminSettings: {} }).expect(400);
    expect(missing.text).toMatch(/RingCentral access token is required/);
    await saveAs(RC_TOKENS.adminA, []).expect(400);
    await t.http
      .post('/admin/settings')
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .send({})
      .expect(400);
    await saveAs(RC_TOKENS.adminA, { userSettings: { ['k'.repeat(129)]: {} } }).expect(400);
    await saveAs(RC_TOKENS.adminA, { userSettings: 'dark' }).expect(400);
    // A session is needed to read, as the official server says.
    await t.http.get('/admin/settings').set('X-RC-Access-Token', RC_TOKENS.adminA).expect(400);
    // A refused token falls back to the bound account: the user still gets their settings.
    expect((await userSettings(alice, RC_TOKENS.expired).expect(200)).body.theme.value).toBe(
      'dark',
    );

    const rows = await t.dataSource.query('SELECT * FROM admin_settings');
    expect(rows).toHaveLength(2);
    const stored =
      JSON.stringify(rows) + JSON.stringify(await t.dataSource.query('SELECT * FROM users'));
    for (const raw of ['37439510', '48550621', ...Object.values(RC_TOKENS)]) {
      expect(stored).not.toContain(raw);
    }
  });

  it('RingCentral down answers 503; identities are cached by token hash for a while', async () => {
    const before = rc.lookups.filter((token) => token === RC_TOKENS.adminA).length;
    rc.failWith = 503;
    try {
      // adminA was verified moments ago: the cached answer serves without asking RingCentral.
      await saveAs(RC_TOKENS.adminA, policy).expect(200);
      expect(rc.lookups.filter((token) => token === RC_TOKENS.adminA)).toHaveLength(before);
      const down = await saveAs('rc-never-seen', policy).expect(503);
      expect(down.text).toBe('RingCentral could not be reached; try again');
      expect(down.headers['retry-after']).toBe('5');
    } finally {
      rc.failWith = null;
    }
  });

  it('server logging settings are stored per user and returned', async () => {
    const auth = { Authorization: `Bearer ${alice}` };
    expect((await t.http.get('/admin/serverLoggingSettings').set(auth).expect(200)).body).toEqual({
      additionalFieldValues: {},
    });
    const saved = await t.http
      .post('/admin/serverLoggingSettings')
      .set(auth)
      .send({ additionalFieldValues: { billable: true, matter: 'M-1' } })
      .expect(200);
    expect(saved.body.successful).toBe(true);
    expect((await t.http.get('/admin/serverLoggingSettings').set(auth).expect(200)).body).toEqual({
      additionalFieldValues: { billable: true, matter: 'M-1' },
    });
    expect(
      (await t.http.get('/admin/serverLoggingSettings').set('Authorization', `Bearer ${bob}`)).body,
    ).toEqual({ additionalFieldValues: {} });
    const missing = await t.http
      .post('/admin/serverLoggingSettings')
      .set(auth)
      .send({})
      .expect(400);
    expect(missing.text).toMatch(/Missing additionalFieldValues/);
    await t.http.get('/admin/serverLoggingSettings').expect(400);
  });
});
