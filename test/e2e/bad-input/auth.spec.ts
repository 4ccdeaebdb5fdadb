import { clientAuthorizeQuery, EMBEDDABLE_REDIRECT } from '../../support/oauth-login.js';
import { describeBadInput, type Ctx, type Row } from '../../support/bad-input-table.js';

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

describeBadInput('auth', [...oauthStartRows(), ...oauthCallbackRows(), ...apiKeyLoginRows()], {
  minRows: 56,
  routes: [
    'GET /oauth-start/:platform[/:hostname]',
    'GET /oauth-callback',
    'GET /auth/:platform/login',
    'GET /auth/:platform/callback',
    'POST /apiKeyLogin',
  ],
});
