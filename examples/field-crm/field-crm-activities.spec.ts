import { callFieldCrm, type CallOptions } from './field-crm-client.js';
import { startFieldCrm, type RunningFieldCrm } from './field-crm.js';
import type { Activity } from './field-crm-store.js';

const ALICE = 'fk_alice_7Qm2xR9v';
const BOB = 'fk_bob_3Hs8kW1p';
const START = new Date('2024-06-10T12:00:00.000Z');
const START_S = START.getTime() / 1000;
/** 2024-06-10T09:30:05Z, i.e. 11:30:05 in Alice's Europe/Berlin. */
const CALL_AT = 1718011805;

type Json = Record<string, unknown>;
interface ErrorBody {
  error: { code: string; message: string; details?: Json & { fields?: Json[] } };
}

let crm: RunningFieldCrm;
let clock: Date;

beforeAll(async () => {
  crm = await startFieldCrm({ now: () => clock });
});
afterAll(() => crm.close());
beforeEach(() => {
  clock = START;
  crm.reset();
});

const call = <T = Json>(method: string, path: string, options: CallOptions = { token: ALICE }) =>
  callFieldCrm<T>(crm.url, method, path, options);
const create = <T = Activity>(personId: string, body: unknown, token = ALICE) =>
  call<T>('POST', `/v2/people/${personId}/activities`, { token, body });
const read = (id: string) => call<Activity>('GET', `/v2/activities/${id}`);
const replace = <T = Activity>(id: string, body: unknown) =>
  call<T>('PUT', `/v2/activities/${id}`, { token: ALICE, body });
const fieldsOf = (body: ErrorBody) =>
  (body.error.details?.fields ?? []).map((field) => [field.field, field.issue]);

const newCall = (extra: Json = {}) => ({
  kind: 'call',
  title: 'Call with Anna',
  notes: 'Asked for the quote.',
  direction: 'inbound',
  occurred_at: CALL_AT,
  duration_s: 95,
  ...extra,
});

describe('create and read', () => {
  it('creates an activity under a person, times in unix seconds', async () => {
    const created = await create('prs_1001', newCall({ external_ref: 'rc-call-1' }));
    const expected: Activity = {
      id: 'act_5004',
      person_id: 'prs_1001',
      owner_id: 'usr_alice',
      kind: 'call',
      title: 'Call with Anna',
      notes: 'Asked for the quote.',
      direction: 'inbound',
      occurred_at: CALL_AT,
      duration_s: 95,
      external_ref: 'rc-call-1',
      created_at: START_S,
      updated_at: START_S,
    };
    expect(created).toMatchObject({ status: 201, body: expected });
    expect(created.headers.get('location')).toBe('/v2/activities/act_5004');
    expect(await read('act_5004')).toMatchObject({ status: 200, body: expected });
    expect(crm.store.getActivity('act_5004')).toEqual(expected);
  });

  it('fills the optional fields: notes empty, no direction, no duration, no external_ref', async () => {
    const { status, body } = await create('prs_1004', {
      kind: 'sms',
      title: 'SMS',
      occurred_at: CALL_AT,
    });
    expect(status).toBe(201);
    expect(body).toMatchObject({ notes: '', direction: null, duration_s: 0, external_ref: null });
  });

  it('stores a milliseconds time as sent: it checks the type, not plausibility', async () => {
    const { body } = await create('prs_1001', newCall({ occurred_at: CALL_AT * 1000 }));
    expect((await read(body.id)).body.occurred_at).toBe(1718011805000);
  });

  it('names every problem of a bad create in one nested 400 and stores nothing', async () => {
    const { status, body } = await create<ErrorBody>('prs_1001', {
      subject: 'x',
      kind: 'meeting',
      title: '  ',
      occurred_at: '2024-06-10T09:30:05Z',
      duration_s: 1.5,
      direction: 'sideways',
    });
    expect(status).toBe(400);
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.message).toContain('occurred_at must be a whole number of seconds');
    expect(fieldsOf(body)).toEqual([
      ['subject', 'unknown'],
      ['kind', 'enum'],
      ['title', 'required'],
      ['direction', 'enum'],
      ['occurred_at', 'type'],
      ['duration_s', 'type'],
    ]);
    const missing = await create<ErrorBody>('prs_1001', {});
    expect(fieldsOf(missing.body)).toEqual([
      ['kind', 'required'],
      ['title', 'required'],
      ['occurred_at', 'required'],
    ]);
    expect(crm.store.activities).toHaveLength(3);
  });

  it('answers nested errors for unknown people and activities, and bad JSON', async () => {
    expect(await create('prs_404', newCall())).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', details: { resource: 'person', id: 'prs_404' } } },
    });
    expect(await read('act_404')).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', message: 'activity act_404 not found' } },
    });
    expect(await create('prs_1001', '{"kind": ')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request', message: 'Malformed JSON body' } },
    });
    expect(await create('prs_1001', '[1]')).toMatchObject({
      status: 400,
      body: { error: { code: 'bad_request' } },
    });
  });

  it('lists a person’s activities oldest first, 2 a page', async () => {
    type ActivityPage = { results: Activity[]; next_cursor: string | null };
    const list = (query = '') =>
      call<ActivityPage>('GET', `/v2/people/prs_1001/activities${query}`);
    const first = await list();
    expect(first.body.results.map((a) => a.id)).toEqual(['act_5001', 'act_5002']);
    expect(first.body.next_cursor).toBeNull();
    await create('prs_1001', newCall());
    const again = await list();
    const next = await list(`?cursor=${again.body.next_cursor}`);
    expect(next.body).toMatchObject({ results: [{ id: 'act_5004' }], next_cursor: null });
  });
});

describe('idempotency by external_ref', () => {
  it('answers 409 naming the existing activity and stores no duplicate', async () => {
    const first = await create('prs_1001', newCall({ external_ref: 'rc-call-7' }));
    clock = new Date(START.getTime() + 5000);
    const again = await create<ErrorBody>(
      'prs_1003',
      newCall({ external_ref: 'rc-call-7', title: 'Retry' }),
    );
    expect(again).toMatchObject({
      status: 409,
      body: {
        error: {
          code: 'duplicate_external_ref',
          message: `external_ref rc-call-7 is already used by activity ${first.body.id}`,
          details: { existing_id: first.body.id, external_ref: 'rc-call-7' },
        },
      },
    });
    expect(crm.store.activities.filter((a) => a.external_ref === 'rc-call-7')).toEqual([
      first.body,
    ]);
    expect(await create('prs_1001', newCall({ external_ref: 'seed-call-1' }))).toMatchObject({
      status: 409,
      body: { error: { details: { existing_id: 'act_5001' } } },
    });
  });

  it('is per owner, and null or absent references never conflict', async () => {
    const alices = await create('prs_1001', newCall({ external_ref: 'rc-call-8' }));
    const bobs = await create('prs_1001', newCall({ external_ref: 'rc-call-8' }), BOB);
    expect([alices.status, bobs.status]).toEqual([201, 201]);
    expect(bobs.body.owner_id).toBe('usr_bob');
    for (const extra of [{ external_ref: null }, { external_ref: null }, {}, {}]) {
      expect((await create('prs_1001', newCall(extra))).status).toBe(201);
    }
  });
});

describe('full-replace PUT', () => {
  it('replaces every writable field and bumps updated_at; a GET-then-PUT works', async () => {
    const { body: stored } = await read('act_5001');
    clock = new Date(START.getTime() + 60_000);
    const put = await replace('act_5001', {
      ...stored,
      notes: `${stored.notes}\nQuote sent.`,
      duration_s: 800,
    });
    const expected = {
      ...stored,
      notes: 'Wants a quote for 20 seats.\nQuote sent.',
      duration_s: 800,
      updated_at: START_S + 60,
    };
    expect(put).toMatchObject({ status: 200, body: expected });
    expect((await read('act_5001')).body).toEqual(expected);
  });

  it('clears direction when the PUT leaves it out', async () => {
    const put = await replace('act_5001', {
      kind: 'call',
      title: 'Intro call',
      notes: '',
      occurred_at: CALL_AT,
      duration_s: 0,
    });
    expect(put.body).toMatchObject({
      title: 'Intro call',
      direction: null,
      occurred_at: CALL_AT,
      person_id: 'prs_1001',
      external_ref: 'seed-call-1',
    });
  });

  it('refuses a PUT missing a required field with a nested 400, leaving the activity as it was', async () => {
    const before = (await read('act_5001')).body;
    const put = await replace<ErrorBody>('act_5001', { title: 'Only the title' });
    expect(put).toMatchObject({ status: 400, body: { error: { code: 'validation_failed' } } });
    expect(fieldsOf(put.body)).toEqual([
      ['kind', 'required'],
      ['notes', 'required'],
      ['occurred_at', 'required'],
      ['duration_s', 'required'],
    ]);
    expect(put.body.error.details?.fields?.[1]).toEqual({
      field: 'notes',
      issue: 'required',
      message: 'notes is required',
    });
    expect((await read('act_5001')).body).toEqual(before);
  });

  it('refuses changing a read-only field or an unknown field', async () => {
    const { body: stored } = await read('act_5001');
    const moved = await replace<ErrorBody>('act_5001', { ...stored, person_id: 'prs_1002' });
    expect(fieldsOf(moved.body)).toEqual([['person_id', 'read_only']]);
    const extra = await replace<ErrorBody>('act_5001', { ...stored, subject: 'x' });
    expect(fieldsOf(extra.body)).toEqual([['subject', 'unknown']]);
    expect(await replace('act_404', stored)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found', details: { resource: 'activity', id: 'act_404' } } },
    });
    expect((await read('act_5001')).body).toEqual(stored);
  });

  it('has no PATCH', async () => {
    expect(
      await call('PATCH', '/v2/activities/act_5001', { token: ALICE, body: {} }),
    ).toMatchObject({
      status: 404,
      body: { error: { code: 'no_route' } },
    });
  });
});
