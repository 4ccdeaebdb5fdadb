import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { UserEntity } from '../../src/users/user.entity.js';
import { oauthPlatformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

describe.each(oauthPlatformsUnderTest())(
  'OAuth tokens in use: refresh before expiry, after a 401, and revocation by the CRM ($platform)',
  oauthTokensInUse,
);

function oauthTokensInUse(p: PlatformUnderTest): void {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    t = await startTestApp({ crmOptions: { countGrants: true } });
  });
  afterAll(() => t.close());
  beforeEach(async () => {
    token = await p.login(t.http, 'alice');
    t.crm.store.resetGrantStats();
  });

  const lookup = (jwt = token) => t.http.get(`/contact?jwtToken=${jwt}&phoneNumber=+14155550100`);
  const alice = () =>
    t.dataSource.getRepository(UserEntity).findOneByOrFail({ crmUserId: 'u_alice' });
  const storedAccessToken = async () => {
    const row = await alice();
    return t.app.get(CredentialVault).decrypt(row.accessToken!, row.id, 'accessToken');
  };

  it('refreshes a token that is due, once, however many requests need it', async () => {
    // Time passes: the token is now within its refresh margin.
    await t.dataSource
      .getRepository(UserEntity)
      .update({ crmUserId: 'u_alice' }, { tokenRefreshAt: new Date(Date.now() - 1000) });
    const before = await storedAccessToken();
    const replies = await Promise.all(Array.from({ length: 20 }, () => lookup()));
    for (const reply of replies)
      expect(reply.body).toMatchObject({ successful: true, contact: [{ name: 'Jane Doe' }, {}] });
    expect(t.crm.store.grantStats().grants.refresh_token).toBe(1);
    expect(await storedAccessToken()).not.toBe(before);
    expect((await alice()).tokenRefreshAt!.getTime()).toBeGreaterThan(Date.now() + 60_000);
  });

  it('refreshes once and retries once when the CRM refuses the access token', async () => {
    const revoked = await fetch(`${t.crm.url}/oauth/token/revocation`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        token: await storedAccessToken(),
        token_type_hint: 'access_token',
        client_id: 'crm-bridge',
        client_secret: 'crm-bridge-secret',
      }),
    });
    expect(revoked.status).toBe(200);
    t.crm.store.resetStats();
    const reply = await lookup().expect(200);
    expect(reply.body.successful).toBe(true);
    expect(t.crm.store.grantStats().grants.refresh_token).toBe(1);
    // The first contact search was refused (401), then every variant ran with the new token.
    expect(t.crm.store.stats()['GET /api/contacts']).toBeGreaterThan(1);
  });

  it('answers 401 CRM_SESSION_REVOKED once the CRM revoked the grant, and logout still works', async () => {
    t.crm.store.revokeAllTokensFor('u_alice');
    const reply = await lookup().expect(401);
    expect(reply.body).toEqual({
      successful: false,
      errorCode: 'CRM_SESSION_REVOKED',
      returnMessage: {
        message: 'User session expired. Please connect again.',
        messageType: 'warning',
        ttl: 5000,
      },
    });
    const row = await alice();
    expect(row).toMatchObject({ accessToken: null, refreshToken: null });
    expect(row.revokedAt).toBeInstanceOf(Date);
    // From now on the CRM is not even asked.
    t.crm.store.resetStats();
    await lookup().expect(401);
    await t.http.get(`/authValidation?jwtToken=${token}`).expect(401);
    expect(t.crm.store.stats()).toEqual({});
    const logout = await t.http.post(`/unAuthorize?jwtToken=${token}`).expect(200);
    expect(logout.body.successful).toBe(true);
    // Connecting again clears the revocation.
    const again = await p.login(t.http, 'alice');
    await lookup(again).expect(200);
    expect((await alice()).revokedAt).toBeNull();
  });

  it('keeps the connection through a CRM hiccup on /authValidation', async () => {
    t.crm.faults.set('GET /api/me', { status: 503 });
    const reply = await t.http.get(`/authValidation?jwtToken=${token}`).expect(200);
    t.crm.faults.clear();
    expect(reply.body).toEqual({ successful: true, validated: false });
    const ok = await t.http.get(`/authValidation?jwtToken=${token}`).expect(200);
    expect(ok.body).toEqual({ successful: true });
  });
}
