import { UserEntity } from '../../src/users/user.entity.js';
import { loginWithApiKey, SAMPLE_USERS } from '../support/factories.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe('API-key sign-in, session tokens and logout', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('signs Alice in with her key and answers the contract shape', async () => {
    const res = await t.http
      .post('/apiKeyLogin?state=platform=sample-crm')
      .send({
        platform: 'sample-crm-apikey',
        apiKey: SAMPLE_USERS.alice.apiKey,
        hostname: 'ignored.example',
        rcAccountId: 'hint-only',
        additionalInfo: {},
      })
      .expect(200);
    expect(res.body).toEqual({
      successful: true,
      jwtToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      name: 'Alice Example',
      returnMessage: { message: 'Successfully authorized.', messageType: 'success', ttl: 3000 },
    });
  });

  it('stores the API key encrypted: the row holds no plaintext key', async () => {
    await loginWithApiKey(t.http, 'alice');
    const rows = await t.dataSource.query('SELECT * FROM users');
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows);
    expect(raw).not.toContain(SAMPLE_USERS.alice.apiKey);
    expect(rows[0].api_key).toMatch(/^v1:[\w-]+:[\w-]+:[\w-]+:[\w-]+$/);
  });

  it('refuses a wrong key with a non-2xx and a returnMessage, storing nothing', async () => {
    const before = await t.dataSource.getRepository(UserEntity).count();
    const res = await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'sample-crm-apikey', apiKey: 'not-a-key' })
      .expect(400);
    expect(res.body.successful).toBe(false);
    expect(res.body.returnMessage).toMatchObject({ messageType: 'warning' });
    expect(res.body.returnMessage.message).toMatch(/Invalid API key/);
    expect(res.body.jwtToken).toBeUndefined();
    expect(JSON.stringify(res.body)).not.toContain('not-a-key');
    expect(await t.dataSource.getRepository(UserEntity).count()).toBe(before);
  });

  it('names missing required fields (the client sends the literal "apiKey" for an empty form)', async () => {
    const res = await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'sample-crm-apikey', apiKey: 'apiKey' })
      .expect(400);
    expect(res.body.returnMessage).toMatchObject({
      message: 'Missing required authentication fields.',
      missingRequiredFieldConsts: ['apiKey'],
    });
  });

  it('answers 502 when the CRM cannot be reached', async () => {
    t.crm.faults.set('GET /api/me', { reset: true });
    const res = await t.http
      .post('/apiKeyLogin')
      .send({ platform: 'sample-crm-apikey', apiKey: SAMPLE_USERS.alice.apiKey })
      .expect(502);
    t.crm.faults.clear();
    expect(res.body.successful).toBe(false);
    expect(res.body.returnMessage.message).toMatch(/could not be reached/);
  });

  it.each([
    [{ apiKey: 'x' }, 'Invalid request: platform is required'],
    [{ platform: 'no-such-crm', apiKey: 'x' }, 'Platform not found'],
    [
      { platform: 'sample-crm', apiKey: 'x' },
      'platform sample-crm does not sign in with an API key',
    ],
    [{ platform: 7, apiKey: 'x' }, 'Invalid request: platform must be a string'],
    [{ platform: 'sample-crm-apikey', apiKey: 12 }, 'Invalid request: apiKey must be a string'],
    [
      { platform: 'sample-crm-apikey', apiKey: 'x', additionalInfo: 'nope' },
      'additionalInfo must be an object',
    ],
  ])('refuses a malformed body %j with a plain-text 400', async (body, message) => {
    const res = await t.http.post('/apiKeyLogin').send(body).expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toContain(message);
  });

  it('accepts the token as a query parameter or a Bearer header, and the header wins', async () => {
    const token = await loginWithApiKey(t.http, 'alice');
    await t.http.get(`/hostname?jwtToken=${token}`).expect(200);
    await t.http.get('/hostname').set('authorization', `Bearer ${token}`).expect(200);
    await t.http
      .get(`/hostname?jwtToken=${token}`)
      .set('authorization', 'Bearer not.a.token')
      .expect(400);
  });

  it.each([
    ['missing', ''],
    ['garbage', 'jwtToken=garbage'],
    ['tampered', 'jwtToken=TAMPER'],
  ])('refuses a %s token with the contract text', async (_, query) => {
    let q = query;
    if (q === 'jwtToken=TAMPER') {
      const token = await loginWithApiKey(t.http, 'alice');
      const [h, p, s] = token.split('.');
      q = `jwtToken=${h}.${p}.${s.slice(0, -2)}${s.endsWith('AA') ? 'BB' : 'AA'}`;
    }
    const res = await t.http.get(`/hostname?${q}`).expect(400);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe('Please go to Settings and authorize CRM platform');
  });

  it('validates credentials with the CRM on /authValidation', async () => {
    const token = await loginWithApiKey(t.http, 'bob');
    const res = await t.http
      .get('/authValidation')
      .set('authorization', `Bearer ${token}`)
      .expect(200);
    expect(res.body).toEqual({ successful: true });
  });

  it("answers /hostname as a bare string: a fixed-host CRM's own host", async () => {
    const token = await loginWithApiKey(t.http, 'alice');
    const res = await t.http.get(`/hostname?jwtToken=${token}`).expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.text).toBe(new URL(t.crm.url).host);
  });

  it('logs out: wraps returnMessage, deletes the credentials and kills every earlier token', async () => {
    const first = await loginWithApiKey(t.http, 'bob');
    const second = await loginWithApiKey(t.http, 'bob');
    const res = await t.http
      .post(`/unAuthorize?jwtToken=${first}`)
      .set('content-type', 'application/x-www-form-urlencoded')
      .expect(200);
    expect(res.body).toEqual({
      successful: true,
      returnMessage: {
        message: 'Logged out of Sample CRM (API key).',
        messageType: 'success',
        ttl: 3000,
      },
    });
    await t.http.get(`/contact?jwtToken=${first}&phoneNumber=+14155550100`).expect(400);
    await t.http.get(`/contact?jwtToken=${second}&phoneNumber=+14155550100`).expect(400);
    const [row] = await t.dataSource.query(
      "SELECT api_key, token_version FROM users WHERE crm_user_id = 'u_bob'",
    );
    expect(row.api_key).toBeNull();
    const again = await loginWithApiKey(t.http, 'bob');
    await t.http.get(`/contact?jwtToken=${again}&phoneNumber=+14155550100`).expect(200);
  });
});
