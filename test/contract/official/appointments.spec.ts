import { ClientWire } from '../../support/client-wire.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  officialRequestExamples,
  requiredOnly,
  requiredOnlyQuery,
  VARIANTS,
} from '../../support/official-contract.js';
import { FIELD_CRM, SAMPLE_CRM_APIKEY } from '../../support/platforms.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/**
 * The official contract's Appointments operations against the real app: the sample CRM's class
 * provider serves them; field-crm, without them, answers the contract's failure shape.
 */
describe('official contract 2.0.0: Appointments', () => {
  let t: TestApp;
  let client: ClientWire;
  let withoutAppointments: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url, { bearer: await SAMPLE_CRM_APIKEY.login(t.http, 'alice') });
    withoutAppointments = new ClientWire(t.url, { bearer: await FIELD_CRM.login(t.http, 'alice') });
  });
  afterAll(() => t.close());

  it('getAppointments: a date window, every declared parameter, none, and a 400', async () => {
    const window = 'startDate=2030-03-01&endDate=2030-03-31';
    const found = await client.get(`/appointments?${window}`);
    expect(found.status).toBe(200);
    expectOfficialResponse('getAppointments', found);
    expect(found.body.appointments.map((a: { id: string }) => a.id)).toEqual(['9001']);
    log.record('getAppointments', 'realistic');

    // `range` is a deepObject: its keys arrive as range[...].
    const every = `${window}&range[startDate]=2030-03-01&mineOnly=true&forceSync=false`;
    expect(missingDeclaredQuery('getAppointments', every.replace(/range\[\w+\]/, 'range'))).toEqual(
      [],
    );
    const full = await client.get(`/appointments?${every}`);
    expect(full.status).toBe(200);
    expectOfficialResponse('getAppointments', full);
    log.record('getAppointments', 'every-optional-field');

    expect(requiredOnlyQuery('getAppointments', every)).toBe('');
    const bare = await client.get('/appointments');
    expect(bare.status).toBe(200);
    expectOfficialResponse('getAppointments', bare);
    log.record('getAppointments', 'required-only');

    const refused = await client.get('/appointments?startDate=2030-03-01');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getAppointments', refused);
  });

  it('postAppointments: the official example, every declared field, only the required ones', async () => {
    const { appointment: example } = officialRequestExamples('postAppointments') as {
      appointment: { payload: Record<string, unknown> };
    };
    // The example's contact 501 is not in the sample CRM: link seeded ones instead.
    const realistic = {
      payload: { ...example.payload, contacts: [{ id: '101', type: 'Person' }] },
    };
    expectOfficialRequestBody('postAppointments', realistic);
    const created = await client.post('/appointments', realistic);
    expect(created.status).toBe(200);
    expectOfficialResponse('postAppointments', created);
    expect(created.body).toMatchObject({
      successful: true,
      appointment: { title: 'Strategy Call' },
    });
    log.record('postAppointments', 'realistic');

    const full = {
      payload: {
        ...example.payload,
        contacts: [{ id: '102', type: 'Person', contactType: 'Person' }],
      },
    };
    expectOfficialRequestBody('postAppointments', full);
    expect(missingDeclaredFields('postAppointments', full)).toEqual([]);
    const fully = await client.post('/appointments', full);
    expect(fully.status).toBe(200);
    expectOfficialResponse('postAppointments', fully);
    log.record('postAppointments', 'every-optional-field');

    const minimal = requiredOnly('postAppointments', full);
    expect(Object.keys(minimal.payload).sort()).toEqual([
      'durationMinutes',
      'startTimeUtc',
      'summary',
      'title',
    ]);
    expectOfficialRequestBody('postAppointments', minimal);
    const bare = await client.post('/appointments', minimal);
    expect(bare.status).toBe(200);
    expectOfficialResponse('postAppointments', bare);
    expect(bare.body.successful).toBe(true);
    log.record('postAppointments', 'required-only');

    const refused = await client.post('/appointments', { payload: { title: 'No time' } });
    expect(refused.status).toBe(400);
    expectOfficialResponse('postAppointments', refused);
  });

  it('patchAppointment: the official example, every declared field (both start spellings), the required ones', async () => {
    const { appointment: example } = officialRequestExamples('patchAppointment');
    expectOfficialRequestBody('patchAppointment', example);
    const patched = await client.patch('/appointments/9001', example);
    expect(patched.status).toBe(200);
    expectOfficialResponse('patchAppointment', patched);
    expect(patched.body.appointment.title).toBe('Updated Strategy Call');
    log.record('patchAppointment', 'realistic');

    const full = {
      patch: {
        title: 'Quarterly review',
        summary: 'Moved by an hour',
        contacts: [{ id: '101', type: 'Person', contactType: 'Person' }],
        startTimeUtc: '2030-03-04T18:00:00Z',
        durationMinutes: 45,
      },
    };
    expectOfficialRequestBody('patchAppointment', full);
    expect(missingDeclaredFields('patchAppointment', full)).toEqual([]);
    const fully = await client.patch('/appointments/9001', full);
    expect(fully.status).toBe(200);
    expectOfficialResponse('patchAppointment', fully);
    // The deprecated start spelling is a form of its own (no body may carry both): sent bare.
    const legacy = { startTime: '2030-03-04T10:00:00-08:00', durationMinutes: 30 };
    expectOfficialRequestBody('patchAppointment', legacy);
    const legacyReply = await client.patch('/appointments/9001', legacy);
    expect(legacyReply.status).toBe(200);
    expectOfficialResponse('patchAppointment', legacyReply);
    expect(legacyReply.body.appointment).toMatchObject({
      startTimeUtc: '2030-03-04T18:00:00.000Z',
      durationMinutes: 30,
    });
    log.record('patchAppointment', 'every-optional-field');

    const minimal = requiredOnly('patchAppointment', full);
    expect(minimal).toEqual({
      patch: { startTimeUtc: '2030-03-04T18:00:00Z', durationMinutes: 45 },
    });
    const bare = await client.patch('/appointments/9001', minimal);
    expect(bare.status).toBe(200);
    expectOfficialResponse('patchAppointment', bare);
    log.record('patchAppointment', 'required-only');

    const refused = await client.patch('/appointments/9001', { patch: {} });
    expect(refused.status).toBe(400);
    expectOfficialResponse('patchAppointment', refused);
  });

  it('postAppointmentStatus: the official example (its only field is required)', async () => {
    const { tentative } = officialRequestExamples('postAppointmentStatus');
    expectOfficialRequestBody('postAppointmentStatus', tentative);
    expect(missingDeclaredFields('postAppointmentStatus', tentative)).toEqual([]);
    expect(requiredOnly('postAppointmentStatus', tentative)).toEqual(tentative);
    const reply = await client.post('/appointments/9001/status', tentative);
    expect(reply.status).toBe(200);
    expectOfficialResponse('postAppointmentStatus', reply);
    expect(reply.body.appointment.status).toBe('tentative');
    log.record('postAppointmentStatus', ...VARIANTS);

    const refused = await client.post('/appointments/9001/status', {});
    expect(refused.status).toBe(400);
    expectOfficialResponse('postAppointmentStatus', refused);
  });

  it('getAppointmentRefresh, postAppointmentConfirm, postAppointmentCancel', async () => {
    for (const [operationId, method, path] of [
      ['getAppointmentRefresh', 'GET', '/appointments/9001/refresh'],
      ['postAppointmentConfirm', 'POST', '/appointments/9001/confirm'],
      ['postAppointmentCancel', 'POST', '/appointments/9001/cancel'],
    ] as const) {
      const reply = await client.send(method, path);
      expect([operationId, reply.status, reply.body.successful]).toEqual([operationId, 200, true]);
      expectOfficialResponse(operationId, reply);
      log.recordWithoutInputs(operationId);
    }
  });

  it("answers another user's appointment and an unimplemented interface in the failure shape", async () => {
    const bobs = await client.get('/appointments/9002/refresh');
    expect(bobs.body.successful).toBe(false);
    expectOfficialResponse('getAppointmentRefresh', bobs);
    for (const [operationId, method, path, body] of [
      ['getAppointments', 'GET', '/appointments', undefined],
      ['postAppointmentConfirm', 'POST', '/appointments/1/confirm', undefined],
      ['postAppointmentStatus', 'POST', '/appointments/1/status', { status: 'confirmed' }],
    ] as const) {
      const reply = await withoutAppointments.send(method, path, { body });
      expect([operationId, reply.status, reply.body.successful]).toEqual([operationId, 200, false]);
      expectOfficialResponse(operationId, reply);
    }
  });

  it('exercised every Appointments operation all three ways', () => {
    expect(log.missing(['Appointments'])).toEqual([]);
  });
});
