import {
  EMBEDDABLE_REDIRECT,
  authorizeThroughBridge,
  clientAuthorizeQuery,
  loginWithOAuth,
  SAMPLE_LOGINS,
} from '../support/oauth-login.js';
import { followAuthorizeUrl } from '../../examples/sample-crm/oauth-browser.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { OAuthStateEntity } from '../../src/auth/oauth/oauth-state.entity.js';

const LINK_INVALID = {
  successful: false,
  returnMessage: {
    message: 'Login link expired or invalid. Please connect again.',
    messageType: 'warning',
    ttl: 5000,
  },
};

describe('OAuth sign-in through crm-bridge (sample CRM on oidc-provider)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      crmOptions: {
        countGrants: true,
        redirectUris: [EMBEDDABLE_REDIRECT, 'http://crm-bridge.test/auth/sample-crm/callback'],
      },
    });
  });
  afterAll(() => t.close());

  const userRows = () =>
    t.dataSource.query('SELECT id, access_token, refresh_token, updated_at FROM users ORDER BY id');

  it('redirects /oauth-start to the CRM with a signed state, PKCE and the registered redirect', async () => {
    const res = await t.http.get(`/oauth-start/sample-crm?${clientAuthorizeQuery()}`).expect(302);
    const location = new URL(res.headers.location);
    expect(`${location.origin}${location.pathname}`).toBe(`${t.crm.url}/oauth/auth`);
    const q = location.searchParams;
    expect(q.get('client_id')).toBe('crm-bridge');
    expect(q.get('redirect_uri')).toBe(EMBEDDABLE_REDIRECT);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('scope')).toBe('openid offline_access contacts activities');
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[\w-]{43}$/);
    expect(q.get('state')).not.toBe('platform=sample-crm');
    expect(q.get('state')!.length).toBeLessThan(200);
    const [row] = await t.dataSource.query('SELECT code_verifier FROM oauth_states');
    expect(row.code_verifier).toMatch(/^v1:/);
  });

  it('signs in with the split callback query (the client pastes callbackUri unencoded)', async () => {
    const { location, code, state } = await authorizeThroughBridge(t.http, 'alice');
    expect(location.startsWith(`${EMBEDDABLE_REDIRECT}?`)).toBe(true);
    expect(code && state).toBeTruthy();
    const res = await t.http
      .get(`/oauth-callback?callbackUri=${location}&hostname=app.example&rcAccountId=1`)
      .expect(200);
    expect(res.body).toEqual({
      successful: true,
      jwtToken: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
      name: 'Alice Example',
      returnMessage: { message: 'Successfully authorized.', messageType: 'success', ttl: 3000 },
    });
    const contact = await t.http
      .get(`/contact?jwtToken=${res.body.jwtToken}&phoneNumber=+14155550100`)
      .expect(200);
    expect(contact.body.contact[0].name).toBe('Jane Doe');
    const rows = await userRows();
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toMatch(/access_token":"(?!v1:)/);
    expect(rows[0].refresh_token).toMatch(/^v1:/);
  });

  it('signs in with code and state inside an encoded callbackUri', async () => {
    const { location } = await authorizeThroughBridge(t.http, 'bob');
    const res = await t.http
      .get(`/oauth-callback?callbackUri=${encodeURIComponent(location)}&hostname=x`)
      .expect(200);
    expect(res.body).toMatchObject({ successful: true, name: 'Bob Example' });
  });

  it('refuses a replayed state: nothing is stored or changed', async () => {
    const { location } = await authorizeThroughBridge(t.http, 'alice');
    await t.http.get(`/oauth-callback?callbackUri=${location}`).expect(200);
    const before = await userRows();
    const grants = t.crm.store.grantStats().grants.authorization_code;
    const replay = await t.http.get(`/oauth-callback?callbackUri=${location}`).expect(200);
    expect(replay.body).toEqual(LINK_INVALID);
    expect(await userRows()).toEqual(before);
    expect(t.crm.store.grantStats().grants.authorization_code).toBe(grants);
  });

  it('refuses forged and bare states without asking the CRM', async () => {
    const { location, state } = await authorizeThroughBridge(t.http, 'alice');
    const before = await userRows();
    const [body, mac] = state!.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), p: 'sample-crm' }),
    ).toString('base64url');
    for (const forged of [
      `${forgedPayload}.${mac.slice(0, -2)}xx`,
      'platform=sample-crm',
      'garbage',
      `${body}.${'A'.repeat(43)}`,
    ]) {
      const res = await t.http
        .get(`/oauth-callback?callbackUri=${location.replace(`state=${state}`, `state=${forged}`)}`)
        .expect(200);
      expect(res.body).toEqual(LINK_INVALID);
      expect(res.body.jwtToken).toBeUndefined();
    }
    expect(await userRows()).toEqual(before);
  });

  it('refuses an expired state', async () => {
    const { location } = await authorizeThroughBridge(t.http, 'alice');
    await t.dataSource
      .getRepository(OAuthStateEntity)
      .createQueryBuilder()
      .update()
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .execute();
    const res = await t.http.get(`/oauth-callback?callbackUri=${location}`).expect(200);
    expect(res.body).toEqual(LINK_INVALID);
  });

  it('reports a denied consent as cancelled', async () => {
    const { location, error } = await authorizeThroughBridge(t.http, 'alice', { approve: false });
    expect(error).toBe('access_denied');
    const res = await t.http.get(`/oauth-callback?callbackUri=${location}`).expect(200);
    expect(res.body).toEqual({
      successful: false,
      returnMessage: { message: 'Authorization was cancelled', messageType: 'warning', ttl: 5000 },
    });
  });

  it.each([
    [
      'a redirect_uri not on the allow-list',
      { redirect_uri: encodeURIComponent('https://evil.example/steal') },
      'redirect_uri',
    ],
    ['an unknown client_id', { client_id: 'someone-else' }, 'client_id'],
    ['a state for another platform', { state: 'platform=other' }, 'state'],
    ['an implicit-flow request', { response_type: 'token' }, 'authorization-code'],
  ])(
    'answers /oauth-start with %s by a 400 page, without going to the CRM',
    async (_, overrides, text) => {
      const res = await t.http
        .get(`/oauth-start/sample-crm?${clientAuthorizeQuery(overrides)}`)
        .expect(400);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.text).toContain(text);
      expect(res.headers.location).toBeUndefined();
    },
  );

  it('answers /oauth-start for an API-key or unknown platform with a 400 page', async () => {
    await t.http
      .get(
        `/oauth-start/sample-crm-apikey?${clientAuthorizeQuery({ state: 'platform=sample-crm-apikey' })}`,
      )
      .expect(400);
    await t.http
      .get(`/oauth-start/nope?${clientAuthorizeQuery({ state: 'platform=nope' })}`)
      .expect(400);
  });

  it('refuses a callback to a redirect URI that is not registered, and one without any code', async () => {
    const { location } = await authorizeThroughBridge(t.http, 'alice');
    const res = await t.http
      .get(
        `/oauth-callback?callbackUri=${location.replace(EMBEDDABLE_REDIRECT, 'https://evil.example/cb')}`,
      )
      .expect(400);
    expect(res.text).toContain('allowed redirect URI');
    await t.http.get('/oauth-callback?hostname=x').expect(400);
  });

  it('supports a server-driven flow that returns to crm-bridge itself', async () => {
    const start = await t.http.get('/auth/sample-crm/login').expect(302);
    expect(new URL(start.headers.location).searchParams.get('redirect_uri')).toBe(
      'http://crm-bridge.test/auth/sample-crm/callback',
    );
    const { location } = await followAuthorizeUrl(start.headers.location, SAMPLE_LOGINS.bob);
    const back = new URL(location);
    expect(back.pathname).toBe('/auth/sample-crm/callback');
    const res = await t.http.get(`${back.pathname}${back.search}`).expect(200);
    expect(res.body).toMatchObject({
      successful: true,
      name: 'Bob Example',
      jwtToken: expect.any(String),
    });
  });

  it('logs out: revokes both tokens at the CRM and refuses the old session token', async () => {
    const token = await loginWithOAuth(t.http, 'alice');
    const vault = t.app.get(CredentialVault);
    const [row] = await t.dataSource.query(
      "SELECT id, access_token, refresh_token FROM users WHERE crm_user_id = 'u_alice'",
    );
    const accessToken = vault.decrypt(row.access_token, row.id, 'accessToken');
    const refreshToken = vault.decrypt(row.refresh_token, row.id, 'refreshToken');
    const me = () =>
      fetch(`${t.crm.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect((await me()).status).toBe(200);
    t.crm.store.resetGrantStats();
    const res = await t.http.post(`/unAuthorize?jwtToken=${token}`).expect(200);
    expect(res.body).toEqual({
      successful: true,
      returnMessage: { message: 'Logged out of Sample CRM.', messageType: 'success', ttl: 3000 },
    });
    expect(t.crm.store.grantStats().revocations).toBe(2);
    expect((await me()).status).toBe(401);
    const refreshed = await fetch(`${t.crm.url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refreshToken,
        client_id: 'crm-bridge',
        client_secret: 'crm-bridge-secret',
      }),
    });
    expect(await refreshed.json()).toMatchObject({ error: 'invalid_grant' });
    const after = await t.http
      .get(`/contact?jwtToken=${token}&phoneNumber=+14155550100`)
      .expect(400);
    expect(after.text).toBe('Please go to Settings and authorize CRM platform');
  });
});
