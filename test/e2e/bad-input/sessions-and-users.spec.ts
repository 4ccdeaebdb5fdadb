import type { Test } from 'supertest';
import { messageLogBody } from '../../support/factories.js';
import {
  authed,
  describeBadInput,
  jsonPost,
  SESSION_TEXT,
  TAMPERED,
  type Ctx,
  type Row,
} from '../../support/bad-input-table.js';

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

describeBadInput('sessions-and-users', [...sessionRouteRows(), ...userRows()], {
  minRows: 36,
  routes: [
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
  ],
});
