import {
  authorizeWithPassword,
  createPkcePair,
  followAuthorizeUrl,
  startSampleCrm,
  type AuthorizeResult,
  type RunningSampleCrm,
} from './sample-crm.js';
import { CookieJar } from './oauth-browser.js';
import type { GrantStats } from './sample-crm-store.js';

/** Registered for these tests; nothing listens there (the flow stops at the redirect). */
const REDIRECT_URI = 'http://127.0.0.1:9/auth/sample-crm/callback';
const CLIENT_ID = 'crm-bridge';
const CLIENT_SECRET = 'crm-bridge-secret';
const ALL_SCOPES = 'openid offline_access contacts activities';
const ALICE = { email: 'alice@sample-crm.test', password: 'alice-password' };
const BOB = { email: 'bob@sample-crm.test', password: 'bob-password' };

type Json = Record<string, unknown>;

interface TokenSet {
  access_token: string;
  refresh_token?: string;
  id_token?: string;
  token_type: string;
  expires_in: number;
  scope: string;
}

interface Answer<T = Json> {
  status: number;
  headers: Headers;
  body: T;
}

let crm: RunningSampleCrm;

beforeAll(async () => {
  crm = await startSampleCrm({
    testApi: true,
    countGrants: true,
    redirectUris: [REDIRECT_URI, 'http://localhost:3000/auth/sample-crm/callback'],
  });
});
afterAll(() => crm.close());
beforeEach(() => crm.reset());

async function answer<T = Json>(res: Response): Promise<Answer<T>> {
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // HTML pages stay text
  }
  return { status: res.status, headers: res.headers, body: body as T };
}

/** POST to the token or revocation endpoint with client_secret_post (default) or _basic. */
async function oauthPost<T = Json>(
  path: string,
  params: Record<string, string>,
  {
    auth = 'post',
    secret = CLIENT_SECRET,
    server = crm,
  }: { auth?: 'post' | 'basic'; secret?: string; server?: RunningSampleCrm } = {},
): Promise<Answer<T>> {
  const body = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (auth === 'post') {
    body.set('client_id', CLIENT_ID);
    body.set('client_secret', secret);
  } else {
    headers.authorization = `Basic ${Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64')}`;
  }
  return answer<T>(await fetch(`${server.url}${path}`, { method: 'POST', headers, body }));
}

const token = <T = TokenSet>(
  params: Record<string, string>,
  opts?: Parameters<typeof oauthPost>[2],
) => oauthPost<T>('/oauth/token', params, opts);

const refresh = (refreshToken: string, opts?: Parameters<typeof oauthPost>[2]) =>
  token({ grant_type: 'refresh_token', refresh_token: refreshToken }, opts);

const revoke = (value: string, hint?: string, opts?: Parameters<typeof oauthPost>[2]) =>
  oauthPost(
    '/oauth/token/revocation',
    { token: value, ...(hint ? { token_type_hint: hint } : {}) },
    opts,
  );

async function api<T = Json>(
  path: string,
  credentials: { bearer?: string; apiKey?: string },
  server = crm,
): Promise<Answer<T>> {
  const headers: Record<string, string> = {};
  if (credentials.bearer) headers.authorization = `Bearer ${credentials.bearer}`;
  if (credentials.apiKey) headers['x-api-key'] = credentials.apiKey;
  return answer<T>(await fetch(`${server.url}${path}`, { headers }));
}

/** Signs in through the pages and exchanges the code: a fresh grant's tokens. */
async function connect({
  login = ALICE,
  scope = ALL_SCOPES,
  server = crm,
}: { login?: typeof ALICE; scope?: string; server?: RunningSampleCrm } = {}): Promise<TokenSet> {
  const pkce = createPkcePair();
  const result = await authorizeWithPassword(server.url, {
    ...login,
    redirectUri: REDIRECT_URI,
    scope,
    state: 'state-1',
    codeChallenge: pkce.challenge,
  });
  expect(result).toMatchObject({ state: 'state-1', error: undefined });
  const exchanged = await token(
    {
      grant_type: 'authorization_code',
      code: result.code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
    },
    { server },
  );
  expect(exchanged.status).toBe(200);
  return exchanged.body;
}

function authorizeUrl(params: Record<string, string>, server = crm): string {
  const url = new URL(`${server.url}/oauth/auth`);
  url.search = new URLSearchParams({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: ALL_SCOPES,
    state: 'xyz',
    ...params,
  }).toString();
  return url.href;
}

/** A browser over fetch: manual redirects, a cookie jar. */
class Browser {
  readonly jar = new CookieJar();

  async go(url: string, form?: Record<string, string>): Promise<Answer<string>> {
    const res = await fetch(url, {
      method: form ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        accept: 'text/html',
        cookie: this.jar.header(),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
    this.jar.store(res.headers.getSetCookie());
    return { status: res.status, headers: res.headers, body: await res.text() };
  }

  /** Follows redirects while they stay on the CRM; returns the page or the redirect away. */
  async follow(url: string, form?: Record<string, string>) {
    let page = await this.go(url, form);
    let at = url;
    while (page.status >= 300 && page.status < 400) {
      const next = new URL(page.headers.get('location')!, at).href;
      if (!next.startsWith(`${crm.url}/`)) return { page, at, redirect: next };
      at = next;
      page = await this.go(next);
    }
    return { page, at, redirect: undefined };
  }
}

function formAction(html: string, id: string, base: string): string {
  const action = new RegExp(`<form\\b[^>]*\\bid="${id}"[^>]*\\baction="([^"]*)"`).exec(html)?.[1];
  if (!action) throw new Error(`no form #${id} in ${html}`);
  return new URL(action.replace(/&amp;/g, '&'), base).href;
}

describe('discovery', () => {
  it('publishes the issuer and endpoints under /oauth', async () => {
    const { status, body } = await api('/oauth/.well-known/openid-configuration', {});
    expect(status).toBe(200);
    expect(body).toMatchObject({
      issuer: `${crm.url}/oauth`,
      authorization_endpoint: `${crm.url}/oauth/auth`,
      token_endpoint: `${crm.url}/oauth/token`,
      revocation_endpoint: `${crm.url}/oauth/token/revocation`,
      code_challenge_methods_supported: ['S256'],
      grant_types_supported: expect.arrayContaining(['authorization_code', 'refresh_token']),
      scopes_supported: expect.arrayContaining(ALL_SCOPES.split(' ')),
      token_endpoint_auth_methods_supported: expect.arrayContaining([
        'client_secret_basic',
        'client_secret_post',
      ]),
    });
    expect(crm.issuer).toBe(`${crm.url}/oauth`);
  });
});

describe('authorization code flow over plain HTTP', () => {
  it('logs in, consents, exchanges the code and calls the API with the token', async () => {
    const pkce = createPkcePair();
    const browser = new Browser();
    const start = authorizeUrl({
      state: 'st<&>',
      code_challenge: pkce.challenge,
      code_challenge_method: 'S256',
    });

    // /oauth/auth → the login page
    const login = await browser.follow(start);
    expect(login.page.status).toBe(200);
    expect(login.at).toMatch(new RegExp(`^${crm.url}/oauth/interaction/[\\w-]+$`));
    expect(login.page.headers.get('cache-control')).toBe('no-store');
    expect(login.page.body).toContain('id="email" name="email"');
    expect(login.page.body).toContain('id="password" name="password" type="password"');
    expect(browser.jar.header()).toMatch(/_interaction=/);

    // credentials → the consent page
    const consent = await browser.follow(formAction(login.page.body, 'login', login.at), ALICE);
    expect(consent.page.status).toBe(200);
    expect(consent.page.body).toContain('<strong id="client">crm-bridge</strong>');
    expect(consent.page.body).toContain('Alice Example');
    for (const scope of ALL_SCOPES.split(' ')) {
      expect(consent.page.body).toContain(`<code>${scope}</code>`);
    }
    expect(consent.page.body).toMatch(/id="approve"[^>]*name="decision" value="approve"/);
    expect(consent.page.body).toMatch(/id="deny"[^>]*name="decision" value="deny"/);

    // approve → back to the client with code and state
    const done = await browser.follow(formAction(consent.page.body, 'consent', consent.at), {
      decision: 'approve',
    });
    expect(done.redirect).toBeDefined();
    const back = new URL(done.redirect!);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT_URI);
    expect(back.searchParams.get('state')).toBe('st<&>');
    const code = back.searchParams.get('code');
    expect(code).toBeTruthy();

    const tokens = await token({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
    });
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({
      token_type: 'Bearer',
      expires_in: 3600,
      scope: ALL_SCOPES,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
      id_token: expect.any(String),
    });
    // Opaque, not a JWT.
    expect(tokens.body.access_token.split('.')).toHaveLength(1);

    const me = await api('/api/me', { bearer: tokens.body.access_token });
    expect(me).toMatchObject({ status: 200 });
    expect(me.body).toEqual((await api('/api/me', { apiKey: 'sample-key-alice' })).body);
    expect(me.body).toEqual({
      id: 'u_alice',
      name: 'Alice Example',
      email: 'alice@sample-crm.test',
      timezone: 'America/Los_Angeles',
    });
    const contacts = await api<{ data: unknown[] }>('/api/contacts?name=diaz', {
      bearer: tokens.body.access_token,
    });
    expect(contacts.body.data).toHaveLength(2);

    // The code works once.
    const again = await token({
      grant_type: 'authorization_code',
      code: code!,
      redirect_uri: REDIRECT_URI,
      code_verifier: pkce.verifier,
    });
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('signs each user in as themselves', async () => {
    const bob = await connect({ login: BOB });
    expect((await api('/api/me', { bearer: bob.access_token })).body).toMatchObject({
      id: 'u_bob',
    });
  });

  it('follows a full authorize URL with the exported helper', async () => {
    const pkce = createPkcePair();
    const result = await followAuthorizeUrl(
      authorizeUrl({ code_challenge: pkce.challenge, code_challenge_method: 'S256' }),
      ALICE,
    );
    expect(result.location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
    expect(result).toMatchObject({ state: 'xyz', code: expect.any(String) });
  });

  it('accepts client_secret_basic as well as client_secret_post', async () => {
    const { refresh_token } = await connect();
    const basic = await refresh(refresh_token!, { auth: 'basic' });
    expect(basic.status).toBe(200);
    const post = await refresh(basic.body.refresh_token!, { auth: 'post' });
    expect(post.status).toBe(200);
  });

  it('rejects a wrong client secret', async () => {
    const { refresh_token } = await connect();
    for (const auth of ['post', 'basic'] as const) {
      const res = await refresh(refresh_token!, { auth, secret: 'wrong' });
      expect(res).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
    }
  });

  it('issues no refresh token without offline_access', async () => {
    const tokens = await connect({ scope: 'openid contacts activities' });
    expect(tokens.refresh_token).toBeUndefined();
    expect(tokens.scope).toBe('openid contacts activities');
  });

  it('limits a bearer token to its scopes', async () => {
    const tokens = await connect({ scope: 'offline_access contacts' });
    const bearer = tokens.access_token;
    expect((await api('/api/me', { bearer })).status).toBe(200);
    expect((await api('/api/contacts?name=jane', { bearer })).status).toBe(200);
    const denied = await api('/api/activities?contactId=101', { bearer });
    expect(denied).toMatchObject({
      status: 403,
      body: { error: 'insufficient_scope', message: 'The access token lacks the activities scope' },
    });
    expect(denied.headers.get('www-authenticate')).toContain('error="insufficient_scope"');
  });
});

describe('login and consent pages', () => {
  it('shows the form again on a wrong password, escaping what it echoes', async () => {
    const browser = new Browser();
    const login = await browser.follow(authorizeUrl({}));
    const action = formAction(login.page.body, 'login', login.at);

    const wrong = await browser.follow(action, {
      email: '<script>alert(1)</script>@x',
      password: 'nope',
    });
    expect(wrong.page.status).toBe(401);
    expect(wrong.page.body).toContain('Wrong email or password.');
    expect(wrong.page.body).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;@x"');
    expect(wrong.page.body).not.toContain('<script>');
    const wrongForBob = await browser.follow(action, { email: BOB.email, password: 'x' });
    expect(wrongForBob.page.status).toBe(401);

    // The same interaction still accepts the right password.
    const consent = await browser.follow(formAction(wrong.page.body, 'login', wrong.at), ALICE);
    expect(consent.page.body).toContain('id="consent"');
  });

  it('makes the helper fail with the page message on a wrong password', async () => {
    await expect(
      followAuthorizeUrl(authorizeUrl({}), { email: ALICE.email, password: 'bob-password' }),
    ).rejects.toThrow(/HTTP 401.*Wrong email or password/);
  });

  it('sends access_denied back to the client when consent is denied', async () => {
    const denied = await followAuthorizeUrl(authorizeUrl({ state: 's-9' }), {
      ...ALICE,
      approve: false,
    });
    expect(denied).toMatchObject({ error: 'access_denied', state: 's-9', code: undefined });
    expect(denied.location.startsWith(`${REDIRECT_URI}?`)).toBe(true);
  });

  it('sends access_denied back when the user cancels the login', async () => {
    const browser = new Browser();
    const login = await browser.follow(authorizeUrl({}));
    const done = await browser.follow(formAction(login.page.body, 'login', login.at), {
      decision: 'deny',
    });
    expect(new URL(done.redirect!).searchParams.get('error')).toBe('access_denied');
  });

  it('answers a stale or unknown interaction with a page, not a stack', async () => {
    const stranger = new Browser();
    const page = await stranger.go(`${crm.url}/oauth/interaction/nope`);
    expect(page.status).toBe(400);
    expect(page.body).toContain('This sign-in has expired or was already used.');
    const post = await stranger.go(`${crm.url}/oauth/interaction/nope/login`, ALICE);
    expect(post.status).toBe(400);
    expect(post.body).not.toMatch(/at .*\.js/);
    const huge = await stranger.go(`${crm.url}/oauth/interaction/nope/login`, {
      email: 'x'.repeat(20_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toContain('Bad request.');
  });

  it('never redirects to an unregistered redirect_uri', async () => {
    const evil = 'https://evil.example/callback';
    const res = await new Browser().go(authorizeUrl({ redirect_uri: evil }));
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(res.body).toContain('redirect_uri did not match any of the client');
    expect(res.body).not.toContain(evil);

    await expect(
      authorizeWithPassword(crm.url, { ...ALICE, redirectUri: evil, state: 's' }),
    ).rejects.toThrow(/HTTP 400.*invalid_redirect_uri/);
  });

  it('accepts the default RingCentral Embeddable redirect URI', async () => {
    const other = await startSampleCrm();
    try {
      const embeddable = 'https://ringcentral.github.io/ringcentral-embeddable/redirect.html';
      const result = await authorizeWithPassword(other.url, {
        ...ALICE,
        redirectUri: embeddable,
        state: 's',
      });
      expect(result.location.startsWith(`${embeddable}?`)).toBe(true);
      expect(result.code).toEqual(expect.any(String));
    } finally {
      await other.close();
    }
  });
});

describe('PKCE', () => {
  const exchange = (result: AuthorizeResult, verifier?: string) =>
    token({
      grant_type: 'authorization_code',
      code: result.code!,
      redirect_uri: REDIRECT_URI,
      ...(verifier ? { code_verifier: verifier } : {}),
    });

  it('rejects a wrong or missing code_verifier', async () => {
    const pkce = createPkcePair();
    const params = {
      ...ALICE,
      redirectUri: REDIRECT_URI,
      state: 's',
      codeChallenge: pkce.challenge,
    };
    const wrong = await exchange(
      await authorizeWithPassword(crm.url, params),
      createPkcePair().verifier,
    );
    expect(wrong).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const missing = await exchange(await authorizeWithPassword(crm.url, params));
    expect(missing).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const right = await exchange(await authorizeWithPassword(crm.url, params), pkce.verifier);
    expect(right.status).toBe(200);
  });

  it('is optional for the confidential client, but only S256', async () => {
    const plain = await authorizeWithPassword(crm.url, {
      ...ALICE,
      redirectUri: REDIRECT_URI,
      state: 's',
    });
    expect((await exchange(plain)).status).toBe(200);

    const res = await new Browser().go(
      authorizeUrl({ code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }),
    );
    const location = new URL(res.headers.get('location')!);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  });
});

describe('refresh tokens', () => {
  it('rotates: each refresh returns a new refresh token and the used one stops working', async () => {
    const first = await connect();
    const second = await refresh(first.refresh_token!);
    expect(second.status).toBe(200);
    expect(second.body.refresh_token).toEqual(expect.any(String));
    expect(second.body.refresh_token).not.toBe(first.refresh_token);
    expect(second.body.access_token).not.toBe(first.access_token);
    expect(second.body.scope).toBe(ALL_SCOPES);
    expect((await api('/api/me', { bearer: second.body.access_token })).status).toBe(200);

    const third = await refresh(second.body.refresh_token!);
    expect(third.status).toBe(200);

    // Reusing a rotated refresh token fails, and (reuse detection) revokes the whole grant:
    // the newest refresh token and the access tokens stop working too.
    const reused = await refresh(first.refresh_token!);
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect(await refresh(third.body.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await api('/api/me', { bearer: third.body.access_token })).status).toBe(401);
  });

  it('revoking the refresh token ends the grant: no refresh, no access', async () => {
    const tokens = await connect();
    const revoked = await revoke(tokens.refresh_token!, 'refresh_token');
    expect(revoked.status).toBe(200);
    expect(await refresh(tokens.refresh_token!)).toMatchObject({
      status: 400,
      body: { error: 'invalid_grant' },
    });
    expect((await api('/api/me', { bearer: tokens.access_token })).status).toBe(401);
  });

  it('revoking the access token leaves the refresh token working', async () => {
    const tokens = await connect();
    expect((await revoke(tokens.access_token, undefined, { auth: 'basic' })).status).toBe(200);
    const me = await api('/api/me', { bearer: tokens.access_token });
    expect(me).toMatchObject({
      status: 401,
      body: { error: 'unauthorized', message: 'Invalid, expired or revoked access token' },
    });
    expect(me.headers.get('www-authenticate')).toContain('error="invalid_token"');
    const renewed = await refresh(tokens.refresh_token!);
    expect(renewed.status).toBe(200);
    expect((await api('/api/me', { bearer: renewed.body.access_token })).status).toBe(200);
  });

  it('answers an unknown or garbage bearer token with 401', async () => {
    for (const bearer of ['not-a-token', 'x'.repeat(43), 'a.b.c']) {
      expect(await api('/api/me', { bearer })).toMatchObject({
        status: 401,
        body: { error: 'unauthorized' },
      });
    }
  });
});

describe('revoking a user (the CRM side)', () => {
  // Grants of earlier tests survive reset(): start from none.
  beforeEach(() => crm.store.oauth.clear());

  it('store.revokeAllTokensFor ends every grant of that user only', async () => {
    const alice1 = await connect();
    const alice2 = await connect();
    const bob = await connect({ login: BOB });
    expect(crm.store.revokeAllTokensFor('u_alice')).toBe(2);
    for (const tokens of [alice1, alice2]) {
      expect((await refresh(tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
      expect((await api('/api/me', { bearer: tokens.access_token })).status).toBe(401);
    }
    expect((await refresh(bob.refresh_token!)).status).toBe(200);
    // Alice can connect again.
    expect((await api('/api/me', { bearer: (await connect()).access_token })).status).toBe(200);
  });

  it('POST /_test/revoke-user does the same over HTTP', async () => {
    const tokens = await connect();
    const res = await fetch(`${crm.url}/_test/revoke-user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u_alice' }),
    });
    expect(await answer(res)).toMatchObject({
      status: 200,
      body: { userId: 'u_alice', revokedGrants: 1 },
    });
    expect((await refresh(tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });

    const unknown = await fetch(`${crm.url}/_test/revoke-user`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ userId: 'u_mallory' }),
    });
    expect(unknown.status).toBe(422);
  });
});

describe('access-token expiry', () => {
  let shortLived: RunningSampleCrm;
  beforeAll(async () => {
    shortLived = await startSampleCrm({
      // oidc-provider counts expiry in whole seconds (exp = floor(now) + ttl): a 1 s token may be
      // dead at once. 2 s is usable at first for sure, and dead 2 s later.
      accessTokenTtlSeconds: 2,
      redirectUris: [REDIRECT_URI],
    });
  });
  afterAll(() => shortLived.close());

  it('answers an expired access token with 401; a refresh gets a working one', async () => {
    const tokens = await connect({ server: shortLived });
    expect(tokens.expires_in).toBe(2);
    expect((await api('/api/me', { bearer: tokens.access_token }, shortLived)).status).toBe(200);

    await new Promise((resolve) => setTimeout(resolve, 2100));
    expect(await api('/api/me', { bearer: tokens.access_token }, shortLived)).toMatchObject({
      status: 401,
      body: { error: 'unauthorized' },
    });
    const renewed = await refresh(tokens.refresh_token!, { server: shortLived });
    expect(renewed.status).toBe(200);
    expect((await api('/api/me', { bearer: renewed.body.access_token }, shortLived)).status).toBe(
      200,
    );
  });

  it('refuses an accessTokenTtlSeconds below 1', async () => {
    await expect(startSampleCrm({ accessTokenTtlSeconds: 0 })).rejects.toThrow(RangeError);
  });
});

describe('grant counters', () => {
  it('count exactly the grants, failures and revocations that happened', async () => {
    const tokens = await connect(); // 1 authorization_code
    const second = await refresh(tokens.refresh_token!); // 1 refresh_token
    const third = await refresh(second.body.refresh_token!); // 2 refresh_token
    await refresh(tokens.refresh_token!); // invalid_grant (reuse)
    await token({ grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI }); // invalid_grant
    await refresh('x', { secret: 'wrong' }); // invalid_client
    await revoke(third.body.access_token); // a revocation (already dead token: nothing revoked)
    const fresh = await connect(); // 2 authorization_code
    await revoke(fresh.refresh_token!); // a revocation of a refresh token

    const expected: GrantStats = {
      enabled: true,
      grants: { authorization_code: 2, refresh_token: 2 },
      grantsByClient: { 'crm-bridge': { authorization_code: 2, refresh_token: 2 } },
      errors: { invalid_grant: 2, invalid_client: 1 },
      errorsByGrantType: {
        refresh_token: { invalid_grant: 1, invalid_client: 1 },
        authorization_code: { invalid_grant: 1 },
      },
      revocations: 2,
      revoked: { refresh_token: 1, access_token: 0 },
    };
    expect(crm.store.grantStats()).toEqual(expected);
    const overHttp = await api('/_test/grants', {});
    expect(overHttp.body).toEqual(expected);

    await fetch(`${crm.url}/_test/grants/reset`, { method: 'POST' });
    expect(crm.store.grantStats()).toEqual({
      ...expected,
      grants: { authorization_code: 0, refresh_token: 0 },
      grantsByClient: {},
      errors: {},
      errorsByGrantType: {},
      revocations: 0,
      revoked: { refresh_token: 0, access_token: 0 },
    });
  });

  it('counts a revoked access token', async () => {
    const tokens = await connect();
    await revoke(tokens.access_token);
    expect(crm.store.grantStats()).toMatchObject({
      revocations: 1,
      revoked: { refresh_token: 0, access_token: 1 },
    });
  });

  it('are off unless enabled', async () => {
    const quiet = await startSampleCrm({ redirectUris: [REDIRECT_URI] });
    try {
      await connect({ server: quiet });
      expect(quiet.store.grantStats()).toEqual({
        enabled: false,
        grants: { authorization_code: 0, refresh_token: 0 },
        grantsByClient: {},
        errors: {},
        errorsByGrantType: {},
        revocations: 0,
        revoked: { refresh_token: 0, access_token: 0 },
      });
    } finally {
      await quiet.close();
    }
  });
});

describe('faults on the OAuth endpoints', () => {
  it('fails the token endpoint on request, and not through the API-wide * fault', async () => {
    crm.faults.set('*', { status: 500 });
    const tokens = await connect();
    crm.faults.set('POST /oauth/token', { status: 503, failNext: 1 });
    const failed = await refresh(tokens.refresh_token!);
    expect(failed).toMatchObject({ status: 503, body: { error: 'server_error' } });
    // The refresh token was not used: it still works.
    expect((await refresh(tokens.refresh_token!)).status).toBe(200);
  });

  it('loses the answer of a refresh that happened (afterHandler)', async () => {
    const tokens = await connect();
    crm.faults.set('POST /oauth/token', { reset: true, afterHandler: true, failNext: 1 });
    await expect(refresh(tokens.refresh_token!)).rejects.toThrow();
    expect(crm.store.grantStats().grants.refresh_token).toBe(1);
    // The refresh token was rotated all the same: it is spent.
    expect((await refresh(tokens.refresh_token!)).body).toMatchObject({ error: 'invalid_grant' });
  });

  it('takes OAuth route keys over the test API', async () => {
    const set = await fetch(`${crm.url}/_test/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ route: 'POST /oauth/token/revocation', status: 429, retryAfter: '3' }),
    });
    expect(set.status).toBe(204);
    const limited = await revoke('whatever');
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBe('3');
  });
});
