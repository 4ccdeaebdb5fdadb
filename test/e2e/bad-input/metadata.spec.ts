import { authed, describeBadInput, type Ctx, type Row } from '../../support/bad-input-table.js';

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

function unknownRouteRows(): Row[] {
  const route = '(unknown routes)';
  return [
    {
      route,
      name: 'GET /admin/userMapping',
      send: (c) => c.t.http.get(`/admin/userMapping?jwtToken=${c.token}`),
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

describeBadInput('metadata', [...manifestRows(), ...unknownRouteRows()], {
  minRows: 18,
  routes: [
    'GET /crmManifest',
    'GET /implementedInterfaces',
    'GET /isAlive',
    'GET /releaseNotes',
    'GET /serverVersionInfo',
    '(unknown routes)',
  ],
});
