import { ClientWire } from '../../support/client-wire.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  requiredOnly,
  requiredOnlyQuery,
} from '../../support/official-contract.js';
import { startSignedInApp } from '../../support/signed-in-app.js';
import type { TestApp } from '../../support/test-app.js';

/** The official contract's Call Down operations against the real app. */
describe('official contract 2.0.0: Call Down', () => {
  let t: TestApp;
  let alice: ClientWire;
  let bob: ClientWire;
  let legacy: ClientWire;
  let aliceToken: string;
  const log = new ExerciseLog();

  const full = {
    contactId: 101,
    contactType: 'Contact',
    scheduledAt: '2030-04-01T16:30:00.000Z',
    contactName: 'Jane Doe',
    phoneNumber: '+14155550100',
    note: 'Follow up on the quote',
  };
  const schedule = async (client: ClientWire, body: object): Promise<string> => {
    const reply = await client.post('/calldown', body);
    expect(reply.status).toBe(200);
    expectOfficialResponse('postCallDown', reply);
    return reply.body.id as string;
  };

  beforeAll(async () => {
    let tokens: Record<'alice' | 'bob', string>;
    ({ t, tokens } = await startSignedInApp({ users: ['alice', 'bob'] }));
    aliceToken = tokens.alice;
    alice = new ClientWire(t.url, { bearer: tokens.alice });
    bob = new ClientWire(t.url, { bearer: tokens.bob });
    legacy = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  it('postCallDown: what the client sends, every declared field, and only the required ones', async () => {
    const realistic = { contactId: '102', contactType: 'Contact', scheduledAt: full.scheduledAt };
    expectOfficialRequestBody('postCallDown', realistic);
    await schedule(alice, realistic);
    log.record('postCallDown', 'realistic');

    expectOfficialRequestBody('postCallDown', full);
    expect(missingDeclaredFields('postCallDown', full)).toEqual([]);
    await schedule(alice, full);
    log.record('postCallDown', 'every-optional-field');

    // The official document requires nothing; crm-bridge wants something to call back.
    const bare = requiredOnly('postCallDown', full);
    expect(bare).toEqual({});
    const refused = await alice.post('/calldown', bare);
    expect(refused.status).toBe(400);
    expectOfficialResponse('postCallDown', refused);
    log.record('postCallDown', 'required-only');

    const anonymous = await legacy.post('/calldown', realistic);
    expect(anonymous.status).toBe(400);
    expectOfficialResponse('postCallDown', anonymous);
  });

  it('getCallDown: without a filter, with every declared parameter, and by the legacy query token', async () => {
    await schedule(alice, { contactId: '103', scheduledAt: '2030-01-01T08:00:00Z' });
    const all = await alice.get('/calldown');
    expect(all.status).toBe(200);
    expectOfficialResponse('getCallDown', all);
    expect(all.body.items.length).toBeGreaterThan(0);
    log.record('getCallDown', 'realistic');

    const query = 'status=not called';
    expect(missingDeclaredQuery('getCallDown', query)).toEqual([]);
    const filtered = await alice.get(`/calldown?${query.replace(' ', '%20')}`);
    expect(filtered.status).toBe(200);
    expectOfficialResponse('getCallDown', filtered);
    log.record('getCallDown', 'every-optional-field');
    expect(requiredOnlyQuery('getCallDown', query)).toBe('');
    const viaQueryToken = await legacy.get(`/calldown?jwtToken=${aliceToken}`);
    expect(viaQueryToken.status).toBe(200);
    expectOfficialResponse('getCallDown', viaQueryToken);
    expect(viaQueryToken.body).toEqual(all.body);
    log.record('getCallDown', 'required-only');

    const anonymous = await legacy.get('/calldown');
    expect(anonymous.status).toBe(400);
    expectOfficialResponse('getCallDown', anonymous);
  });

  it('patchCallDown: mark called, every declared field, and the 400s', async () => {
    const id = await schedule(alice, { contactId: '104' });
    const called = { status: 'called', lastCallAt: '2030-01-01T09:00:00.000Z' };
    expectOfficialRequestBody('patchCallDown', called);
    const marked = await alice.patch(`/calldown/${id}`, called);
    expect(marked.status).toBe(200);
    expectOfficialResponse('patchCallDown', marked);
    log.record('patchCallDown', 'realistic');

    const every = { ...full, status: 'scheduled', scheduledAt: null, lastCallAt: null };
    expectOfficialRequestBody('patchCallDown', every);
    expect(missingDeclaredFields('patchCallDown', every)).toEqual([]);
    const changed = await alice.patch(`/calldown/${id}`, every);
    expect(changed.status).toBe(200);
    expectOfficialResponse('patchCallDown', changed);
    log.record('patchCallDown', 'every-optional-field');

    // minProperties 1 and nothing required: an empty change is the declared 400.
    const empty = await alice.patch(`/calldown/${id}`, requiredOnly('patchCallDown', every));
    expect(empty.status).toBe(400);
    expectOfficialResponse('patchCallDown', empty);
    log.record('patchCallDown', 'required-only');

    const badStatus = await alice.patch(`/calldown/${id}`, { status: 'done' });
    expect(badStatus.status).toBe(400);
    expectOfficialResponse('patchCallDown', badStatus);
  });

  it('deleteCallDown: the owner deletes; a foreign or missing id is a 400, as the official says', async () => {
    const id = await schedule(alice, { contactId: '105' });
    for (const reply of [
      await bob.send('DELETE', `/calldown/${id}`),
      await bob.patch(`/calldown/${id}`, { status: 'called' }),
      await alice.send('DELETE', '/calldown/no-such-entry'),
    ]) {
      expect(reply.status).toBe(400);
      expect(reply.text).toBe('Call-down entry not found');
      expectOfficialResponse('deleteCallDown', reply);
    }

    const deleted = await alice.send('DELETE', `/calldown/${id}`);
    expect(deleted.status).toBe(200);
    expectOfficialResponse('deleteCallDown', deleted);
    log.recordWithoutInputs('deleteCallDown');
    const anonymous = await legacy.send('DELETE', `/calldown/${id}`);
    expect(anonymous.status).toBe(400);
    expectOfficialResponse('deleteCallDown', anonymous);
  });

  it('exercised every Call Down operation all three ways', () => {
    expect(log.missing(['Call Down'])).toEqual([]);
  });
});
