import { Writable } from 'node:stream';
import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { PinoLogger } from '../../src/common/logging/pino-logger.js';
import { UserEntity } from '../../src/users/user.entity.js';
import {
  callLogBody,
  loginWithApiKey,
  messageLogBody,
  SAMPLE_USERS,
  uniqueSessionId,
} from '../support/factories.js';
import { authorizeThroughBridge, SAMPLE_LOGINS } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const SESSION_SECRET = 'log-test-session-secret-0123456789-abcdefghij';
const HASH_SECRET = 'log-test-hash-secret-0123456789-abcdefghijklmn';
const ENCRYPTION_KEY = `k1:${Buffer.alloc(32, 9).toString('base64')}`;
const RC_TOKEN = 'RC-ACCESS-TOKEN-7f3a9c';
const RC_DOWNLOAD_TOKEN = 'RC-DOWNLOAD-TOKEN-51be2d';
const WRONG_KEY = 'guessed-api-key-0c41e9';

/**
 * A whole session at LOG_LEVEL=debug: API-key and OAuth logins (with a token refresh), lookups, a
 * call log with a token-carrying recording URL, a message log with an rcAccessToken, failures, and
 * logouts. Not one secret may appear anywhere in what the logger wrote.
 */
describe('logs never carry secrets', () => {
  let t: TestApp;
  let output = '';
  const secrets = new Map<string, string>();

  beforeAll(async () => {
    const destination = new Writable({
      write(chunk, _encoding, done) {
        output += String(chunk);
        done();
      },
    });
    t = await startTestApp({
      env: {
        LOG_LEVEL: 'debug',
        SESSION_SECRET,
        HASH_SECRET,
        ENCRYPTION_KEY,
      },
      logger: new PinoLogger({ level: 'debug', destination }),
    });
  });
  afterAll(() => t.close());

  const vault = () => t.app.get(CredentialVault);
  const storedTokens = async (crmUserId: string) => {
    const row = await t.dataSource.getRepository(UserEntity).findOneByOrFail({ crmUserId });
    return {
      access: vault().decrypt(row.accessToken!, row.id, 'accessToken'),
      refresh: vault().decrypt(row.refreshToken!, row.id, 'refreshToken'),
    };
  };

  it('runs a full session', async () => {
    // API key: a wrong key, then the right one.
    await t.http
      .post('/apiKeyLogin')
      .set('x-rc-access-token', RC_TOKEN)
      .send({ platform: 'sample-crm-apikey', apiKey: WRONG_KEY, rcAccessToken: RC_TOKEN })
      .expect(400);
    const alice = await loginWithApiKey(t.http, 'alice');
    secrets.set('API key', SAMPLE_USERS.alice.apiKey);
    secrets.set('wrong API key', WRONG_KEY);
    secrets.set('session JWT (API key)', alice);

    // OAuth: the popup flow, then the callback the way the client calls it.
    const { location } = await authorizeThroughBridge(t.http, 'bob');
    const code = new URL(location).searchParams.get('code')!;
    const callback = await t.http
      .get(`/oauth-callback?callbackUri=${location}&hostname=app.example&rcAccountId=1`)
      .expect(200);
    const bob = callback.body.jwtToken as string;
    expect(bob).toBeDefined();
    secrets.set('authorization code', code);
    secrets.set('session JWT (OAuth)', bob);
    secrets.set('CRM password', SAMPLE_LOGINS.bob.password);
    secrets.set('OAuth client secret', 'crm-bridge-secret');
    const first = await storedTokens('u_bob');
    secrets.set('access token', first.access);
    secrets.set('refresh token', first.refresh);

    // Lookups, old-client style (token in the query) and new-client style (Bearer).
    await t.http
      .get(`/contact?jwtToken=${alice}&phoneNumber=+14155550100`)
      .set('x-rc-access-token', RC_TOKEN)
      .expect(200);
    await t.http
      .get('/contact?phoneNumber=%2B14155550100')
      .set('authorization', `Bearer ${bob}`)
      .expect(200);
    await t.http.get(`/authValidation?jwtToken=${bob}`).expect(200);

    // A token refresh, and a refused access token (refresh + retry).
    await t.dataSource
      .getRepository(UserEntity)
      .update({ crmUserId: 'u_bob' }, { tokenRefreshAt: new Date(Date.now() - 1000) });
    await t.http.get(`/contact?jwtToken=${bob}&phoneNumber=+14155550100`).expect(200);
    const second = await storedTokens('u_bob');
    expect(second.access).not.toBe(first.access);
    secrets.set('refreshed access token', second.access);
    secrets.set('refreshed refresh token', second.refresh);

    // Call log with a recording download URL carrying a RingCentral token, then an update.
    const sessionId = uniqueSessionId();
    const downloadUrl = `https://media.ringcentral.test/content/1?accessToken=${RC_DOWNLOAD_TOKEN}`;
    secrets.set('download URL token', RC_DOWNLOAD_TOKEN);
    secrets.set('rcAccessToken', RC_TOKEN);
    const created = await t.http
      .post('/callLog')
      .set('authorization', `Bearer ${alice}`)
      .set('x-rc-access-token', RC_TOKEN)
      .send(
        callLogBody({ sessionId, logInfo: { recording: { link: '(pending...)', downloadUrl } } }),
      )
      .expect(200);
    expect(created.body.successful).toBe(true);
    await t.http
      .patch('/callLog')
      .set('authorization', `Bearer ${alice}`)
      .send({
        sessionId,
        recordingLink: 'https://media.ringcentral.test/recording/1',
        recordingDownloadLink: downloadUrl,
      })
      .expect(200);

    // Message log with the client's rcAccessToken in it.
    await t.http
      .post('/messageLog')
      .set('authorization', `Bearer ${bob}`)
      .send(messageLogBody({ logInfo: { rcAccessToken: RC_TOKEN } }))
      .expect(200);

    // Failures that get logged: a refused code exchange, a forged state, a CRM outage, a forged token.
    const retry = await authorizeThroughBridge(t.http, 'bob');
    secrets.set('second authorization code', new URL(retry.location).searchParams.get('code')!);
    t.crm.faults.set('POST /oauth/token', { status: 500, failNext: 1 });
    const refused = await t.http
      .get(`/oauth-callback?callbackUri=${retry.location}&hostname=app.example`)
      .expect(200);
    expect(refused.body.jwtToken).toBeUndefined();
    await t.http
      .get(`/oauth-callback?callbackUri=${retry.location.replace(/state=[^&]+/, 'state=forged')}`)
      .expect(200);
    t.crm.faults.set('GET /api/contacts', { status: 503, failNext: 1 });
    await t.http.get(`/contact?jwtToken=${alice}&phoneNumber=+14155550100`).expect(200);
    await t.http.get(`/hostname?jwtToken=${alice.slice(0, -3)}abc`).expect(400);

    // Logouts (the OAuth one revokes both tokens at the CRM).
    await t.http.post('/unAuthorize').set('authorization', `Bearer ${alice}`).expect(200);
    await t.http.post(`/unAuthorize?jwtToken=${bob}`).expect(200);

    secrets.set('session secret', SESSION_SECRET);
    secrets.set('hash secret', HASH_SECRET);
    secrets.set('encryption key', ENCRYPTION_KEY.slice(3));
  });

  it('logged it as JSON, with a debug line per request', () => {
    const lines = output.split('\n').filter(Boolean);
    const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    const requests = records.filter((r) => r.context === 'Http' && r.level === 'debug');
    expect(requests.length).toBeGreaterThanOrEqual(12);
    expect(requests).toContainEqual(
      expect.objectContaining({ method: 'POST', path: '/callLog', status: 200 }),
    );
    for (const request of requests) {
      expect(request).toEqual(
        expect.objectContaining({
          durationMs: expect.any(Number),
          requestId: expect.any(String),
        }),
      );
    }
    // The failures were logged, and the refresh at debug level.
    const others = records.filter((r) => r.context !== 'Http');
    expect(others).toContainEqual(
      expect.objectContaining({ level: 'warn', context: 'OAuthLogin' }),
    );
    expect(others).toContainEqual(
      expect.objectContaining({ level: 'debug', context: 'TokenRefresher' }),
    );
  });

  it('wrote no secret anywhere', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(16);
    for (const [name, value] of secrets) {
      expect(value.length).toBeGreaterThan(5);
      if (output.includes(value)) throw new Error(`the log contains the ${name}`);
    }
    expect(output).not.toMatch(/eyJ[\w-]{10,}\.[\w-]{10,}\./);
  });
});
