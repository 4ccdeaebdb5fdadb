import { startSampleCrm, type RunningSampleCrm } from './sample-crm.js';
import type { Activity, Contact } from './sample-crm-store.js';

const ALICE = 'sample-key-alice';
const BOB = 'sample-key-bob';
const START = new Date('2024-06-01T10:00:00.000Z');

interface Sent<T> {
  status: number;
  headers: Headers;
  body: T;
}

type Json = Record<string, unknown>;

let crm: RunningSampleCrm;
let clock: Date;

beforeAll(async () => {
  crm = await startSampleCrm({ now: () => clock });
});
afterAll(() => crm.close());
beforeEach(() => {
  clock = START;
  crm.reset();
});

function send<T = Json>(
  method: string,
  path: string,
  options: { key?: string | null; body?: unknown; headers?: Record<string, string> } = {},
  base = crm.url,
): Promise<Sent<T>> {
  const { key = ALICE, body, headers = {} } = options;
  return fetch(`${base}${path}`, {
    method,
    headers: {
      ...(key === null ? {} : { 'X-API-Key': key }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  }).then(async (res) => {
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : undefined) as T,
    };
  });
}

const get = <T = Json>(path: string, key?: string | null) => send<T>('GET', path, { key });

const newCall = (extra: Json = {}) => ({
  type: 'call',
  contactId: 101,
  subject: 'Call with Jane',
  body: 'Talked about invoices',
  ...extra,
});

/** Sends a request that the test may abandon; `answered()` says whether any answer came back. */
function sendPending(path: string, body: unknown) {
  const controller = new AbortController();
  let answered = false;
  const done = fetch(`${crm.url}${path}`, {
    method: 'POST',
    headers: { 'X-API-Key': ALICE, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
    signal: controller.signal,
  })
    .finally(() => (answered = true))
    .catch(() => undefined);
  return { answered: () => answered, abandon: () => (controller.abort(), done) };
}

async function waitFor(condition: () => boolean): Promise<void> {
  for (let tries = 0; !condition(); tries++) {
    if (tries > 200) throw new Error('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('auth', () => {
  it('rejects API calls without a known X-API-Key', async () => {
    const expected = { error: 'unauthorized', message: 'Missing or invalid credentials' };
    expect(await get('/api/me', null)).toMatchObject({ status: 401, body: expected });
    expect(await get('/api/me', 'sample-key-mallory')).toMatchObject({
      status: 401,
      body: expected,
    });
    expect(await get('/api/contacts?name=jane', null)).toMatchObject({ status: 401 });
  });

  it('answers /api/me for each user', async () => {
    expect((await get('/api/me', ALICE)).body).toEqual({
      id: 'u_alice',
      name: 'Alice Example',
      email: 'alice@sample-crm.test',
      timezone: 'America/Los_Angeles',
    });
    expect((await get('/api/me', BOB)).body).toEqual({
      id: 'u_bob',
      name: 'Bob Example',
      email: 'bob@sample-crm.test',
      timezone: 'Europe/London',
    });
  });
});

describe('contacts', () => {
  const search = async (query: Record<string, string>) =>
    (await get<{ data: Contact[] }>(`/api/contacts?${new URLSearchParams(query)}`)).body.data;

  it('finds a phone only by the exact text it was stored as', async () => {
    expect(await search({ phone: '(415) 555-0100' })).toEqual([
      {
        id: 101,
        name: 'Jane Doe',
        phone: '(415) 555-0100',
        type: 'Person',
        company: 'Acme',
        title: 'CFO',
        email: 'jane@acme.test',
        createdAt: '2024-01-02T03:04:05.000Z',
      },
    ]);
    expect(await search({ phone: '+14155550100' })).toEqual([]);
    expect(await search({ phone: '4155550100' })).toEqual([]);
    expect((await search({ phone: '415.555.0199' })).map((c) => c.name)).toEqual(['Dana Diaz']);
    expect((await search({ phone: '+44 20 7946 0958' })).map((c) => c.id)).toEqual([102]);
  });

  it('finds by case-insensitive name substring', async () => {
    expect((await search({ name: 'DIAZ' })).map((c) => c.name)).toEqual([
      'Carlos Diaz',
      'Dana Diaz',
    ]);
    expect((await search({ name: 'ane d' })).map((c) => c.id)).toEqual([101]);
    expect(await search({ name: 'nobody' })).toEqual([]);
  });

  it('needs a phone or a name', async () => {
    expect(await get('/api/contacts')).toEqual(
      expect.objectContaining({
        status: 400,
        body: { error: 'bad_request', message: 'phone or name is required' },
      }),
    );
  });

  it('creates a contact that the exact phone search then finds', async () => {
    const created = await send<Contact>('POST', '/api/contacts', {
      body: { name: 'Eve New', phone: '+1 (415) 555-0142' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 106,
      name: 'Eve New',
      phone: '+1 (415) 555-0142',
      type: 'Person',
      createdAt: START.toISOString(),
    });
    expect((await search({ phone: '+1 (415) 555-0142' })).map((c) => c.id)).toEqual([106]);

    const company = await send<Contact>('POST', '/api/contacts', {
      body: { name: 'Globex', phone: '555', type: 'Company' },
    });
    expect(company.body).toMatchObject({ id: 107, type: 'Company' });
  });

  it.each([
    [{ phone: '555' }, 'name is required'],
    [{ name: '  ', phone: '555' }, 'name is required'],
    [{ name: 'Eve' }, 'phone is required'],
    [{ name: 'x'.repeat(256), phone: '555' }, 'name must be at most 255 characters'],
    [{ name: 'Eve', phone: 5550142 }, 'phone must be a string'],
    [{ name: 'Eve', phone: '555', type: 'Robot' }, 'type must be one of: Person, Company'],
  ])('rejects contact %j with 422', async (body, message) => {
    const res = await send('POST', '/api/contacts', { body });
    expect(res).toMatchObject({ status: 422, body: { error: 'validation_failed', message } });
    expect(crm.store.contacts).toHaveLength(5);
  });
});

describe('activities', () => {
  it('creates, reads, updates and lists an activity', async () => {
    const created = await send<Activity>('POST', '/api/activities', {
      body: newCall({ contactId: '101', externalId: 'session-1' }),
    });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({
      id: 5001,
      type: 'call',
      contactId: 101,
      ownerId: 'u_alice',
      subject: 'Call with Jane',
      body: 'Talked about invoices',
      occurredAt: START.toISOString(),
      externalId: 'session-1',
      createdAt: START.toISOString(),
      updatedAt: START.toISOString(),
    });
    expect(await get('/api/activities/5001')).toMatchObject({ status: 200, body: created.body });

    clock = new Date('2024-06-01T10:05:00.000Z');
    const patched = await send<Activity>('PATCH', '/api/activities/5001', {
      body: { subject: 'Call with Jane (billing)', body: 'Updated notes' },
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toEqual({
      ...created.body,
      subject: 'Call with Jane (billing)',
      body: 'Updated notes',
      updatedAt: '2024-06-01T10:05:00.000Z',
    });
    expect(crm.store.getActivity(5001)).toEqual(patched.body);

    const sms = await send<Activity>('POST', '/api/activities', {
      body: newCall({ type: 'sms', occurredAt: '2024-05-31T23:00:00+02:00', key: undefined }),
    });
    expect(sms.body).toMatchObject({
      id: 5002,
      type: 'sms',
      occurredAt: '2024-05-31T21:00:00.000Z',
    });
    await send('POST', '/api/activities', { body: newCall({ contactId: 102 }) });

    const byContact = await get<{ data: Activity[] }>('/api/activities?contactId=101');
    expect(byContact.body.data.map((a) => a.id)).toEqual([5001, 5002]);
    const byExternalId = await get<{ data: Activity[] }>('/api/activities?externalId=session-1');
    expect(byExternalId.body.data.map((a) => a.id)).toEqual([5001]);
    expect(await get('/api/activities')).toMatchObject({
      status: 400,
      body: { error: 'bad_request' },
    });
  });

  it('answers 404 for an unknown activity', async () => {
    expect(await get('/api/activities/9999')).toMatchObject({
      status: 404,
      body: { error: 'not_found', message: 'activity 9999 not found' },
    });
    const patch = await send('PATCH', '/api/activities/9999', { body: { subject: 'x' } });
    expect(patch.status).toBe(404);
  });

  it.each([
    [newCall({ contactId: 999 }), 'contact 999 does not exist'],
    [newCall({ contactId: 'abc' }), 'contact abc does not exist'],
    [newCall({ contactId: undefined }), 'contactId is required'],
    [newCall({ type: 'meeting' }), 'type must be one of: call, sms, fax, voicemail'],
    [newCall({ fields: ['outcome'] }), 'fields must be an object'],
    [
      newCall({ fields: { outcome: { nested: true } } }),
      'field outcome must be a string of at most 255 characters, a number or a boolean',
    ],
    [newCall({ fields: { ['x'.repeat(65)]: 'a' } }), 'field names must be 1 to 64 characters'],
    [newCall({ subject: undefined }), 'subject is required'],
    [newCall({ body: undefined }), 'body is required'],
    [newCall({ occurredAt: 'yesterday' }), 'occurredAt must be an ISO 8601 date-time'],
    [newCall({ body: 'x'.repeat(2 * 1024 * 1024 + 1) }), 'body must be at most 2 MB'],
  ])('rejects activity #%# with 422', async (body, message) => {
    const res = await send('POST', '/api/activities', { body });
    expect(res).toMatchObject({ status: 422, body: { error: 'validation_failed', message } });
    expect(crm.store.activities).toHaveLength(0);
  });

  it('accepts a 2 MB body', async () => {
    const res = await send('POST', '/api/activities', {
      body: newCall({ body: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.status).toBe(201);
  });

  it('rejects a PATCH with wrong types', async () => {
    await send('POST', '/api/activities', { body: newCall() });
    for (const body of [{ subject: 42 }, { body: false }, { subject: '' }]) {
      expect(await send('PATCH', '/api/activities/5001', { body })).toMatchObject({ status: 422 });
    }
    expect(crm.store.getActivity(5001)?.subject).toBe('Call with Jane');
  });

  it('stores fax and voicemail activities', async () => {
    for (const type of ['fax', 'voicemail']) {
      const res = await send<Activity>('POST', '/api/activities', { body: newCall({ type }) });
      expect(res).toMatchObject({ status: 201, body: { type } });
    }
  });

  it('keeps custom fields: set on create, merged key by key on PATCH', async () => {
    const created = await send<Activity>('POST', '/api/activities', {
      body: newCall({ fields: { outcome: 'resolved', followUp: false } }),
    });
    expect(created.body.fields).toEqual({ outcome: 'resolved', followUp: false });
    const patched = await send<Activity>('PATCH', '/api/activities/5001', {
      body: { fields: { followUp: true, score: 3 } },
    });
    expect(patched.body.fields).toEqual({ outcome: 'resolved', followUp: true, score: 3 });
    expect(patched.body.body).toBe('Talked about invoices');
    expect(crm.store.getActivity(5001)?.fields).toEqual(patched.body.fields);

    const plain = await send<Activity>('POST', '/api/activities', { body: newCall() });
    expect(plain.body).not.toHaveProperty('fields');
    const rejected = await send('PATCH', '/api/activities/5002', {
      body: { fields: { outcome: 'x'.repeat(256) } },
    });
    expect(rejected).toMatchObject({ status: 422, body: { error: 'validation_failed' } });
    expect(crm.store.getActivity(5002)).not.toHaveProperty('fields');
  });

  it('returns the first activity for a repeated Idempotency-Key from the same user', async () => {
    const headers = { 'Idempotency-Key': 'call-session-42' };
    const first = await send<Activity>('POST', '/api/activities', { body: newCall(), headers });
    const again = await send<Activity>('POST', '/api/activities', { body: newCall(), headers });
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(crm.store.activities).toHaveLength(1);

    const bobs = await send<Activity>('POST', '/api/activities', {
      key: BOB,
      body: newCall(),
      headers,
    });
    expect(bobs).toMatchObject({ status: 201, body: { id: 5002, ownerId: 'u_bob' } });
    const noKey = await send<Activity>('POST', '/api/activities', { body: newCall() });
    expect(noKey).toMatchObject({ status: 201, body: { id: 5003 } });
  });
});

describe('errors and stats', () => {
  it('answers malformed JSON and oversized bodies with JSON errors', async () => {
    const malformed = await send('POST', '/api/activities', { body: '{"type": "call",' });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(malformed.body).toEqual({ error: 'bad_request', message: 'Malformed JSON body' });

    const huge = await send('POST', '/api/contacts', { body: { name: 'x'.repeat(6_000_000) } });
    expect(huge).toMatchObject({ status: 413, body: { error: 'payload_too_large' } });

    const notArray = await send('POST', '/api/contacts', { body: '[]' });
    expect(notArray).toMatchObject({ status: 400, body: { error: 'bad_request' } });
  });

  it('answers unknown routes with 404 JSON', async () => {
    expect(await get('/api/nothing')).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect(await send('DELETE', '/api/contacts')).toMatchObject({ status: 404 });
  });

  it('has no /_test routes unless testApi is on', async () => {
    expect(await get('/_test/stats')).toMatchObject({ status: 404 });
    expect(await send('POST', '/_test/reset')).toMatchObject({ status: 404 });
  });

  it('counts requests per method and route pattern', async () => {
    await get('/api/contacts?name=jane');
    await get('/api/contacts?phone=1');
    await get('/api/contacts', null);
    await send('POST', '/api/activities', { body: newCall() });
    await get('/api/activities/5001');
    await get('/api/activities/77');
    expect(crm.store.stats()).toEqual({
      'GET /api/contacts': 3,
      'POST /api/activities': 1,
      'GET /api/activities/:id': 2,
    });
    crm.store.resetStats();
    expect(crm.store.stats()).toEqual({});
  });
});

describe('faults', () => {
  it('fails exactly the next n requests with the given status', async () => {
    crm.faults.set('POST /api/activities', { failNext: 2, status: 503 });
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push((await send('POST', '/api/activities', { body: newCall() })).status);
    }
    expect(statuses).toEqual([503, 503, 201]);
    expect(crm.store.activities).toHaveLength(1);
    expect(crm.store.stats()['POST /api/activities']).toBe(3);
    expect((await get('/api/me')).status).toBe(200);
  });

  it('sends 429 with Retry-After', async () => {
    crm.faults.set('GET /api/contacts', { status: 429, retryAfter: '7', failNext: 1 });
    const limited = await get('/api/contacts?name=jane');
    expect(limited).toMatchObject({ status: 429, body: { error: 'rate_limited' } });
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await get('/api/contacts?name=jane')).status).toBe(200);
  });

  it("applies '*' to every route until cleared, and an exact route key wins", async () => {
    crm.faults.set('*', { status: 500 });
    crm.faults.set('GET /api/me', { status: 502, failNext: 1 });
    expect((await get('/api/me')).status).toBe(502);
    expect((await get('/api/me')).status).toBe(500);
    expect((await get('/api/contacts?name=x')).status).toBe(500);
    crm.faults.clear();
    expect((await get('/api/me')).status).toBe(200);
  });

  it('drops the connection, before or after the write', async () => {
    crm.faults.set('POST /api/activities', { reset: true, failNext: 1 });
    await expect(send('POST', '/api/activities', { body: newCall() })).rejects.toThrow();
    expect(crm.store.activities).toHaveLength(0);

    crm.faults.set('POST /api/activities', { reset: true, afterHandler: true, failNext: 1 });
    await expect(send('POST', '/api/activities', { body: newCall() })).rejects.toThrow();
    expect(crm.store.activities).toHaveLength(1);
  });

  it('delays before the handler: a later request is answered and written first', async () => {
    crm.faults.set('POST /api/activities', { latencyMs: 60_000, failNext: 1 });
    const slow = sendPending('/api/activities', newCall({ subject: 'slow' }));
    await waitFor(() => crm.store.stats()['POST /api/activities'] === 1);

    const fast = await send('POST', '/api/activities', { body: newCall({ subject: 'fast' }) });
    expect(fast.status).toBe(201);
    expect(slow.answered()).toBe(false);
    expect(crm.store.activities.map((a) => a.subject)).toEqual(['fast']);
    await slow.abandon();
  });

  it('delays after the handler: the write is visible while the answer is pending', async () => {
    crm.faults.set('POST /api/activities', { latencyMs: 60_000, afterHandler: true, failNext: 1 });
    const slow = sendPending('/api/activities', newCall());
    await waitFor(() => crm.store.activities.length === 1);

    expect((await get('/api/activities/5001')).status).toBe(200);
    expect(slow.answered()).toBe(false);
    await slow.abandon();
  });

  it('still answers normally after a short delay', async () => {
    crm.faults.set('POST /api/activities', { latencyMs: 20, afterHandler: true });
    const res = await send<Activity>('POST', '/api/activities', { body: newCall() });
    expect(res.status).toBe(201);
    expect(crm.store.getActivity(res.body.id)).toEqual(res.body);
  });

  it('refuses faults that would do nothing or are mistyped', () => {
    expect(() => crm.faults.set('*', {})).toThrow(RangeError);
    expect(() => crm.faults.set('*', { failNext: 1 })).toThrow(RangeError);
    expect(() => crm.faults.set('*', { status: 200 })).toThrow(RangeError);
    expect(() => crm.faults.set('*', { retryAfter: '1', latencyMs: 5 })).toThrow(RangeError);
    expect(() => crm.faults.set('*', { statsu: 503 } as never)).toThrow('unknown fault field');
  });
});

describe('test API (testApi: true)', () => {
  let controlled: RunningSampleCrm;
  beforeAll(async () => {
    controlled = await startSampleCrm({ testApi: true });
  });
  afterAll(() => controlled.close());

  const at = <T = Json>(method: string, path: string, body?: unknown) =>
    send<T>(method, path, { body }, controlled.url);

  it('reports and resets stats', async () => {
    await at('GET', '/api/me');
    await at('GET', '/api/me');
    expect((await at('GET', '/_test/stats')).body).toEqual({ 'GET /api/me': 2 });
    expect((await at('POST', '/_test/stats/reset')).status).toBe(204);
    expect((await at('GET', '/_test/stats')).body).toEqual({});
  });

  it('sets and clears faults over HTTP', async () => {
    const set = await at('POST', '/_test/faults', { route: 'GET /api/me', status: 503 });
    expect(set.status).toBe(204);
    expect((await at('GET', '/api/me')).status).toBe(503);
    expect((await at('GET', '/api/me')).status).toBe(503);
    expect((await at('DELETE', '/_test/faults')).status).toBe(204);
    expect((await at('GET', '/api/me')).status).toBe(200);

    expect(
      await at('POST', '/_test/faults', { route: 'GET /api/nope', status: 503 }),
    ).toMatchObject({
      status: 422,
    });
    expect(await at('POST', '/_test/faults', { route: '*', failNext: 1 })).toMatchObject({
      status: 422,
      body: { message: 'a fault needs latencyMs, status or reset' },
    });
  });

  it('reseeds, clears stats and faults on /_test/reset', async () => {
    await at('POST', '/api/contacts', { name: 'Temp', phone: '1' });
    await at('POST', '/_test/faults', { route: '*', latencyMs: 1 });
    expect(controlled.store.contacts).toHaveLength(6);

    expect((await at('POST', '/_test/reset')).status).toBe(204);
    expect(controlled.store.contacts).toHaveLength(5);
    expect(controlled.faults.take('GET /api/me')).toBeUndefined();
    expect((await at('GET', '/_test/stats')).body).toEqual({});
  });
});

describe('close()', () => {
  it('closes promptly, dropping a request that is still in flight', async () => {
    const other = await startSampleCrm();
    other.faults.set('GET /api/me', { latencyMs: 60_000 });
    const pending = send('GET', '/api/me', {}, other.url);
    await waitFor(() => other.store.stats()['GET /api/me'] === 1);

    await other.close();
    await expect(pending).rejects.toThrow();
    await expect(fetch(`${other.url}/api/me`)).rejects.toThrow();
  });
});
