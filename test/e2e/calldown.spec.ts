import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';

describe('call-down lists: GET/POST /calldown, PATCH/DELETE /calldown/{id}', () => {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({ users: ['alice', 'bob'] }));
  });
  afterAll(() => t.close());

  const bearer = (token: string) => `Bearer ${token}`;
  const list = (token: string, query = '') =>
    t.http.get(`/calldown${query}`).set('authorization', bearer(token));
  const schedule = (token: string, body: object) =>
    t.http.post('/calldown').set('authorization', bearer(token)).send(body);
  const patch = (token: string, id: string, body: object) =>
    t.http.patch(`/calldown/${id}`).set('authorization', bearer(token)).send(body);
  const remove = (token: string, id: string) =>
    t.http.delete(`/calldown/${id}`).set('authorization', bearer(token));
  const idOf = async (token: string, body: object): Promise<string> =>
    ((await schedule(token, body).expect(200)).body as { id: string }).id;

  it('schedules, lists by schedule, marks called, filters by status and deletes', async () => {
    const created = await schedule(alice, {
      contactId: 42,
      contactType: 'Contact',
      contactName: 'Ann Later',
      phoneNumber: '+14155550100',
      note: 'call about the renewal',
      scheduledAt: '2030-03-01T15:00:00.000Z',
    }).expect(200);
    expect(created.body).toEqual({ successful: true, id: expect.any(String) });
    const later = (created.body as { id: string }).id;
    const sooner = await idOf(alice, {
      contactId: 'C-7',
      scheduledAt: Date.parse('2030-03-01T09:00:00Z'),
    });

    const all = await t.http.get(`/calldown?jwtToken=${alice}`).expect(200);
    expect(all.body.successful).toBe(true);
    expect(all.body.items.map((e: { id: string }) => e.id)).toEqual([sooner, later]);
    expect(all.body.items[1]).toEqual({
      id: later,
      contactId: '42',
      contactType: 'Contact',
      contactName: 'Ann Later',
      phoneNumber: '+14155550100',
      note: 'call about the renewal',
      status: 'scheduled',
      scheduledAt: '2030-03-01T15:00:00.000Z',
      lastCallAt: null,
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });

    expect((await patch(alice, sooner, { status: 'called' }).expect(200)).body).toEqual({
      successful: true,
    });
    const called = (await list(alice, '?status=called').expect(200)).body.items;
    expect(called.map((e: { id: string }) => e.id)).toEqual([sooner]);
    expect(Date.parse(called[0].lastCallAt)).toBeGreaterThan(Date.now() - 60_000);
    // The client pastes query values unencoded: "not called" may arrive with a space or a +.
    for (const query of ['?status=not called', '?status=not+called', '?status=notcalled']) {
      const items = (await list(alice, query.replace(' ', '%20')).expect(200)).body.items;
      expect(items.map((e: { id: string }) => e.id)).toEqual([later]);
    }

    expect((await remove(alice, later).expect(200)).body).toEqual({ successful: true });
    expect((await list(alice).expect(200)).body.items.map((e: { id: string }) => e.id)).toEqual([
      sooner,
    ]);
    await remove(alice, sooner).expect(200);
  });

  it("keeps each user's list to that user: another user's id answers 400 like a missing one", async () => {
    const mine = await idOf(alice, { contactId: 'C-private', scheduledAt: '2030-01-01T00:00:00Z' });
    expect((await list(bob).expect(200)).body).toEqual({ successful: true, items: [] });

    for (const reply of [
      await patch(bob, mine, { status: 'called' }),
      await remove(bob, mine),
      await patch(alice, 'a1b2c3d4-0000-4000-8000-000000000000', { status: 'called' }),
      await remove(alice, 'no-such-entry'),
    ]) {
      expect(reply.status).toBe(400);
      expect(reply.text).toBe('Call-down entry not found');
      expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    }
    const [entry] = (await list(alice).expect(200)).body.items;
    expect(entry).toMatchObject({ id: mine, status: 'scheduled', lastCallAt: null });
    await remove(alice, mine).expect(200);
  });

  it('needs a session token', async () => {
    for (const reply of [
      await t.http.get('/calldown'),
      await t.http.post('/calldown').send({ contactId: '1' }),
      await t.http.delete('/calldown/x?jwtToken=not-a-token'),
    ]) {
      expect(reply.status).toBe(400);
      expect(reply.text).toBe('Please go to Settings and authorize CRM platform');
    }
  });

  it.each([
    ['neither contact nor number', {}, 'contactId or phoneNumber is required'],
    ['an object id', { contactId: { id: 1 } }, 'contactId must be a string or number'],
    ['a time in words', { contactId: '1', scheduledAt: 'next tuesday' }, 'scheduledAt must be'],
    ['a five-digit year', { contactId: '1', scheduledAt: '99999-01-01T00:00:00Z' }, 'scheduledAt'],
    ['a time after 9999', { contactId: '1', scheduledAt: 253402300800000 }, 'not be after 9999'],
    ['a long note', { contactId: '1', note: 'n'.repeat(4001) }, 'note must be at most 4000'],
    ['a long name', { contactId: '1', contactName: 'n'.repeat(256) }, 'contactName must be at'],
    ['a numeric phone number', { phoneNumber: 5 }, 'phoneNumber must be a string'],
  ])('POST with %s is a 400 naming the field', async (_label, body, message) => {
    const reply = await schedule(alice, body);
    expect(reply.status).toBe(400);
    expect(reply.headers['content-type']).toMatch(/^text\/plain/);
    expect(reply.text).toContain(message);
  });

  it('PATCH refuses a bad status, a bad time and an empty change with a 400', async () => {
    const id = await idOf(alice, { contactId: 'C-patch' });
    for (const [body, message] of [
      [{ status: 'done' }, 'status must be scheduled or called'],
      [{ status: null }, 'status must be scheduled or called'],
      [{ lastCallAt: 'yesterday' }, 'lastCallAt must be epoch milliseconds'],
      [{}, 'nothing to update'],
      [{ unknownField: 1 }, 'nothing to update'],
    ] as const) {
      const reply = await patch(alice, id, body);
      expect(reply.status).toBe(400);
      expect(reply.text).toContain(message);
    }
    await patch(alice, id, { scheduledAt: '2030-02-02T02:02:02Z', note: null }).expect(200);
    const [entry] = (await list(alice).expect(200)).body.items;
    expect(entry).toMatchObject({ id, scheduledAt: '2030-02-02T02:02:02.000Z', note: null });
    await remove(alice, id).expect(200);
  });
});
