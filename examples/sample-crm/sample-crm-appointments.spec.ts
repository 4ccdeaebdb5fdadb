import { startSampleCrm, type RunningSampleCrm } from './sample-crm.js';

const ALICE = 'sample-key-alice';
const BOB = 'sample-key-bob';

type Json = Record<string, unknown>;

let crm: RunningSampleCrm;

beforeAll(async () => {
  crm = await startSampleCrm({ now: () => new Date('2024-06-01T10:00:00.000Z') });
});
afterAll(() => crm.close());
beforeEach(() => crm.reset());

async function send(
  method: string,
  path: string,
  body?: unknown,
  key = ALICE,
): Promise<{ status: number; body: Json & { data?: Json[] } }> {
  const res = await fetch(`${crm.url}${path}`, {
    method,
    headers: {
      'X-API-Key': key,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
}

describe('appointments', () => {
  it("lists only the caller's calendar, with local start times", async () => {
    const alice = await send('GET', '/api/appointments');
    expect(alice.status).toBe(200);
    expect(alice.body.data).toEqual([
      expect.objectContaining({
        id: 9001,
        ownerId: 'u_alice',
        startsAt: '2030-03-04T17:00:00.000Z',
        timezone: 'America/Los_Angeles',
        start: '2030-03-04T09:00:00-08:00',
        status: 'scheduled',
      }),
    ]);
    const bob = await send('GET', '/api/appointments', undefined, BOB);
    expect(bob.body.data?.map((appointment) => appointment.id)).toEqual([9002]);
    expect(bob.body.data?.[0]?.start).toBe('2030-03-05T10:00:00+00:00');
  });

  it("filters by calendar dates in the owner's time zone", async () => {
    // 01:30 UTC on the 5th is still the 4th in Los Angeles.
    await send('POST', '/api/appointments', {
      title: 'Late call',
      start: '2030-03-05T01:30:00Z',
      durationMinutes: 15,
    });
    const fourth = await send('GET', '/api/appointments?from=2030-03-04&to=2030-03-04');
    expect(fourth.body.data?.map((appointment) => appointment.title)).toEqual([
      'Quarterly review',
      'Late call',
    ]);
    const fifth = await send('GET', '/api/appointments?from=2030-03-05&to=2030-03-06');
    expect(fifth.body.data).toEqual([]);
  });

  it('refuses a half or impossible date window', async () => {
    expect((await send('GET', '/api/appointments?from=2030-03-04')).status).toBe(400);
    expect((await send('GET', '/api/appointments?from=2030-02-30&to=2030-03-01')).status).toBe(400);
    expect((await send('GET', '/api/appointments?from=2030-03-05&to=2030-03-04')).status).toBe(400);
  });

  it('creates in a given time zone, updates, confirms and cancels', async () => {
    const created = await send('POST', '/api/appointments', {
      title: 'Demo',
      description: 'Product demo',
      start: '2030-04-01T15:00:00+02:00',
      timezone: 'Europe/Paris',
      durationMinutes: 60,
      contactIds: [103, '104'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      id: 9003,
      ownerId: 'u_alice',
      startsAt: '2030-04-01T13:00:00.000Z',
      start: '2030-04-01T15:00:00+02:00',
      status: 'scheduled',
      contactIds: [103, 104],
    });
    const patched = await send('PATCH', '/api/appointments/9003', {
      title: 'Demo (long)',
      durationMinutes: 90,
      status: 'tentative',
    });
    expect(patched.body).toMatchObject({ title: 'Demo (long)', durationMinutes: 90 });
    expect(patched.body.status).toBe('tentative');
    expect(patched.body.description).toBe('Product demo');
    expect((await send('POST', '/api/appointments/9003/confirm')).body.status).toBe('confirmed');
    expect((await send('POST', '/api/appointments/9003/cancel')).body.status).toBe('cancelled');
    const again = await send('POST', '/api/appointments/9003/confirm');
    expect(again.status).toBe(409);
  });

  it("answers 404 for another user's appointment and leaves it alone", async () => {
    for (const [method, path] of [
      ['GET', '/api/appointments/9002'],
      ['PATCH', '/api/appointments/9002'],
      ['POST', '/api/appointments/9002/confirm'],
      ['POST', '/api/appointments/9002/cancel'],
    ] as const) {
      const reply = await send(
        method,
        path,
        method === 'PATCH' ? { title: 'Mine now' } : undefined,
      );
      expect([method, path, reply.status]).toEqual([method, path, 404]);
    }
    expect(crm.store.appointments.find((appointment) => appointment.id === 9002)).toMatchObject({
      title: 'Intro call',
      status: 'confirmed',
    });
  });

  it('validates what it stores', async () => {
    const base = { title: 'T', start: '2030-04-01T15:00:00Z', durationMinutes: 30 };
    const cases: [Json, string][] = [
      [{ ...base, start: '2030-04-01T15:00:00' }, 'start must be an ISO 8601 date-time'],
      [{ ...base, durationMinutes: 0 }, 'durationMinutes must be a whole number'],
      [{ ...base, timezone: 'Mars/Olympus' }, 'timezone must be an IANA time zone'],
      [{ ...base, contactIds: [999] }, 'contact 999 does not exist'],
      [{ ...base, title: '' }, 'title is required'],
    ];
    for (const [body, message] of cases) {
      const reply = await send('POST', '/api/appointments', body);
      expect(reply.status).toBe(422);
      expect(String(reply.body.message)).toContain(message);
    }
    const status = await send('PATCH', '/api/appointments/9001', { status: 'done' });
    expect(status.status).toBe(422);
  });
});
