import { createHmac } from 'node:crypto';
import type { Test } from 'supertest';
import { callLogBody, loginWithApiKey, messageLogBody, smsMessage } from '../support/factories.js';
import { clientAuthorizeQuery, EMBEDDABLE_REDIRECT } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';
import {
  dynamicApiKeyProvider,
  dynamicOAuthProvider,
  withDns,
  withProviders,
} from '../support/test-providers.js';

/**
 * The bad-input table (issue 5): requests a careless or hostile client could send, to every route.
 * Each gets a 4xx with a message saying what was wrong, or, where the contract says so, a 200
 * business failure (the `why` of such a row names the rule). None gets a 5xx, and the database and
 * the sample CRM are exactly as before.
 */

const SESSION_TEXT = 'Please go to Settings and authorize CRM platform';
const SECRET = 'a-session-secret-for-bad-input-tests-0123456789';

interface Ctx {
  t: TestApp;
  /** A valid session token (Alice, API key). */
  token: string;
}

interface Row {
  route: string;
  name: string;
  send: (c: Ctx) => Test;
  status: number;
  /** The answer's message: plain-text body, HTML page text, or returnMessage.message. */
  says: string | RegExp;
  /** Why a 200 is the right answer to bad input (docs/client-contract.md, "How failures travel"). */
  why?: string;
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const hs256 = (header: object, claims: object, key = SECRET) => {
  const unsigned = `${b64(header)}.${b64(claims)}`;
  return `${unsigned}.${createHmac('sha256', key).update(unsigned).digest('base64url')}`;
};
const now = () => Math.floor(Date.now() / 1000);

/** Tampered or hostile session tokens, each refused with the contract's 400. */
const TAMPERED: [string, (good: string) => string][] = [
  ['no token', () => ''],
  ['garbage', () => 'not-a-jwt'],
  ['alg none', (good) => `${b64({ alg: 'none', typ: 'JWT' })}.${good.split('.')[1]}.`],
  [
    'a flipped signature',
    (good) => `${good.slice(0, -4)}${good.endsWith('AAAA') ? 'BBBB' : 'AAAA'}`,
  ],
  [
    'edited claims',
    (good) => {
      const [h, , s] = good.split('.');
      return `${h}.${b64({ sub: 'someone-else', plt: 'sample-crm-apikey', ver: 0, exp: now() + 60 })}.${s}`;
    },
  ],
  [
    'a wrong key',
    () =>
      hs256(
        { alg: 'HS256' },
        { sub: 'x', plt: 'sample-crm-apikey', ver: 0, exp: now() + 60 },
        'wrong-key-wrong-key-wrong-key-wrong-key',
      ),
  ],
  [
    'expired',
    (good) => {
      const claims = JSON.parse(Buffer.from(good.split('.')[1], 'base64url').toString());
      return hs256({ alg: 'HS256', typ: 'JWT' }, { ...claims, iat: now() - 100, exp: now() - 10 });
    },
  ],
  ['SQL in the token', () => `' OR '1'='1`],
];

const jsonPost =
  (path: string, body: string, contentType = 'application/json') =>
  (c: Ctx) =>
    c.t.http
      .post(path)
      .set('content-type', contentType)
      .set('authorization', `Bearer ${c.token}`)
      .send(body);

const authed = (test: Test, c: Ctx) => test.set('authorization', `Bearer ${c.token}`);

// ---------------------------------------------------------------------------------------------
// One factory per route.
// ---------------------------------------------------------------------------------------------

function manifestRows(): Row[] {
  const rows: Row[] = [
    ['an unknown platformName', '/crmManifest?platformName=nope', 400, 'Platform not found'],
    [
      'HTML in platformName',
      '/crmManifest?platformName=<script>alert(1)</script>',
      400,
      'Platform not found',
    ],
    ['SQL in platformName', "/crmManifest?platformName=' OR 1=1 --", 400, 'Platform not found'],
    [
      'platformName twice (an array)',
      '/crmManifest?platformName=a&platformName=b',
      400,
      'Platform not found',
    ],
    [
      'a prototype key as platformName',
      '/crmManifest?platformName=__proto__',
      400,
      'Platform not found',
    ],
  ].map(([name, path, status, says]) => ({
    route: 'GET /crmManifest',
    name: name as string,
    send: (c: Ctx) => c.t.http.get(path as string),
    status: status as number,
    says: says as string,
  }));
  rows.push(
    ...[
      ['no platform', '/implementedInterfaces', 'Invalid request: platform is required'],
      [
        'an empty platform',
        '/implementedInterfaces?platform=',
        'Invalid request: platform is required',
      ],
      ['an unknown platform', '/implementedInterfaces?platform=nope', 'Platform not found'],
      [
        'platform twice',
        '/implementedInterfaces?platform=a&platform=b',
        'Invalid request: platform is required',
      ],
      [
        'JS in platform',
        '/implementedInterfaces?platform=javascript:alert(1)',
        'Platform not found',
      ],
      [
        'a huge platform',
        `/implementedInterfaces?platform=${'x'.repeat(5000)}`,
        'Platform not found',
      ],
    ].map(([name, path, says]) => ({
      route: 'GET /implementedInterfaces',
      name,
      send: (c: Ctx) => c.t.http.get(path),
      status: 400,
      says,
    })),
  );
  const ignored = 'the route takes no input: liveness and version routes must never fail (§7)';
  rows.push(
    {
      route: 'GET /isAlive',
      name: 'a hostile query',
      send: (c) => c.t.http.get('/isAlive?x=<script>&jwtToken=forged'),
      status: 200,
      says: 'OK',
      why: ignored,
    },
    {
      route: 'GET /releaseNotes',
      name: 'a hostile query',
      send: (c) => c.t.http.get("/releaseNotes?platform=' OR 1=1"),
      status: 200,
      says: '',
      why: ignored,
    },
    {
      route: 'GET /serverVersionInfo',
      name: 'a hostile query',
      send: (c) => c.t.http.get('/serverVersionInfo?v[]=1'),
      status: 200,
      says: '',
      why: ignored,
    },
  );
  return rows;
}

function oauthStartRows(): Row[] {
  const route = 'GET /oauth-start/:platform[/:hostname]';
  const start =
    (path: string, query = clientAuthorizeQuery()) =>
    (c: Ctx) =>
      c.t.http.get(`${path}?${query}`);
  const dyn = (hostname: string) =>
    start(
      `/oauth-start/dynamic-oauth/${hostname}`,
      clientAuthorizeQuery({ client_id: 'dynamic-client', state: 'platform=dynamic-oauth' }),
    );
  return [
    {
      route,
      name: 'an unknown platform',
      send: start('/oauth-start/nope'),
      status: 400,
      says: 'This CRM does not sign in with OAuth.',
    },
    {
      route,
      name: 'an API-key platform',
      send: start('/oauth-start/sample-crm-apikey'),
      status: 400,
      says: 'This CRM does not sign in with OAuth.',
    },
    {
      route,
      name: 'a wrong client_id',
      send: start('/oauth-start/sample-crm', clientAuthorizeQuery({ client_id: 'evil' })),
      status: 400,
      says: 'Unknown client_id.',
    },
    {
      route,
      name: 'a foreign redirect_uri',
      send: start(
        '/oauth-start/sample-crm',
        clientAuthorizeQuery({ redirect_uri: encodeURIComponent('https://evil.example/steal') }),
      ),
      status: 400,
      says: 'redirect_uri is not an allowed redirect URI.',
    },
    {
      route,
      name: 'a javascript: redirect_uri',
      send: start(
        '/oauth-start/sample-crm',
        clientAuthorizeQuery({ redirect_uri: 'javascript:alert(1)' }),
      ),
      status: 400,
      says: 'redirect_uri is not an allowed redirect URI.',
    },
    {
      route,
      name: 'another platform in state',
      send: start('/oauth-start/sample-crm', clientAuthorizeQuery({ state: 'platform=other' })),
      status: 400,
      says: 'Unexpected state.',
    },
    {
      route,
      name: 'response_type token (implicit flow)',
      send: start('/oauth-start/sample-crm', clientAuthorizeQuery({ response_type: 'token' })),
      status: 400,
      says: 'Only the authorization-code flow is supported.',
    },
    {
      route,
      name: 'no query at all',
      send: (c) => c.t.http.get('/oauth-start/sample-crm'),
      status: 400,
      says: 'Unknown client_id.',
    },
    {
      route,
      name: 'HTML in the platform',
      send: start('/oauth-start/%3Cscript%3Ealert(1)%3C%2Fscript%3E'),
      status: 400,
      says: 'This CRM does not sign in with OAuth.',
    },
    {
      route,
      name: 'a hostname that is an IP literal',
      send: dyn('127.0.0.1'),
      status: 400,
      says: 'Hostname must be a host name, not an IP address.',
    },
    {
      route,
      name: 'a hostname resolving to loopback',
      send: dyn('trap.crm.test'),
      status: 400,
      says: 'Hostname trap.crm.test resolves to a private address.',
    },
    {
      route,
      name: 'a hostname resolving to the metadata service',
      send: dyn('metadata.crm.test'),
      status: 400,
      says: 'Hostname metadata.crm.test resolves to a private address.',
    },
    {
      route,
      name: 'a hostname of another domain',
      send: dyn('evil.example'),
      status: 400,
      says: 'Hostname evil.example is not a Dynamic OAuth CRM host.',
    },
    {
      route,
      name: 'a hostname with a port',
      send: dyn('acme.crm.test:8443'),
      status: 400,
      says: 'Hostname must be a plain host name such as crm.example.com.',
    },
    {
      route,
      name: 'a hostname with HTML',
      send: dyn('%3Cimg%20src%3Dx%3E.crm.test'),
      status: 400,
      says: 'Hostname must be a plain host name such as crm.example.com.',
    },
  ];
}

function oauthCallbackRows(): Row[] {
  const route = 'GET /oauth-callback';
  const why =
    'a failed sign-in is 200 with a warning and no jwtToken: the client has no catch here (§3.1)';
  const cb = (query: string) => (c: Ctx) => c.t.http.get(`/oauth-callback?${query}`);
  return [
    {
      route,
      name: 'no callbackUri and no code',
      send: cb('hostname=x'),
      status: 400,
      says: 'Invalid request: callbackUri is required',
    },
    {
      route,
      name: 'a callbackUri of another site',
      send: cb('callbackUri=https://evil.example/cb?code=x&state=y'),
      status: 400,
      says: 'Invalid request: callbackUri does not start with an allowed redirect URI',
    },
    {
      route,
      name: 'a javascript: callbackUri',
      send: cb('callbackUri=javascript:alert(1)'),
      status: 400,
      says: 'Invalid request: callbackUri does not start with an allowed redirect URI',
    },
    {
      route,
      name: 'a forged state',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?code=abc&state=forged`),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route,
      name: 'a bare legacy state',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?code=abc&state=platform=sample-crm`),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route,
      name: 'no code',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?state=abc`),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route,
      name: 'denied access',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?error=access_denied&error_description=<script>`),
      status: 200,
      says: 'Authorization was cancelled',
      why,
    },
    {
      route,
      name: 'SQL in code and state',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?code=' OR 1=1 --&state=1;DROP TABLE users`),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route,
      name: 'a hostile tokenUrl and apiUrl (ignored)',
      send: cb(
        `callbackUri=${EMBEDDABLE_REDIRECT}?code=a&state=b&tokenUrl=http://169.254.169.254/latest&apiUrl=http://127.0.0.1:1/`,
      ),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route,
      name: 'a huge code',
      send: cb(`callbackUri=${EMBEDDABLE_REDIRECT}?code=${'c'.repeat(6000)}&state=s`),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route: 'GET /auth/:platform/login',
      name: 'an unknown platform',
      send: (c) => c.t.http.get('/auth/nope/login'),
      status: 400,
      says: 'This CRM does not sign in with OAuth.',
    },
    {
      route: 'GET /auth/:platform/login',
      name: 'a hostile hostname',
      send: (c) => c.t.http.get('/auth/dynamic-oauth/login?hostname=169.254.169.254'),
      status: 400,
      says: 'Hostname must be a host name, not an IP address.',
    },
    {
      route: 'GET /auth/:platform/callback',
      name: 'a forged state',
      send: (c) => c.t.http.get('/auth/sample-crm/callback?code=x&state=forged'),
      status: 200,
      says: 'Login link expired or invalid. Please connect again.',
      why,
    },
    {
      route: 'GET /auth/:platform/callback',
      name: 'denied access',
      send: (c) => c.t.http.get('/auth/sample-crm/callback?error=access_denied'),
      status: 200,
      says: 'Authorization was cancelled',
      why,
    },
  ];
}

function apiKeyLoginRows(): Row[] {
  const route = 'POST /apiKeyLogin';
  const login = (body: unknown) => (c: Ctx) => c.t.http.post('/apiKeyLogin').send(body as object);
  const raw =
    (body: string, type = 'application/json') =>
    (c: Ctx) =>
      c.t.http.post('/apiKeyLogin').set('content-type', type).send(body);
  return [
    {
      route,
      name: 'an empty body',
      send: login({}),
      status: 400,
      says: 'Invalid request: platform is required',
    },
    {
      route,
      name: 'only extra fields',
      send: login({ isAdmin: true, role: 'root' }),
      status: 400,
      says: 'Invalid request: platform is required',
    },
    {
      route,
      name: 'platform as a number',
      send: login({ platform: 42, apiKey: 'k' }),
      status: 400,
      says: 'Invalid request: platform must be a string',
    },
    {
      route,
      name: 'platform as an object',
      send: login({ platform: { $ne: null }, apiKey: 'k' }),
      status: 400,
      says: 'Invalid request: platform must be a string',
    },
    {
      route,
      name: 'an unknown platform',
      send: login({ platform: 'nope', apiKey: 'k' }),
      status: 400,
      says: 'Platform not found',
    },
    {
      route,
      name: 'SQL as platform',
      send: login({ platform: "sample-crm-apikey' --", apiKey: 'k' }),
      status: 400,
      says: 'Platform not found',
    },
    {
      route,
      name: 'an OAuth platform',
      send: login({ platform: 'sample-crm', apiKey: 'k' }),
      status: 400,
      says: 'Invalid request: platform sample-crm does not sign in with an API key',
    },
    {
      route,
      name: 'apiKey as an array',
      send: login({ platform: 'sample-crm-apikey', apiKey: ['a', 'b'] }),
      status: 400,
      says: 'Invalid request: apiKey must be a string',
    },
    {
      route,
      name: 'apiKey of 5000 characters',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'k'.repeat(5000) }),
      status: 400,
      says: 'Invalid request: apiKey must be at most 4096 characters',
    },
    {
      route,
      name: 'a missing apiKey',
      send: login({ platform: 'sample-crm-apikey' }),
      status: 400,
      says: 'Missing required authentication fields.',
    },
    {
      route,
      name: 'the literal "apiKey" (empty form)',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'apiKey' }),
      status: 400,
      says: 'Missing required authentication fields.',
    },
    {
      route,
      name: 'a wrong key',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'not-a-key' }),
      status: 400,
      says: /^Invalid API key/,
    },
    {
      route,
      name: 'SQL as apiKey',
      send: login({ platform: 'sample-crm-apikey', apiKey: "' OR '1'='1" }),
      status: 400,
      says: /^Invalid API key/,
    },
    {
      route,
      name: 'unicode controls in apiKey',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'key\u202e\u0000\u200b' }),
      status: 400,
      says: 'Invalid API key. It contains characters an API key cannot have.',
    },
    {
      route,
      name: 'additionalInfo as a string',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'k', additionalInfo: 'x' }),
      status: 400,
      says: 'Invalid request: additionalInfo must be an object',
    },
    {
      route,
      name: 'a hostname of 300 characters',
      send: login({ platform: 'sample-crm-apikey', apiKey: 'k', hostname: 'h'.repeat(300) }),
      status: 400,
      says: 'Invalid request: hostname must be at most 255 characters',
    },
    {
      route,
      name: 'a hostname that is an IP literal',
      send: login({ platform: 'dynamic-crm', apiKey: 'k', hostname: '127.0.0.1' }),
      status: 400,
      says: 'Invalid request: hostname must be a host name, not an IP address',
    },
    {
      route,
      name: 'a decimal IP hostname',
      send: login({ platform: 'dynamic-crm', apiKey: 'k', hostname: '2130706433' }),
      status: 400,
      says: 'Invalid request: hostname must be a host name, not an IP address',
    },
    {
      route,
      name: 'a hostname resolving to link-local',
      send: login({ platform: 'dynamic-crm', apiKey: 'k', hostname: 'metadata.crm.test' }),
      status: 400,
      says: 'Invalid request: hostname metadata.crm.test resolves to a private address',
    },
    {
      route,
      name: 'a hostname with userinfo',
      send: login({ platform: 'dynamic-crm', apiKey: 'k', hostname: 'user:pw@acme.crm.test' }),
      status: 400,
      says: 'Invalid request: hostname must be a plain host name such as crm.example.com',
    },
    {
      route,
      name: 'a hostname outside the allowed domain',
      send: login({ platform: 'dynamic-crm', apiKey: 'k', hostname: 'acme.crm.test.evil.example' }),
      status: 400,
      says: 'Invalid request: hostname acme.crm.test.evil.example is not a Dynamic CRM host',
    },
    {
      route,
      name: 'an http apiUrl',
      send: login({
        platform: 'dynamic-crm',
        apiKey: 'k',
        hostname: 'acme.crm.test',
        additionalInfo: { apiUrl: 'http://acme.crm.test/api' },
      }),
      status: 400,
      says: 'Invalid request: apiUrl must be an https URL',
    },
    {
      route,
      name: 'malformed JSON',
      send: raw('{"platform": "sample-crm-apikey",'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route,
      name: 'a JSON array body',
      send: raw('[1,2,3]'),
      status: 400,
      says: 'Invalid request: the body must be a JSON object',
    },
    {
      route,
      name: 'a prototype key',
      send: raw('{"platform":"sample-crm-apikey","constructor":{"prototype":{"admin":true}}}'),
      status: 400,
      says: 'Invalid request: the key prototype is not allowed',
    },
    {
      route,
      name: 'an XML body',
      send: raw('<login><platform>sample-crm-apikey</platform></login>', 'application/xml'),
      status: 400,
      says: 'Invalid request: the body must be a JSON object',
    },
    {
      route,
      name: 'a form body with a wrong key',
      send: raw('platform=sample-crm-apikey&apiKey=guess', 'application/x-www-form-urlencoded'),
      status: 400,
      says: /^Invalid API key/,
    },
  ];
}

function sessionRouteRows(): Row[] {
  const rows: Row[] = [];
  const targets: [string, (c: Ctx, token: string) => Test][] = [
    ['GET /hostname', (c, token) => c.t.http.get(`/hostname?jwtToken=${token}`)],
    [
      'POST /unAuthorize',
      (c, token) =>
        c.t.http
          .post('/unAuthorize')
          .set('authorization', `Bearer ${token}`)
          .set('content-type', 'application/x-www-form-urlencoded'),
    ],
    [
      'GET /authValidation',
      (c, token) => c.t.http.get(`/authValidation?jwtToken=${encodeURIComponent(token)}`),
    ],
    [
      'POST /user/refreshInfo',
      (c, token) => c.t.http.post('/user/refreshInfo').set('authorization', `Bearer ${token}`),
    ],
    [
      'GET /user/settings',
      (c, token) =>
        c.t.http.get(`/user/settings?jwtToken=${encodeURIComponent(token)}&rcAccountId=1`),
    ],
    [
      'POST /callLog/cacheNote',
      (c, token) =>
        c.t.http
          .post('/callLog/cacheNote')
          .set('authorization', `Bearer ${token}`)
          .send({ sessionId: '1', note: 'x' }),
    ],
    [
      'GET /contact',
      (c, token) =>
        c.t.http.get(`/contact?phoneNumber=%2B14155550100&jwtToken=${encodeURIComponent(token)}`),
    ],
    [
      'POST /messageLog',
      (c, token) =>
        c.t.http.post('/messageLog').set('authorization', `Bearer ${token}`).send(messageLogBody()),
    ],
  ];
  for (const [index, [name, forge]] of TAMPERED.entries()) {
    const [route, send] = targets[index % targets.length];
    rows.push({
      route,
      name: `a session token: ${name}`,
      send: (c) => send(c, forge(c.token)),
      status: 400,
      says: SESSION_TEXT,
    });
  }
  // Each route once more with a token of the right shape but another signature.
  for (const [route, send] of targets) {
    rows.push({
      route,
      name: 'a token signed with another key',
      send: (c) => send(c, TAMPERED[5][1](c.token)),
      status: 400,
      says: SESSION_TEXT,
    });
  }
  rows.push({
    route: 'GET /licenseStatus',
    name: 'a forged token',
    send: (c) => c.t.http.get('/licenseStatus?jwtToken=forged'),
    status: 200,
    says: '',
    why: '/licenseStatus always answers 200 (not connected) because the client does not catch its errors (§3.10)',
  });
  rows.push({
    route: 'GET /user/preloadSettings',
    name: 'a hostile rcAccountId',
    send: (c) => c.t.http.get("/user/preloadSettings?rcAccountId=' OR 1=1 --<script>"),
    status: 200,
    says: '',
    why: '/user/preloadSettings always answers {userSettings:{}} and exposes nothing (§3.7)',
  });
  return rows;
}

function userRows(): Row[] {
  const route = 'POST /user/settings';
  const post = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/user/settings'), c).send(body as object);
  const manyKeys = Object.fromEntries(
    Array.from({ length: 501 }, (_, i) => [`k${i}`, { value: i }]),
  );
  return [
    {
      route,
      name: 'userSettings as a string',
      send: post({ userSettings: 'all' }),
      status: 400,
      says: 'Invalid request: userSettings must be an object',
    },
    {
      route,
      name: 'userSettings as an array',
      send: post({ userSettings: [{ value: 1 }] }),
      status: 400,
      says: 'Invalid request: userSettings must be an object',
    },
    {
      route,
      name: 'a setting that is not an object',
      send: post({ userSettings: { autoLogCall: true } }),
      status: 400,
      says: /^Invalid request: .*autoLogCall/,
    },
    {
      route,
      name: 'a __proto__ key',
      send: jsonPost('/user/settings', '{"userSettings":{"__proto__":{"value":1}}}'),
      status: 400,
      says: 'Invalid request: the key __proto__ is not allowed',
    },
    {
      route,
      name: 'a prototype key',
      send: jsonPost('/user/settings', '{"userSettings":{"prototype":{"value":1}}}'),
      status: 400,
      says: 'Invalid request: the key prototype is not allowed',
    },
    {
      route,
      name: '501 settings',
      send: post({ userSettings: manyKeys }),
      status: 400,
      says: /^Invalid request: .*500/,
    },
    {
      route,
      name: 'settingKeysToRemove as a string',
      send: post({ settingKeysToRemove: 'autoLogCall' }),
      status: 400,
      says: 'Invalid request: settingKeysToRemove must be an array',
    },
    {
      route,
      name: 'settingKeysToRemove with objects',
      send: post({ settingKeysToRemove: [{ $gt: '' }] }),
      status: 400,
      says: 'Invalid request: settingKeysToRemove must hold strings or numbers',
    },
    {
      route,
      name: 'malformed JSON',
      send: jsonPost('/user/settings', '{"userSettings": {'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route: 'GET /apiKeyManagedAuthState',
      name: 'platform twice',
      send: (c) =>
        c.t.http.get('/apiKeyManagedAuthState?platform=sample-crm-apikey&platform=sample-crm'),
      status: 400,
      says: 'Invalid request: platform must be a string',
    },
    {
      route: 'GET /apiKeyManagedAuthState',
      name: 'an overlong connectorId',
      send: (c) =>
        c.t.http.get(
          `/apiKeyManagedAuthState?platform=sample-crm-apikey&connectorId=${'c'.repeat(256)}`,
        ),
      status: 400,
      says: 'Invalid request: connectorId must be at most 255 characters',
    },
    {
      route: 'GET /oauthManagedAuthState',
      name: 'a platform that is no name',
      send: (c) => c.t.http.get('/oauthManagedAuthState?platform=../../etc/passwd'),
      status: 400,
      says: 'Platform not found',
    },
    {
      route: 'GET /userInfoHash',
      name: 'letters as extensionId',
      send: (c) => c.t.http.get('/userInfoHash?extensionId=abc&accountId=1'),
      status: 400,
      says: 'Invalid request: extensionId must be 1 to 20 digits',
    },
    {
      route: 'GET /userInfoHash',
      name: '21 digits',
      send: (c) => c.t.http.get(`/userInfoHash?extensionId=${'1'.repeat(21)}`),
      status: 400,
      says: 'Invalid request: extensionId must be 1 to 20 digits',
    },
    {
      route: 'GET /userInfoHash',
      name: 'accountId twice',
      send: (c) => c.t.http.get('/userInfoHash?accountId=1&accountId=2'),
      status: 400,
      says: 'Invalid request: accountId must be given once',
    },
    {
      route: 'GET /userInfoHash',
      name: 'SQL as accountId',
      send: (c) => c.t.http.get("/userInfoHash?accountId=1' OR '1'='1"),
      status: 400,
      says: 'Invalid request: accountId must be 1 to 20 digits',
    },
    {
      route: 'GET /userInfoHash',
      name: 'a negative id',
      send: (c) => c.t.http.get('/userInfoHash?extensionId=-1'),
      status: 400,
      says: 'Invalid request: extensionId must be 1 to 20 digits',
    },
    {
      route: 'GET /userInfoHash',
      name: 'full-width digits',
      send: (c) => c.t.http.get(`/userInfoHash?extensionId=${encodeURIComponent('１２３')}`),
      status: 400,
      says: 'Invalid request: extensionId must be 1 to 20 digits',
    },
  ];
}

function contactRows(): Row[] {
  const find = (query: string) => (c: Ctx) => c.t.http.get(`/contact?${query}&jwtToken=${c.token}`);
  const invalid =
    'an invalid number is a business failure: 200 successful:false "Invalid phone number" with the placeholder (§4.1)';
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/contact'), c).send(body as object);
  const search = (query: string) => (c: Ctx) =>
    c.t.http.get(`/custom/contact/search?${query}&jwtToken=${c.token}`);
  return [
    {
      route: 'GET /contact',
      name: 'no phoneNumber',
      send: find('isExtension=false'),
      status: 400,
      says: 'Invalid request: phoneNumber is required',
    },
    {
      route: 'GET /contact',
      name: 'phoneNumber twice',
      send: find('phoneNumber=1&phoneNumber=2'),
      status: 400,
      says: 'Invalid request: phoneNumber must be a string',
    },
    {
      route: 'GET /contact',
      name: 'a 65-character phoneNumber',
      send: find(`phoneNumber=${'1'.repeat(65)}`),
      status: 400,
      says: 'Invalid request: phoneNumber must be at most 64 characters',
    },
    {
      route: 'GET /contact',
      name: 'an overridingFormat of 1001 characters',
      send: find(`phoneNumber=%2B14155550100&overridingFormat=${'%23'.repeat(1001)}`),
      status: 400,
      says: 'Invalid request: overridingFormat must be at most 1000 characters',
    },
    {
      route: 'GET /contact',
      name: 'letters as phoneNumber',
      send: find('phoneNumber=call-me'),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'SQL as phoneNumber',
      send: find(`phoneNumber=${encodeURIComponent("' OR 1=1 --")}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'HTML as phoneNumber',
      send: find(`phoneNumber=${encodeURIComponent('<img src=x onerror=alert(1)>')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'a too-long E.164 number',
      send: find('phoneNumber=%2B1415555010012345678'),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'Arabic-Indic digits',
      send: find(`phoneNumber=${encodeURIComponent('+١٤١٥٥٥٥٠١٠٠')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'GET /contact',
      name: 'a hostile overridingFormat',
      send: find(`phoneNumber=abc&overridingFormat=${encodeURIComponent('<script>,###) OR 1=1')}`),
      status: 200,
      says: 'Invalid phone number',
      why: invalid,
    },
    {
      route: 'POST /contact',
      name: 'an empty body',
      send: create({}),
      status: 400,
      says: 'Invalid request: phoneNumber is required; newContactName is required',
    },
    {
      route: 'POST /contact',
      name: 'a non-E.164 number',
      send: create({ phoneNumber: '4155550100', newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be an E.164 number like +14155550100',
    },
    {
      route: 'POST /contact',
      name: 'phoneNumber as a number',
      send: create({ phoneNumber: 14155550100, newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be a string',
    },
    {
      route: 'POST /contact',
      name: 'SQL in phoneNumber',
      send: create({ phoneNumber: "+1415'; DROP TABLE contacts; --", newContactName: 'Jane' }),
      status: 400,
      says: 'Invalid request: phoneNumber must be an E.164 number like +14155550100',
    },
    {
      route: 'POST /contact',
      name: 'a blank name',
      send: create({ phoneNumber: '+14155550199', newContactName: '   ' }),
      status: 400,
      says: 'Invalid request: newContactName is required',
    },
    {
      route: 'POST /contact',
      name: 'a 256-character name',
      send: create({ phoneNumber: '+14155550199', newContactName: 'n'.repeat(256) }),
      status: 400,
      says: 'Invalid request: newContactName must be at most 255 characters',
    },
    {
      route: 'POST /contact',
      name: 'a name as an object',
      send: create({ phoneNumber: '+14155550199', newContactName: { first: 'J' } }),
      status: 400,
      says: 'Invalid request: newContactName must be a string',
    },
    {
      route: 'POST /contact',
      name: 'an unknown contact type',
      send: create({
        phoneNumber: '+14155550199',
        newContactName: '<b>Jane</b>',
        newContactType: 'Robot',
      }),
      status: 400,
      says: /^Invalid request: newContactType/,
    },
    {
      route: 'POST /contact',
      name: 'additionalSubmission as an array',
      send: create({
        phoneNumber: '+14155550199',
        newContactName: 'Jane',
        additionalSubmission: [1],
      }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route: 'POST /contact',
      name: 'a text/plain body',
      send: jsonPost('/contact', 'phoneNumber=+14155550199', 'text/plain'),
      status: 400,
      says: 'Invalid request: phoneNumber is required; newContactName is required',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'no name',
      send: search('x=1'),
      status: 400,
      says: 'Invalid request: name is required',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'a 256-character name',
      send: search(`name=${'n'.repeat(256)}`),
      status: 400,
      says: 'Invalid request: name must be at most 255 characters',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'name twice',
      send: search('name=a&name=b'),
      status: 400,
      says: 'Invalid request: name must be a string',
    },
    {
      route: 'GET /custom/contact/search',
      name: 'a one-character name',
      send: search('name=%25'),
      status: 200,
      says: /at least 2 characters/,
      why: 'a too-short search term is 200 with a warning and contact:[] (§4.3)',
    },
  ];
}

function callLogRows(): Row[] {
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/callLog'), c).send(body as object);
  const withInfo = (logInfo: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    create(callLogBody({ logInfo, ...top }));
  const patch = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.patch('/callLog'), c).send(body as object);
  const lookup = (query: string) => (c: Ctx) =>
    c.t.http.get(`/callLog?${query}&jwtToken=${c.token}`);
  const route = 'POST /callLog';
  const legs = Array.from({ length: 101 }, () => ({ legType: 'x' }));
  return [
    {
      route,
      name: 'an empty body',
      send: create({}),
      status: 400,
      says: 'Invalid request: logInfo is required',
    },
    {
      route,
      name: 'logInfo as a string',
      send: create({ logInfo: 'call' }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'logInfo as an array',
      send: create({ logInfo: [] }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'no sessionId',
      send: withInfo({ sessionId: undefined }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId is required',
    },
    {
      route,
      name: 'sessionId 0',
      send: withInfo({ sessionId: '0' }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must not be 0',
    },
    {
      route,
      name: 'sessionId as an object',
      send: withInfo({ sessionId: { $ne: 1 } }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must be a string or number',
    },
    {
      route,
      name: 'SQL in sessionId',
      send: withInfo({ sessionId: "1' OR '1'='1" }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId has invalid characters',
    },
    {
      route,
      name: 'a 65-character sessionId',
      send: withInfo({ sessionId: '1'.repeat(65) }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId must be at most 64 characters',
    },
    {
      route,
      name: 'unicode digits in sessionId',
      send: withInfo({ sessionId: '４５０３' }),
      status: 400,
      says: 'Invalid request: logInfo.sessionId has invalid characters',
    },
    {
      route,
      name: 'direction Sideways',
      send: withInfo({ direction: 'Sideways' }),
      status: 400,
      says: 'Invalid request: logInfo.direction must be Inbound or Outbound',
    },
    {
      route,
      name: 'a negative duration',
      send: withInfo({ duration: -5 }),
      status: 400,
      says: /^Invalid request: logInfo\.duration/,
    },
    {
      route,
      name: 'duration as text',
      send: withInfo({ duration: 'long' }),
      status: 400,
      says: /^Invalid request: logInfo\.duration/,
    },
    {
      route,
      name: 'an unparsable startTime',
      send: withInfo({ startTime: 'yesterday' }),
      status: 400,
      says: /^Invalid request: logInfo\.startTime/,
    },
    {
      route,
      name: 'startTime as an object',
      send: withInfo({ startTime: { $gt: 0 } }),
      status: 400,
      says: /^Invalid request: logInfo\.startTime/,
    },
    {
      route,
      name: 'from as a string',
      send: withInfo({ from: '+14155550100' }),
      status: 400,
      says: 'Invalid request: logInfo.from must be an object',
    },
    {
      route,
      name: '101 legs',
      send: withInfo({ legs }),
      status: 400,
      says: 'Invalid request: logInfo.legs must have at most 100 entries',
    },
    {
      route,
      name: 'legs as an object',
      send: withInfo({ legs: { 0: {} } }),
      status: 400,
      says: 'Invalid request: logInfo.legs must be an array',
    },
    {
      route,
      name: 'a note over 1 MB',
      send: withInfo({}, { note: 'n'.repeat(1024 * 1024 + 1) }),
      status: 400,
      says: 'Invalid request: note must be at most 1048576 characters',
    },
    {
      route,
      name: 'a note as a number',
      send: withInfo({}, { note: 42 }),
      status: 400,
      says: 'Invalid request: note must be a string',
    },
    {
      route,
      name: 'contactId as an object',
      send: withInfo({}, { contactId: { id: 1 } }),
      status: 400,
      says: 'Invalid request: contactId must be a string or number',
    },
    {
      route,
      name: 'additionalSubmission as a string',
      send: withInfo({}, { additionalSubmission: 'x' }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route,
      name: 'a body over 5 MB',
      send: withInfo({}, { transcript: 't'.repeat(5 * 1024 * 1024 + 10) }),
      status: 413,
      says: 'Request body too large',
    },
    {
      route,
      name: 'a form-encoded body',
      send: jsonPost('/callLog', 'logInfo=1&note=x', 'application/x-www-form-urlencoded'),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'malformed JSON',
      send: jsonPost('/callLog', '{"logInfo":{"sessionId":'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route,
      name: 'a __proto__ key deep inside',
      send: jsonPost('/callLog', '{"logInfo":{"from":{"__proto__":{"x":1}}}}'),
      status: 400,
      says: 'Invalid request: the key __proto__ is not allowed',
    },
    {
      route,
      name: 'no contactId (HTML in the note)',
      send: withInfo({}, { contactId: undefined, note: '<script>alert(1)</script>' }),
      status: 200,
      says: 'Contact not found for number +14155550100',
      why: 'a call without a contact is a business failure (§5.2)',
    },
    {
      route: 'GET /callLog',
      name: 'no sessionIds',
      send: lookup('requireDetails=true'),
      status: 400,
      says: 'Invalid request: sessionIds is required',
    },
    {
      route: 'GET /callLog',
      name: 'sessionIds twice',
      send: lookup('sessionIds=1&sessionIds=2'),
      status: 400,
      says: 'Invalid request: sessionIds must be a string',
    },
    {
      route: 'GET /callLog',
      name: 'hashedExtensionId of 129 characters',
      send: lookup(`sessionIds=1&hashedExtensionId=${'h'.repeat(129)}`),
      status: 400,
      says: 'Invalid request: hashedExtensionId must be at most 128 characters',
    },
    {
      route: 'GET /callLog',
      name: '8001 characters of ids',
      send: lookup(`sessionIds=${'1'.repeat(8001)}`),
      status: 400,
      says: 'Invalid request: sessionIds must be at most 8000 characters',
    },
    {
      route: 'GET /callLog',
      name: 'an extensionNumber of 33 characters',
      send: lookup(`sessionIds=1&extensionNumber=${'1'.repeat(33)}`),
      status: 400,
      says: 'Invalid request: extensionNumber must be at most 32 characters',
    },
    {
      route: 'GET /callLog',
      name: 'SQL as a session id',
      send: lookup(`sessionIds=${encodeURIComponent("1' OR '1'='1")}`),
      status: 200,
      says: '',
      why: 'ids are data, never SQL: an unknown id is simply unmatched (§5.3)',
    },
    {
      route: 'PATCH /callLog',
      name: 'no sessionId',
      send: patch({ note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'PATCH /callLog',
      name: 'sessionId as an array',
      send: patch({ sessionId: ['1'] }),
      status: 400,
      says: 'Invalid request: sessionId must be a string or number',
    },
    {
      route: 'PATCH /callLog',
      name: 'a subject of 1001 characters',
      send: patch({ sessionId: '1', subject: 's'.repeat(1001) }),
      status: 400,
      says: 'Invalid request: subject must be at most 1000 characters',
    },
    {
      route: 'PATCH /callLog',
      name: 'direction Up',
      send: patch({ sessionId: '1', direction: 'Up' }),
      status: 400,
      says: 'Invalid request: direction must be Inbound or Outbound',
    },
    {
      route: 'PATCH /callLog',
      name: 'a negative duration',
      send: patch({ sessionId: '1', duration: -1 }),
      status: 400,
      says: /^Invalid request: duration/,
    },
    {
      route: 'PATCH /callLog',
      name: 'a recordingLink as an object',
      send: patch({ sessionId: '1', recordingLink: { href: 'x' } }),
      status: 400,
      says: 'Invalid request: recordingLink must be a string',
    },
    {
      route: 'PATCH /callLog',
      name: 'legs as a number',
      send: patch({ sessionId: '1', legs: 3 }),
      status: 400,
      says: 'Invalid request: legs must be an array',
    },
    {
      route: 'PATCH /callLog',
      name: 'an unparsable startTime',
      send: patch({ sessionId: '1', startTime: 'soon' }),
      status: 400,
      says: /^Invalid request: startTime/,
    },
    {
      route: 'PATCH /callLog',
      name: 'a JSON string body',
      send: jsonPost('/callLog', '"sessionId"'),
      status: 400,
      says: /^Invalid request/,
    },
    {
      route: 'PUT /callDisposition',
      name: 'no sessionId',
      send: (c) => authed(c.t.http.put('/callDisposition'), c).send({ dispositions: {} }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'PUT /callDisposition',
      name: 'dispositions as a string',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c).send({
          sessionId: '1',
          dispositions: 'resolved',
        }),
      status: 400,
      says: 'Invalid request: dispositions must be an object',
    },
    {
      route: 'PUT /callDisposition',
      name: 'sessionId with HTML',
      send: (c) => authed(c.t.http.put('/callDisposition'), c).send({ sessionId: '<b>1</b>' }),
      status: 400,
      says: 'Invalid request: sessionId has invalid characters',
    },
    {
      route: 'PUT /callDisposition',
      name: 'additionalSubmission as an array',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c).send({
          sessionId: '1',
          additionalSubmission: [],
        }),
      status: 400,
      says: 'Invalid request: additionalSubmission must be an object',
    },
    {
      route: 'PUT /callDisposition',
      name: 'malformed JSON',
      send: (c) =>
        authed(c.t.http.put('/callDisposition'), c)
          .set('content-type', 'application/json')
          .send('{"sessionId":'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'no sessionId',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId is required',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'no note',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ sessionId: '1' }),
      status: 400,
      says: 'Invalid request: note is required',
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'a note over 64 KB',
      send: (c) =>
        authed(c.t.http.post('/callLog/cacheNote'), c).send({
          sessionId: '1',
          note: 'n'.repeat(64 * 1024 + 1),
        }),
      status: 400,
      says: /^Invalid request: note must be at most/,
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'a note of 64 KB of multi-byte text',
      send: (c) =>
        authed(c.t.http.post('/callLog/cacheNote'), c).send({
          sessionId: '1',
          note: '€'.repeat(30000),
        }),
      status: 400,
      says: /^Invalid request: note/,
    },
    {
      route: 'POST /callLog/cacheNote',
      name: 'sessionId 0',
      send: (c) => authed(c.t.http.post('/callLog/cacheNote'), c).send({ sessionId: 0, note: 'x' }),
      status: 400,
      says: 'Invalid request: sessionId must not be 0',
    },
  ];
}

function messageLogRows(): Row[] {
  const route = 'POST /messageLog';
  const create = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/messageLog'), c).send(body as object);
  const withInfo = (logInfo: Record<string, unknown>, top: Record<string, unknown> = {}) =>
    create(messageLogBody({ logInfo, ...top }));
  const match = (body: unknown) => (c: Ctx) =>
    authed(c.t.http.post('/messageLog/match'), c).send(body as object);
  const tooMany = Array.from({ length: 1001 }, (_, i) => smsMessage({ id: String(1000 + i) }));
  return [
    {
      route,
      name: 'an empty body',
      send: create({}),
      status: 400,
      says: 'Invalid request: logInfo is required',
    },
    {
      route,
      name: 'logInfo as a number',
      send: create({ logInfo: 1 }),
      status: 400,
      says: 'Invalid request: logInfo must be an object',
    },
    {
      route,
      name: 'nothing that identifies the conversation',
      send: withInfo({
        conversationId: undefined,
        conversationLogId: '  ',
        correspondents: [{ name: 'Jane Doe' }],
      }),
      status: 400,
      says: 'Invalid request: logInfo needs a conversationId, a conversationLogId or a correspondent phoneNumber',
    },
    {
      route,
      name: 'no messages',
      send: withInfo({ messages: undefined }),
      status: 400,
      says: 'Invalid request: logInfo.messages is required',
    },
    {
      route,
      name: 'messages as an object',
      send: withInfo({ messages: { id: 1 } }),
      status: 400,
      says: 'Invalid request: logInfo.messages must be an array',
    },
    {
      route,
      name: '1001 messages',
      send: withInfo({ messages: tooMany }),
      status: 400,
      says: 'Invalid request: logInfo.messages must have at most 1000 entries',
    },
    {
      route,
      name: 'a message without an id',
      send: withInfo({ messages: [smsMessage({ id: '' })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.id/,
    },
    {
      route,
      name: 'a message with an unknown direction',
      send: withInfo({ messages: [smsMessage({ direction: 'Up' as never })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.direction/,
    },
    {
      route,
      name: 'a message text over 64 KB',
      send: withInfo({ messages: [smsMessage({ subject: 's'.repeat(64 * 1024 + 1) })] }),
      status: 400,
      says: /^Invalid request: logInfo\.messages\.0\.subject/,
    },
    {
      route,
      name: 'SQL in a 65-character conversationId',
      send: withInfo({ conversationId: `1'; DROP TABLE message_logs; --${'-'.repeat(40)}` }),
      status: 400,
      says: 'Invalid request: logInfo.conversationId must be at most 64 characters',
    },
    {
      route,
      name: 'conversationLogId as an object',
      send: withInfo({ conversationLogId: { day: '2024-05-01' } }),
      status: 400,
      says: 'Invalid request: logInfo.conversationLogId must be a string',
    },
    {
      route,
      name: 'selectedMessageIds as a string',
      send: withInfo({}, { selectedMessageIds: '1,2' }),
      status: 400,
      says: 'Invalid request: selectedMessageIds must be an array',
    },
    {
      route,
      name: 'contactId of 129 characters',
      send: withInfo({}, { contactId: '1'.repeat(129) }),
      status: 400,
      says: 'Invalid request: contactId must be at most 128 characters',
    },
    {
      route,
      name: 'correspondents as a string',
      send: withInfo({ correspondents: '+14155550100' }),
      status: 400,
      says: /^Invalid request: logInfo\.correspondents/,
    },
    {
      route,
      name: 'malformed JSON',
      send: jsonPost('/messageLog', '{"logInfo":[}'),
      status: 400,
      says: 'Invalid request: the body is not valid JSON',
    },
    {
      route: 'POST /messageLog/match',
      name: 'no messageIds',
      send: match({}),
      status: 400,
      says: 'Invalid request: messageIds is required',
    },
    {
      route: 'POST /messageLog/match',
      name: 'messageIds as a string',
      send: match({ messageIds: '1,2' }),
      status: 400,
      says: 'Invalid request: messageIds must be an array',
    },
    {
      route: 'POST /messageLog/match',
      name: '501 messageIds',
      send: match({ messageIds: Array.from({ length: 501 }, (_, i) => String(i)) }),
      status: 400,
      says: 'Invalid request: messageIds must have at most 500 entries',
    },
    {
      route: 'POST /messageLog/match',
      name: 'objects as messageIds',
      send: match({ messageIds: [{ $ne: null }] }),
      status: 400,
      says: 'Invalid request: messageIds must hold strings or numbers',
    },
    {
      route: 'POST /messageLog/match',
      name: 'a conversationId as an object',
      send: match({ messageIds: ['1'], conversationId: {} }),
      status: 400,
      says: /^Invalid request: conversationId/,
    },
  ];
}

function unknownRouteRows(): Row[] {
  const route = '(unknown routes)';
  return [
    {
      route,
      name: 'GET /admin/settings',
      send: (c) => c.t.http.get(`/admin/settings?jwtToken=${c.token}`),
      status: 404,
      says: 'Not found',
    },
    {
      route,
      name: 'path traversal',
      send: (c) => c.t.http.get('/..%2F..%2Fetc%2Fpasswd'),
      status: 404,
      says: 'Not found',
    },
    {
      route,
      name: 'DELETE /callLog',
      send: (c) => authed(c.t.http.delete('/callLog'), c),
      status: 404,
      says: 'Not found',
    },
    {
      route,
      name: 'a huge path',
      send: (c) => c.t.http.get(`/${'a'.repeat(4000)}`),
      status: 404,
      says: 'Not found',
    },
  ];
}

const ROWS: Row[] = [
  ...manifestRows(),
  ...oauthStartRows(),
  ...oauthCallbackRows(),
  ...apiKeyLoginRows(),
  ...sessionRouteRows(),
  ...userRows(),
  ...contactRows(),
  ...callLogRows(),
  ...messageLogRows(),
  ...unknownRouteRows(),
];

/** The message of an answer, whatever its shape. */
function messageOf(res: { type: string; text: string; body: unknown }): string {
  if (res.type === 'application/json') {
    const body = res.body as { returnMessage?: { message?: string } };
    return body?.returnMessage?.message ?? '';
  }
  // The /oauth-start refusal page: its one explanatory paragraph.
  if (res.type === 'text/html') return /<p>(.*?)<\/p>/.exec(res.text)?.[1] ?? res.text;
  return res.text;
}

describe('the bad-input table', () => {
  const ctx = {} as Ctx;
  let dbBefore: string;
  let crmBefore: string;

  const snapshotDb = async () => {
    const tables = ctx.t.dataSource.entityMetadatas.map((m) => m.tableName).sort();
    const dump: Record<string, unknown[]> = {};
    for (const table of tables)
      dump[table] = await ctx.t.dataSource.query(`SELECT * FROM ${table} ORDER BY 1`);
    return JSON.stringify(dump);
  };
  const snapshotCrm = () =>
    JSON.stringify({ contacts: ctx.t.crm.store.contacts, activities: ctx.t.crm.store.activities });

  beforeAll(async () => {
    ctx.t = await startTestApp({
      env: { SESSION_SECRET: SECRET, ALLOW_PRIVATE_CRM_HOSTS: 'false' },
      configure: (builder) =>
        withDns({
          'acme.crm.test': ['93.184.216.34'],
          'trap.crm.test': ['127.0.0.1'],
          'metadata.crm.test': ['169.254.169.254'],
        })(withProviders([dynamicApiKeyProvider(), dynamicOAuthProvider()])(builder)),
    });
    ctx.token = await loginWithApiKey(ctx.t.http, 'alice');
    dbBefore = await snapshotDb();
    crmBefore = snapshotCrm();
  });
  afterAll(() => ctx.t.close());

  it('has at least 150 rows, covering every route', () => {
    expect(ROWS.length).toBeGreaterThanOrEqual(150);
    const routes = new Set(ROWS.map((row) => row.route));
    for (const route of [
      'GET /crmManifest',
      'GET /implementedInterfaces',
      'GET /isAlive',
      'GET /releaseNotes',
      'GET /serverVersionInfo',
      'GET /oauth-start/:platform[/:hostname]',
      'GET /oauth-callback',
      'GET /auth/:platform/login',
      'GET /auth/:platform/callback',
      'POST /apiKeyLogin',
      'POST /unAuthorize',
      'GET /authValidation',
      'GET /hostname',
      'GET /user/settings',
      'POST /user/settings',
      'GET /user/preloadSettings',
      'POST /user/refreshInfo',
      'GET /userInfoHash',
      'GET /apiKeyManagedAuthState',
      'GET /oauthManagedAuthState',
      'GET /licenseStatus',
      'GET /contact',
      'POST /contact',
      'GET /custom/contact/search',
      'GET /callLog',
      'POST /callLog',
      'PATCH /callLog',
      'PUT /callDisposition',
      'POST /callLog/cacheNote',
      'POST /messageLog',
      'POST /messageLog/match',
    ]) {
      expect(routes).toContain(route);
    }
    // Every 200 says why the contract wants a 200.
    for (const row of ROWS) if (row.status === 200) expect(row.why).toBeTruthy();
  });

  it.each(ROWS.map((row) => [`${row.route}: ${row.name}`, row] as const))('%s', async (_, row) => {
    const res = await row.send(ctx);
    expect(res.status).toBeLessThan(500);
    expect({ status: res.status, says: messageOf(res) }).toEqual({
      status: row.status,
      says:
        typeof row.says === 'string' && row.says !== ''
          ? row.says
          : expect.stringMatching(row.says === '' ? /[^]*/ : row.says),
    });
    const body = res.text ?? '';
    // Nothing internal comes back: no stack frames, no CRM address, no database words.
    expect(body).not.toMatch(/\bat \S+ \(|node_modules|\/src\/|SQLITE|ER_|QueryFailedError/);
    expect(body).not.toContain(ctx.t.crm.url);
    if (res.status === 200 && res.type === 'application/json') {
      expect((res.body as { jwtToken?: string }).jwtToken).toBeUndefined();
    }
  });

  it('left the database and the sample CRM exactly as they were', async () => {
    expect(await snapshotDb()).toBe(dbBefore);
    expect(snapshotCrm()).toBe(crmBefore);
  });
});
