import {
  authed,
  describeBadInput,
  jsonPost,
  SESSION_TEXT,
  TAMPERED,
  type Ctx,
  type Row,
} from '../../support/bad-input-table.js';

const NO_RC_TOKEN = 'Invalid request: a RingCentral access token is required (X-RC-Access-Token)';

function userMappingRows(): Row[] {
  const rows: Row[] = [];
  for (const path of ['/admin/userMapping', '/admin/reinitializeUserMapping']) {
    const route = `POST ${path}`;
    const list = (body: string) => jsonPost(path, body);
    rows.push(
      ...TAMPERED.slice(0, 4).map(([name, tamper]) => ({
        route,
        name: `a session token: ${name}`,
        send: (c: Ctx) =>
          c.t.http
            .post(path)
            .set('authorization', `Bearer ${tamper(c.token)}`)
            .send({ rcExtensionList: [] }),
        status: 400,
        says: SESSION_TEXT,
      })),
      {
        route,
        name: 'no body',
        send: (c) => authed(c.t.http.post(path), c),
        status: 400,
        says: 'Invalid request: rcExtensionList is required',
      },
      {
        route,
        name: 'a string for the list',
        send: list('{"rcExtensionList":"everyone"}'),
        status: 400,
        says: 'Invalid request: rcExtensionList must be an array',
      },
      {
        route,
        name: 'an extension without an id',
        send: list('{"rcExtensionList":[{"name":"Ann"}]}'),
        status: 400,
        says: /^Invalid request: rcExtensionList\[0\]\.id must be/,
      },
      {
        route,
        name: 'an object for an email',
        send: list('{"rcExtensionList":[{"id":1,"email":{"$ne":""}}]}'),
        status: 400,
        says: /^Invalid request: rcExtensionList\[0\]\.email must be a string/,
      },
      {
        route,
        name: 'a prototype key in an extension, no RingCentral token',
        send: list('{"rcExtensionList":[{"id":"1","__proto__":{"admin":true}}]}'),
        status: 400,
        says: /^Invalid request/,
      },
      {
        route,
        name: 'a valid list without a RingCentral token',
        send: list('{"rcExtensionList":[{"id":"1","name":"Ann"}]}'),
        status: 400,
        says: NO_RC_TOKEN,
      },
    );
  }
  return rows;
}

function managedAuthOptionsRows(): Row[] {
  const route = 'POST /admin/managedAuth/options';
  const post = (query: string, body: string) => (c: Ctx) =>
    c.t.http
      .post(`/admin/managedAuth/options${query}`)
      .set('content-type', 'application/json')
      .send(body);
  return [
    {
      route,
      name: 'no platform',
      send: post('', '{"fieldConst":"apiKey"}'),
      status: 400,
      says: 'Invalid request: platform is required',
    },
    {
      route,
      name: 'no fieldConst',
      send: post('?platform=sample-crm-apikey', '{}'),
      status: 400,
      says: /^Invalid request: fieldConst/,
    },
    {
      route,
      name: 'a list for accountValues',
      send: post('?platform=sample-crm-apikey', '{"fieldConst":"apiKey","accountValues":[1]}'),
      status: 400,
      says: 'Invalid request: accountValues must be an object',
    },
    {
      route,
      name: 'no RingCentral token',
      send: post('?platform=sample-crm-apikey', '{"fieldConst":"apiKey"}'),
      status: 400,
      says: NO_RC_TOKEN,
    },
  ];
}

/** Refused before RingCentral is asked (the values themselves: test/e2e/managed-oauth.spec.ts). */
function managedOAuthRows(): Row[] {
  const cache = 'POST /admin/managedOAuth/cache';
  const post = (body: string) => (c: Ctx) =>
    c.t.http.post('/admin/managedOAuth/cache').set('content-type', 'application/json').send(body);
  const del = (path: string, token?: string) => (c: Ctx) => {
    const req = c.t.http.delete(path);
    return token === undefined ? req : req.set('X-RC-Access-Token', token);
  };
  return [
    {
      route: cache,
      name: 'no body',
      send: post('{}'),
      status: 400,
      says: 'Invalid request: values must be an object',
    },
    {
      route: cache,
      name: 'a string for values',
      send: post('{"values":"clientId=x"}'),
      status: 400,
      says: 'Invalid request: values must be an object',
    },
    {
      route: cache,
      name: 'a prototype key in values',
      send: post('{"values":{"__proto__":{"clientId":"x"}}}'),
      status: 400,
      says: /^Invalid request/,
    },
    {
      route: cache,
      name: 'values without a RingCentral token',
      send: post('{"values":{"clientId":"x"}}'),
      status: 400,
      says: NO_RC_TOKEN,
    },
    {
      route: 'DELETE /admin/managedOAuth/cache',
      name: 'no RingCentral token',
      send: del('/admin/managedOAuth/cache'),
      status: 400,
      says: NO_RC_TOKEN,
    },
    {
      route: 'DELETE /admin/managedOAuth/cache',
      name: 'a RingCentral token with a space',
      send: del('/admin/managedOAuth/cache', 'two words'),
      status: 400,
      says: 'Invalid request: the RingCentral access token must be one printable string',
    },
    {
      route: 'DELETE /admin/managedOAuth/account',
      name: 'no platform',
      send: del('/admin/managedOAuth/account', 'rc-admin-a'),
      status: 400,
      says: 'Invalid request: platform is required',
    },
    {
      route: 'DELETE /admin/managedOAuth/account',
      name: 'no RingCentral token',
      send: del('/admin/managedOAuth/account?platform=sample-crm'),
      status: 400,
      says: NO_RC_TOKEN,
    },
  ];
}

describeBadInput(
  'admin',
  [...userMappingRows(), ...managedAuthOptionsRows(), ...managedOAuthRows()],
  {
    minRows: 32,
    routes: [
      'POST /admin/userMapping',
      'POST /admin/reinitializeUserMapping',
      'POST /admin/managedAuth/options',
      'POST /admin/managedOAuth/cache',
      'DELETE /admin/managedOAuth/cache',
      'DELETE /admin/managedOAuth/account',
    ],
  },
);
