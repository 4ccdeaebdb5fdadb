import { Writable } from 'node:stream';
import { followAuthorizeUrl } from '../../examples/sample-crm/oauth-browser.js';
import { OAuthStrategies } from '../../src/auth/oauth/oauth-strategies.service.js';
import { PinoLogger } from '../../src/common/logging/pino-logger.js';
import { UserEntity } from '../../src/users/user.entity.js';
import {
  clientAuthorizeQuery,
  EMBEDDABLE_REDIRECT,
  SAMPLE_LOGINS,
} from '../support/oauth-login.js';
import {
  RC_TOKENS,
  startRingCentralStub,
  type RingCentralStub,
} from '../support/ringcentral-stub.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const ACME = { clientId: 'acme-app', clientSecret: 'acme-secret-7f3a9c' };
const PLATFORM_CLIENT = 'crm-bridge';

/** Managed OAuth (docs/client-contract.md, Admin and Auth): an account's own OAuth client. */
describe('managed OAuth: an admin brings the account’s own OAuth client, its users sign in with it', () => {
  let t: TestApp;
  let rc: RingCentralStub;
  let logs = '';
  let values: Record<string, unknown>;
  let bobJwt: string;

  const cache = (rcToken: string | undefined, body: unknown) => {
    const req = t.http.post('/admin/managedOAuth/cache').send(body as object);
    return rcToken ? req.set('X-RC-Access-Token', rcToken) : req;
  };
  const state = (rcToken: string) =>
    t.http.get('/oauthManagedAuthState?platform=sample-crm').set('X-RC-Access-Token', rcToken);
  const resetAccount = (rcToken: string, platform = 'sample-crm') =>
    t.http
      .delete(`/admin/managedOAuth/account?platform=${platform}`)
      .set('X-RC-Access-Token', rcToken);
  const start = (rcToken?: string) =>
    t.http
      .get(
        `/oauth-start/sample-crm?${clientAuthorizeQuery()}${rcToken ? `&rcAccessToken=${rcToken}` : ''}`,
      )
      .expect(302);
  /** The client's whole popup sign-in, with the RingCentral token on /oauth-start. */
  const signIn = async (who: keyof typeof SAMPLE_LOGINS, rcToken?: string) => {
    const started = await start(rcToken);
    const clientId = new URL(started.headers.location).searchParams.get('client_id');
    const { location } = await followAuthorizeUrl(started.headers.location, SAMPLE_LOGINS[who]);
    const reply = await t.http
      .get(`/oauth-callback?callbackUri=${location}&hostname=app.example&rcAccountId=37439510`)
      .expect(200);
    return { clientId, reply, location };
  };
  const grants = (clientId: string) => t.crm.store.grantStats().grantsByClient[clientId] ?? {};
  const userRow = (crmUserId: string) =>
    t.dataSource.getRepository(UserEntity).findOneByOrFail({ crmUserId });

  beforeAll(async () => {
    rc = await startRingCentralStub();
    t = await startTestApp({
      crmOptions: { countGrants: true, extraClients: [ACME] },
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
    });
    values = {
      ...ACME,
      accessTokenUri: `${t.crm.url}/oauth/token`,
      authorizationUri: `${t.crm.url}/oauth/auth`,
      redirectUri: EMBEDDABLE_REDIRECT,
      scopes: ['openid', 'offline_access', 'contacts', 'activities'],
    };
  });
  afterAll(async () => {
    await t.close();
    await rc.close();
  });

  it('before anything is cached: nothing managed, the admin is told so', async () => {
    expect((await state(RC_TOKENS.adminA).expect(200)).body).toEqual({
      isAdmin: true,
      hasAccountOAuth: false,
      hasPendingOAuth: false,
    });
    expect((await state(RC_TOKENS.agentA).expect(200)).body.isAdmin).toBe(false);
  });

  it('refuses non-admins (403), refused or missing RingCentral tokens and bad values (400)', async () => {
    for (const [token, says] of [
      [RC_TOKENS.agentA, 'Admin validation failed'],
      [RC_TOKENS.expired, 'RingCentral access token is invalid or expired'],
      ['forged-token', 'RingCentral access token is invalid or expired'],
    ]) {
      const refused = await cache(token, { values }).expect(403);
      expect(refused.text).toBe(says);
    }
    await cache(undefined, { values }).expect(400);
    const bad: [unknown, string][] = [
      [{}, 'values must be an object'],
      [{ values: 'x' }, 'values must be an object'],
      [{ values: { ...values, clientId: undefined } }, 'values.clientId is required'],
      [{ values: { ...values, clientSecret: 42 } }, 'values.clientSecret must be a string'],
      [
        { values: { ...values, accessTokenUri: 'not a url' } },
        'values.accessTokenUri must be an absolute https URL',
      ],
      [
        { values: { ...values, accessTokenUri: 'http://crm.example.com/token' } },
        'values.accessTokenUri must be an https URL',
      ],
      [
        { values: { ...values, accessTokenUri: 'https://169.254.169.254/latest/meta-data' } },
        'values.accessTokenUri 169.254.169.254 is not a host of an OAuth CRM of this server',
      ],
      [
        { values: { ...values, authorizationUri: 'javascript:alert(1)' } },
        'values.authorizationUri must be an https URL',
      ],
      [
        { values: { ...values, accessTokenUri: `${t.crm.url.replace('//', '//user:pw@')}/t` } },
        'values.accessTokenUri must not contain a user name or password',
      ],
      [
        { values: { ...values, redirectUri: 'https://evil.example/cb' } },
        "values.redirectUri must be one of this server's redirect URIs",
      ],
      [{ values: { ...values, scopes: 42 } }, 'values.scopes must be a string or a list'],
      [{ values: { ...values, hostname: 'a b' } }, 'values.hostname must be a plain host name'],
    ];
    for (const [body, says] of bad) {
      const reply = await cache(RC_TOKENS.adminA, body);
      expect([reply.status, reply.text]).toEqual([400, expect.stringContaining(says)]);
      expect(reply.text).not.toContain(ACME.clientSecret);
    }
    // A real CRM server of this deployment, but not an OAuth one: no secret goes there.
    const apiKeyCrm = await cache(RC_TOKENS.adminA, {
      values: { ...values, accessTokenUri: `${t.fieldCrm.url}/oauth/token` },
    });
    expect(apiKeyCrm.status).toBe(400);
    expect(apiKeyCrm.text).toContain('is not a host of an OAuth CRM of this server');
    // Nothing was stored by any refusal.
    expect(await t.dataSource.query('SELECT * FROM managed_oauth_pending')).toEqual([]);
  });

  it('an admin caches the values: pending for the admin only, sealed at rest, no secret returned', async () => {
    expect((await cache(RC_TOKENS.adminA, { values }).expect(200)).body).toEqual({
      successful: true,
    });
    const admin = (await state(RC_TOKENS.adminA).expect(200)).body;
    const { clientSecret: _secret, ...visible } = values;
    expect(admin).toEqual({
      isAdmin: true,
      hasAccountOAuth: false,
      hasPendingOAuth: true,
      pendingValues: visible,
    });
    expect((await state(RC_TOKENS.agentA).expect(200)).body).toEqual({
      isAdmin: false,
      hasAccountOAuth: false,
      hasPendingOAuth: false,
    });
    expect((await state(RC_TOKENS.adminB).expect(200)).body.hasPendingOAuth).toBe(false);
    const rows = await t.dataSource.query('SELECT * FROM managed_oauth_pending');
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(ACME.clientSecret);
    expect(JSON.stringify(rows)).not.toContain(ACME.clientId);
    expect(rows[0].account_key).toMatch(/^[0-9a-f]{64}$/);
  });

  it('pending values serve only the admin: an agent of the account still gets the platform client', async () => {
    const started = await start(RC_TOKENS.agentA);
    expect(new URL(started.headers.location).searchParams.get('client_id')).toBe(PLATFORM_CLIENT);
  });

  it('the admin signs in with the pending client, which then becomes the account’s', async () => {
    const { clientId, reply } = await signIn('alice', RC_TOKENS.adminA);
    expect(clientId).toBe(ACME.clientId);
    expect(reply.body).toMatchObject({ successful: true, name: 'Alice Example' });
    // The CRM's OAuth server issued the code grant to the account's client.
    expect(grants(ACME.clientId)).toEqual({ authorization_code: 1 });
    expect(grants(PLATFORM_CLIENT).authorization_code ?? 0).toBe(0);
    expect(await userRow('u_alice')).toMatchObject({
      oauthAccountKey: expect.stringMatching(/^[0-9a-f]{64}$/),
      oauthClientId: ACME.clientId,
    });
    const { clientSecret: _secret, ...visible } = values;
    expect((await state(RC_TOKENS.agentA).expect(200)).body).toEqual({
      isAdmin: false,
      hasAccountOAuth: true,
      hasPendingOAuth: false,
      oauthValues: visible,
    });
    expect((await state(RC_TOKENS.adminA).expect(200)).body).toMatchObject({
      hasAccountOAuth: true,
      hasPendingOAuth: false,
    });
    expect(await t.dataSource.query('SELECT * FROM managed_oauth_pending')).toEqual([]);
    const accounts = await t.dataSource.query('SELECT * FROM managed_oauth_accounts');
    expect(accounts).toHaveLength(1);
    expect(JSON.stringify(accounts)).not.toContain(ACME.clientSecret);
  });

  it('another agent of the account signs in with the account client, and its refresh uses it', async () => {
    const { clientId, reply } = await signIn('bob', RC_TOKENS.agentA);
    expect(clientId).toBe(ACME.clientId);
    expect(reply.body.successful).toBe(true);
    bobJwt = reply.body.jwtToken;
    expect(grants(ACME.clientId).authorization_code).toBe(2);
    await t.dataSource
      .getRepository(UserEntity)
      .update({ crmUserId: 'u_bob' }, { tokenRefreshAt: new Date(Date.now() - 1000) });
    const lookup = await t.http
      .get(`/contact?jwtToken=${reply.body.jwtToken}&phoneNumber=+14155550100`)
      .expect(200);
    expect(lookup.body.successful).toBe(true);
    expect(grants(ACME.clientId).refresh_token).toBe(1);
    expect(grants(PLATFORM_CLIENT).refresh_token ?? 0).toBe(0);
  });

  it('another account sees nothing and changes nothing; a user without a RingCentral token gets the platform client', async () => {
    expect((await state(RC_TOKENS.adminB).expect(200)).body).toEqual({
      isAdmin: true,
      hasAccountOAuth: false,
      hasPendingOAuth: false,
    });
    await resetAccount(RC_TOKENS.adminB).expect(200, { successful: true });
    await t.http.delete('/admin/managedOAuth/cache').set('X-RC-Access-Token', RC_TOKENS.adminB);
    expect((await state(RC_TOKENS.agentA).expect(200)).body.hasAccountOAuth).toBe(true);
    const other = await start(RC_TOKENS.agentB);
    expect(new URL(other.headers.location).searchParams.get('client_id')).toBe(PLATFORM_CLIENT);
    const none = await start();
    expect(new URL(none.headers.location).searchParams.get('client_id')).toBe(PLATFORM_CLIENT);
    await resetAccount(RC_TOKENS.agentA).expect(403);
  });

  it('refuses a forged state, one re-bound to another account, and a refused RingCentral token', async () => {
    const started = await start(RC_TOKENS.agentA);
    const { location, state: issued } = await followAuthorizeUrl(
      started.headers.location,
      SAMPLE_LOGINS.alice,
    );
    const [body] = issued!.split('.');
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString());
    expect(payload.a).toMatch(/^[\w-]{22}$/);
    // Signed with the server's own key, but naming another account: the stored row disagrees.
    const rebound = t.app.get(OAuthStrategies).signer.sign({ ...payload, a: 'A'.repeat(22) });
    const forged = `${Buffer.from(JSON.stringify({ ...payload, a: undefined })).toString('base64url')}.${issued!.split('.')[1]}`;
    for (const bad of [rebound, forged]) {
      const reply = await t.http
        .get(`/oauth-callback?callbackUri=${location.replace(issued!, bad)}`)
        .expect(200);
      expect(reply.body.returnMessage.message).toBe(
        'Login link expired or invalid. Please connect again.',
      );
    }
    expect(grants(ACME.clientId).authorization_code).toBe(2);
    // The popup may name the account's client or the platform's, nothing else (nor none).
    const withAccountClient = await t.http
      .get(
        `/oauth-start/sample-crm?${clientAuthorizeQuery({ client_id: ACME.clientId })}&rcAccessToken=${RC_TOKENS.agentA}`,
      )
      .expect(302);
    expect(new URL(withAccountClient.headers.location).searchParams.get('client_id')).toBe(
      ACME.clientId,
    );
    for (const clientId of ['nope', '']) {
      const unknown = await t.http
        .get(
          `/oauth-start/sample-crm?${clientAuthorizeQuery({ client_id: clientId })}&rcAccessToken=${RC_TOKENS.agentA}`,
        )
        .expect(400);
      expect(unknown.text).toContain('Unknown client_id.');
    }
    const refused = await t.http
      .get(`/oauth-start/sample-crm?${clientAuthorizeQuery()}&rcAccessToken=${RC_TOKENS.expired}`)
      .expect(400);
    expect(refused.text).toContain('RingCentral access token is invalid or expired');
  });

  it('DELETE account resets: state is empty, the next sign-in uses the platform client, old grants reconnect', async () => {
    const missing = await t.http
      .delete('/admin/managedOAuth/account')
      .set('X-RC-Access-Token', RC_TOKENS.adminA);
    expect(missing.status).toBe(400);
    expect(missing.text).toContain('platform is required');
    await resetAccount(RC_TOKENS.adminA).expect(200, { successful: true });
    expect((await state(RC_TOKENS.agentA).expect(200)).body).toEqual({
      isAdmin: false,
      hasAccountOAuth: false,
      hasPendingOAuth: false,
    });
    // bob's grant came from the removed client: it cannot be refreshed with another one.
    const bob = await userRow('u_bob');
    await t.dataSource
      .getRepository(UserEntity)
      .update({ id: bob.id }, { tokenRefreshAt: new Date(Date.now() - 1000) });
    const before = grants(PLATFORM_CLIENT).refresh_token ?? 0;
    const { clientId, reply } = await signIn('alice', RC_TOKENS.agentA);
    expect(clientId).toBe(PLATFORM_CLIENT);
    expect(reply.body.successful).toBe(true);
    expect(grants(PLATFORM_CLIENT).authorization_code).toBe(1);
    expect(await userRow('u_alice')).toMatchObject({ oauthAccountKey: null, oauthClientId: null });
    const stale = await t.http
      .get(`/contact?jwtToken=${bobJwt}&phoneNumber=+14155550100`)
      .expect(200);
    expect(stale.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Authorization error' },
    });
    expect(JSON.stringify(stale.body)).toContain('Please log out and connect again.');
    expect(grants(PLATFORM_CLIENT).refresh_token ?? 0).toBe(before);
    expect(grants(ACME.clientId).refresh_token).toBe(1);
  });

  it('DELETE cache removes pending values; non-admins cannot', async () => {
    await cache(RC_TOKENS.adminA, { values: { ...values, scopes: 'openid contacts' } }).expect(200);
    expect((await state(RC_TOKENS.adminA).expect(200)).body.pendingValues.scopes).toBe(
      'openid contacts',
    );
    await t.http
      .delete('/admin/managedOAuth/cache')
      .set('X-RC-Access-Token', RC_TOKENS.agentA)
      .expect(403);
    await t.http
      .delete('/admin/managedOAuth/cache')
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .expect(200, { successful: true });
    expect((await state(RC_TOKENS.adminA).expect(200)).body.hasPendingOAuth).toBe(false);
  });

  it('the state route needs a platform and a RingCentral token RingCentral accepts', async () => {
    await t.http.get('/oauthManagedAuthState?platform=sample-crm').expect(400);
    await t.http
      .get('/oauthManagedAuthState')
      .set('X-RC-Access-Token', RC_TOKENS.adminA)
      .expect(400);
    const refused = await state(RC_TOKENS.expired).expect(400);
    expect(refused.text).toContain('RingCentral access token is invalid or expired');
  });

  it('the logs never carried the client secret', () => {
    expect(logs).toContain('/admin/managedOAuth/cache');
    expect(logs).not.toContain(ACME.clientSecret);
    expect(logs).toContain('/oauth-start/sample-crm');
    expect(logs).not.toContain(RC_TOKENS.adminA);
  });
});
