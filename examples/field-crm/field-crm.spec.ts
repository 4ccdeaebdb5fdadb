import { callFieldCrm, type CallOptions } from './field-crm-client.js';
import { startFieldCrm, type RunningFieldCrm } from './field-crm.js';
import type { Person } from './field-crm-store.js';

const ALICE = 'fk_alice_7Qm2xR9v';
const BOB = 'fk_bob_3Hs8kW1p';
const START = new Date('2024-06-10T12:00:00.000Z');
const START_S = START.getTime() / 1000;

type Json = Record<string, unknown>;
interface SearchPage {
  results: Person[];
  next_cursor: string | null;
}

let crm: RunningFieldCrm;
let clock: Date;
const logs: Record<string, unknown>[] = [];

beforeAll(async () => {
  crm = await startFieldCrm({ testApi: true, now: () => clock, log: (entry) => logs.push(entry) });
});
afterAll(() => crm.close());
beforeEach(() => {
  clock = START;
  logs.length = 0;
  crm.reset();
});

const call = <T = Json>(method: string, path: string, options: CallOptions = { token: ALICE }) =>
  callFieldCrm<T>(crm.url, method, path, options);
/** `null`: no token. */
const get = <T = Json>(path: string, token: string | null = ALICE) =>
  call<T>('GET', path, { token: token ?? undefined });
const search = (query: Record<string, string>) =>
  get<SearchPage>(`/v2/people/search?${new URLSearchParams(query)}`);
const ids = (page: SearchPage) => page.results.map((person) => person.id);

/** Every page of a search, following `next_cursor`. */
async function allPages(query: Record<string, string>): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor: string | null = null;
  do {
    const { status, body } = await search(cursor ? { ...query, cursor } : query);
    expect(status).toBe(200);
    pages.push(ids(body));
    cursor = body.next_cursor;
  } while (cursor && pages.length < 20);
  return pages;
}

describe('auth: X-Field-Token', () => {
  it('refuses a missing, misplaced or unknown token with a nested error and a challenge', async () => {
    const missing = await get('/v2/whoami', null);
    expect(missing).toMatchObject({
      status: 401,
      body: { error: { code: 'missing_token', message: expect.stringContaining('X-Field-Token') } },
    });
    expect(missing.headers.get('www-authenticate')).toBe('FieldToken realm="field-crm"');
    const bearer = await call('GET', '/v2/whoami', {
      headers: { Authorization: `Bearer ${ALICE}` },
    });
    expect(bearer.body).toEqual(missing.body);
    expect(await get('/v2/whoami', 'fk_mallory')).toMatchObject({
      status: 401,
      body: { error: { code: 'invalid_token', message: 'Unknown API key or session token' } },
    });
    expect((await search({ name: 'anna' })).status).toBe(200);
    expect((await call('GET', '/v2/people/search?name=anna', {})).status).toBe(401);
  });

  it('says who the key belongs to, with the time zone', async () => {
    expect(await get('/v2/whoami')).toMatchObject({
      status: 200,
      body: {
        user: {
          id: 'usr_alice',
          name: 'Alice Keller',
          email: 'alice@field-crm.test',
          time_zone: 'Europe/Berlin',
        },
        token: { kind: 'api_key' },
      },
    });
    expect((await get<{ user: Json }>('/v2/whoami', BOB)).body.user).toEqual({
      id: 'usr_bob',
      name: 'Bob Turner',
      email: 'bob@field-crm.test',
      time_zone: 'America/New_York',
    });
  });

  it('logs in with email and password to a session token that works like a key', async () => {
    const login = await call<{ token: string; user: Json }>('POST', '/v2/login', {
      body: { email: 'ALICE@field-crm.test', password: 'alice-password' },
    });
    expect(login).toMatchObject({ status: 201, body: { user: { id: 'usr_alice' } } });
    expect(login.body.token).toMatch(/^fs_/);
    expect((await get('/v2/whoami', login.body.token)).body).toMatchObject({
      user: { id: 'usr_alice' },
      token: { kind: 'session' },
    });
    expect(
      await call('POST', '/v2/login', {
        body: { email: 'alice@field-crm.test', password: 'nope' },
      }),
    ).toMatchObject({ status: 401, body: { error: { code: 'invalid_login' } } });
  });

  it('logout invalidates exactly the token it was sent with, until reset', async () => {
    const { body } = await call<{ token: string }>('POST', '/v2/login', {
      body: { email: 'alice@field-crm.test', password: 'alice-password' },
    });
    expect(await call('POST', '/v2/logout', { token: body.token })).toMatchObject({ status: 204 });
    const revoked = {
      status: 401,
      body: { error: { code: 'token_revoked', message: expect.any(String) } },
    };
    expect(await get('/v2/whoami', body.token)).toMatchObject(revoked);
    expect((await get('/v2/whoami', ALICE)).status).toBe(200);

    expect((await call('POST', '/v2/logout', { token: ALICE })).status).toBe(204);
    expect(await get('/v2/whoami', ALICE)).toMatchObject(revoked);
    expect(await call('POST', '/v2/logout', { token: ALICE })).toMatchObject(revoked);
    expect((await get('/v2/whoami', BOB)).status).toBe(200);
    crm.reset();
    expect((await get('/v2/whoami', ALICE)).status).toBe(200);
  });
});

describe('people: digits-substring phone search', () => {
  it('pages through the matches 2 at a time by an opaque cursor', async () => {
    // 1234 is in Anna's 0301234567, Michael's 13012345678 and Camille's 0123456789.
    const first = await search({ phone_digits: '1234' });
    expect(ids(first.body)).toEqual(['prs_1001', 'prs_1005']);
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await search({ phone_digits: '1234', cursor: first.body.next_cursor! });
    expect(second.body).toMatchObject({ next_cursor: null });
    expect(ids(second.body)).toEqual(['prs_1007']);
    expect(await allPages({ phone_digits: '1234', limit: '1' })).toEqual([
      ['prs_1001'],
      ['prs_1005'],
      ['prs_1007'],
    ]);
    expect(await allPages({ phone_digits: '1234', limit: '10' })).toEqual([
      ['prs_1001', 'prs_1005', 'prs_1007'],
    ]);
  });

  it('returns false positives: a shorter number inside a longer one', async () => {
    // +49 30 1234567 (Anna, stored as 030 1234567) by its national digits; Michael's
    // +1 (301) 234-5678 contains them too.
    const { body } = await search({ phone_digits: '301234567' });
    expect(body.results.map((p) => [p.id, p.country, p.phones.map((ph) => ph.value)])).toEqual([
      ['prs_1001', 'DE', ['030 1234567', '0171 2345678']],
      ['prs_1005', 'US', ['+1 (301) 234-5678']],
    ]);
  });

  it('misses trunk-prefix formats when searched with the country code', async () => {
    expect(ids((await search({ phone_digits: '49301234567' })).body)).toEqual([]);
    expect(ids((await search({ phone_digits: '0301234567' })).body)).toEqual(['prs_1001']);
    // Jürgen is stored as 0049 89 4711 0815 x12: the extension's digits are part of the text.
    expect(ids((await search({ phone_digits: '08947110815' })).body)).toEqual([]);
    expect(ids((await search({ phone_digits: '498947110815' })).body)).toEqual(['prs_1002']);
    expect(ids((await search({ phone_digits: '894711081512' })).body)).toEqual(['prs_1002']);
  });

  it('finds a shared number on both people, past an empty first phone', async () => {
    const { body } = await search({ phone_digits: '2079460018' });
    expect(body.results.map((p) => [p.id, p.phones])).toEqual([
      [
        'prs_1003',
        [
          { label: 'office', value: '020 7946 0018' },
          { label: 'mobile', value: '07911 654321' },
        ],
      ],
      [
        'prs_1004',
        [
          { label: 'mobile', value: '' },
          { label: 'office', value: '+44 (0)20 7946 0018' },
        ],
      ],
    ]);
    expect(body.next_cursor).toBeNull();
  });

  it('refuses a query it cannot run with a nested invalid_query error', async () => {
    const queries: Record<string, string>[] = [
      {},
      { phone_digits: '1234', name: 'anna' },
      { name: '   ' },
      { phone_digits: '+49 30 1234567' },
      { phone_digits: '123' },
      { phone_digits: '1234', limit: '0' },
      { phone_digits: '1234', limit: '11' },
    ];
    for (const query of queries) {
      expect(await search(query)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_query', message: expect.any(String) } },
      });
    }
  });

  it('refuses a cursor it did not issue or issued for another query', async () => {
    const { body } = await search({ phone_digits: '1234' });
    const cases: Record<string, string>[] = [
      { phone_digits: '1235', cursor: body.next_cursor! },
      { name: 'a', cursor: body.next_cursor! },
      { phone_digits: '1234', cursor: 'not-a-cursor' },
      { phone_digits: '1234', cursor: Buffer.from('{"q":"phone:1234"}').toString('base64url') },
    ];
    for (const query of cases) {
      expect(await search(query)).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_cursor' } },
      });
    }
  });
});

describe('people: name search, read and create', () => {
  it('matches a case-insensitive substring of "first last", paginated', async () => {
    expect(await allPages({ name: 'ER' })).toEqual([['prs_1002', 'prs_1003'], ['prs_1006']]);
    expect(await allPages({ name: 'luc mar' })).toEqual([['prs_1008']]);
    expect(await allPages({ name: 'nobody' })).toEqual([[]]);
  });

  it('reads a person by id; an unknown id is a nested 404', async () => {
    expect((await get('/v2/people/prs_1002')).body).toEqual({
      id: 'prs_1002',
      first_name: 'Jürgen',
      last_name: 'Weber',
      company: 'Beispiel GmbH',
      country: 'DE',
      emails: [],
      phones: [{ label: 'work', value: '0049 89 4711 0815 x12' }],
      created_at: expect.any(Number),
    });
    expect(await get('/v2/people/prs_9999')).toMatchObject({
      status: 404,
      body: {
        error: {
          code: 'not_found',
          message: 'person prs_9999 not found',
          details: { resource: 'person', id: 'prs_9999' },
        },
      },
    });
  });

  it('creates a person that the searches then find on a later page', async () => {
    const created = await call<Person>('POST', '/v2/people', {
      token: ALICE,
      body: {
        first_name: 'Pierre',
        last_name: 'Lefèvre',
        country: 'FR',
        phones: [{ label: 'mobile', value: '06 12 34 99 99' }],
      },
    });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: 'prs_1009',
        first_name: 'Pierre',
        last_name: 'Lefèvre',
        company: null,
        country: 'FR',
        emails: [],
        phones: [{ label: 'mobile', value: '06 12 34 99 99' }],
        created_at: START_S,
      },
    });
    expect(await allPages({ phone_digits: '1234' })).toEqual([
      ['prs_1001', 'prs_1005'],
      ['prs_1007', 'prs_1009'],
    ]);
    expect((await get('/v2/people/prs_1009')).body).toEqual(created.body);
  });

  it('names every problem of a bad person in one nested 400', async () => {
    const { status, body } = await call<{ error: { details: { fields: Json[] } } }>(
      'POST',
      '/v2/people',
      { token: ALICE, body: { first_name: 7, country: 'de', phones: ['030 1'], name: 'X' } },
    );
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'validation_failed', message: expect.any(String) });
    expect(body.error.details.fields.map((f) => [f.field, f.issue])).toEqual([
      ['name', 'unknown'],
      ['first_name', 'type'],
      ['last_name', 'required'],
      ['country', 'type'],
      ['phones', 'type'],
    ]);
    expect(crm.store.people).toHaveLength(8);
  });
});

describe('429 with Retry-After', () => {
  let limited: RunningFieldCrm;
  let now: Date;
  beforeAll(async () => {
    limited = await startFieldCrm({
      now: () => now,
      rateLimit: { requests: 2, windowSeconds: 60 },
    });
  });
  afterAll(() => limited.close());
  beforeEach(() => {
    now = START;
    limited.reset();
  });
  const whoami = (token: string) => callFieldCrm(limited.url, 'GET', '/v2/whoami', { token });

  it('limits each key per window and says when to come back', async () => {
    expect((await whoami(ALICE)).status).toBe(200);
    expect((await whoami(ALICE)).status).toBe(200);
    const refused = await whoami(ALICE);
    expect(refused).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited', details: { retry_after_s: 60 } } },
    });
    expect(refused.headers.get('retry-after')).toBe('60');
    expect((await whoami(BOB)).status).toBe(200);

    now = new Date(START.getTime() + 45_000);
    expect((await whoami(ALICE)).headers.get('retry-after')).toBe('15');
    now = new Date(START.getTime() + 60_000);
    expect((await whoami(ALICE)).status).toBe(200);
  });

  it('is forced by a fault, with Retry-After 1 unless the fault names one', async () => {
    crm.faults.set('GET /v2/whoami', { status: 429, failNext: 1 });
    const forced = await get('/v2/whoami');
    expect(forced).toMatchObject({
      status: 429,
      body: { error: { code: 'rate_limited', details: { retry_after_s: 1 } } },
    });
    expect(forced.headers.get('retry-after')).toBe('1');
    expect((await get('/v2/whoami')).status).toBe(200);

    const setFault = await call('POST', '/_test/faults', {
      body: { route: 'GET /v2/people/search', status: 429, retryAfter: '7' },
    });
    expect(setFault.status).toBe(204);
    expect((await search({ name: 'anna' })).headers.get('retry-after')).toBe('7');
    expect((await call('DELETE', '/_test/faults', {})).status).toBe(204);
    expect((await search({ name: 'anna' })).status).toBe(200);
  });
});

describe('faults, test API and log', () => {
  it('answers a 5xx fault with a nested error, and refuses an unknown route key', async () => {
    crm.faults.set('*', { status: 503, retryAfter: '2', failNext: 1 });
    const unavailable = await get('/v2/whoami');
    expect(unavailable).toMatchObject({
      status: 503,
      body: { error: { code: 'unavailable', message: 'Service Unavailable' } },
    });
    expect(unavailable.headers.get('retry-after')).toBe('2');
    expect(
      await call('POST', '/_test/faults', { body: { route: 'GET /api/me', status: 500 } }),
    ).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(
      await call('POST', '/_test/faults', { body: { route: '*', status: 200 } }),
    ).toMatchObject({ status: 400, body: { error: { message: expect.stringContaining('400') } } });
  });

  it('counts requests, lists stored activities and resets over HTTP', async () => {
    await get('/v2/whoami');
    await get('/v2/whoami', 'fk_nobody');
    expect((await get('/_test/stats', null)).body).toEqual({ 'GET /v2/whoami': 2 });
    const bobs = await get<{ activities: Json[] }>('/_test/activities?owner_id=usr_bob', null);
    expect(bobs.body.activities.map((a) => a.id)).toEqual(['act_5002']);
    await call('POST', '/v2/logout', { token: ALICE });
    expect((await call('POST', '/_test/reset', {})).status).toBe(204);
    expect((await get('/v2/whoami')).status).toBe(200);
    expect((await get('/_test/stats', null)).body).toEqual({ 'GET /v2/whoami': 1 });
  });

  it('has no test API unless asked, and a nested 404 for unknown routes', async () => {
    const plain = await startFieldCrm();
    try {
      expect(await callFieldCrm(plain.url, 'POST', '/_test/reset')).toMatchObject({
        status: 404,
        body: { error: { code: 'no_route', message: 'no route for POST /_test/reset' } },
      });
    } finally {
      await plain.close();
    }
  });

  it('logs one line per request, with the user but never the token', async () => {
    await get('/v2/whoami');
    await get('/v2/whoami', 'fk_nobody');
    expect(logs).toEqual([
      { msg: 'request', method: 'GET', route: 'GET /v2/whoami', status: 200, user: 'usr_alice' },
      { msg: 'request', method: 'GET', route: 'GET /v2/whoami', status: 401, user: undefined },
    ]);
    expect(JSON.stringify(logs)).not.toContain('fk_');
  });
});
