import {
  FIELD_CRM,
  SAMPLE_CRM_APIKEY,
  SAMPLE_CRM_JSON,
  type PlatformUnderTest,
} from '../support/platforms.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';

const OPERATIONS = [
  'listAppointments',
  'createAppointment',
  'updateAppointment',
  'refreshAppointment',
  'confirmAppointment',
  'cancelAppointment',
];

const NEW_APPOINTMENT = {
  title: 'Strategy Call',
  summary: 'Discuss the renewal',
  startTimeUtc: '2030-04-01T15:00:00+02:00',
  durationMinutes: 30,
  contacts: [{ id: '103', type: 'Person' }, 104],
};

/**
 * The Appointments routes (docs/client-contract.md, Appointments) on the sample CRM, bound by its
 * class and by its JSON file: a calendar per user, another user's appointment as unknown as a
 * missing one.
 */
describe.each([SAMPLE_CRM_APIKEY, SAMPLE_CRM_JSON])('appointments ($platform)', suite);

function suite(p: PlatformUnderTest): void {
  let t: TestApp;
  let alice: string;
  let bob: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice, bob },
    } = await startSignedInApp({ users: ['alice', 'bob'], platform: p }));
  });
  afterAll(() => t.close());
  beforeEach(() => t.crm.reset());

  const as = (token: string) => ({
    get: (path: string) => t.http.get(path).set('authorization', `Bearer ${token}`),
    post: (path: string, body?: unknown) =>
      t.http
        .post(path)
        .set('authorization', `Bearer ${token}`)
        .send(body as object),
    patch: (path: string, body: unknown) =>
      t.http
        .patch(path)
        .set('authorization', `Bearer ${token}`)
        .send(body as object),
  });
  const stored = (id: number) => t.crm.store.appointments.find((a) => a.id === id)!;

  it('advertises the six operations only for a provider that implements them', async () => {
    const ours = await t.http.get(`/implementedInterfaces?platform=${p.platform}`).expect(200);
    const field = await t.http.get('/implementedInterfaces?platform=field-crm').expect(200);
    for (const operation of OPERATIONS) {
      expect([operation, ours.body[operation]]).toEqual([operation, true]);
      expect([operation, field.body[operation]]).toEqual([operation, false]);
    }
  });

  it("lists the user's own appointments, in a date window or not", async () => {
    const all = await as(alice).get('/appointments').expect(200);
    expect(all.body).toMatchObject({
      successful: true,
      appointments: [
        {
          id: '9001',
          thirdPartyAppointmentId: '9001',
          title: 'Quarterly review',
          description: 'Go through the invoices with Jane',
          startTimeUtc: '2030-03-04T17:00:00.000Z',
          durationMinutes: 30,
          status: 'scheduled',
          contactId: '101',
          attendees: expect.any(Array),
        },
      ],
    });
    const window = (query: string) => as(alice).get(`/appointments?${query}`).expect(200);
    const ids = (body: { appointments: { id: string }[] }) => body.appointments.map((a) => a.id);
    expect(ids((await window('startDate=2030-03-04&endDate=2030-03-04')).body)).toEqual(['9001']);
    expect(ids((await window('startDate=2030-03-05&endDate=2030-03-31')).body)).toEqual([]);
    // Older clients' parameters are ignored.
    expect(ids((await window('mineOnly=true&forceSync=true&range[a]=1')).body)).toEqual(['9001']);
    const bobs = await as(bob).get('/appointments').expect(200);
    expect(ids(bobs.body)).toEqual(['9002']);
  });

  it('creates from the wrapped and the direct form, keeping the offset as an instant', async () => {
    const wrapped = await as(alice).post('/appointments', { payload: NEW_APPOINTMENT }).expect(200);
    expect(wrapped.body).toMatchObject({
      successful: true,
      appointmentId: '9003',
      appointment: {
        id: '9003',
        title: 'Strategy Call',
        description: 'Discuss the renewal',
        startTimeUtc: '2030-04-01T13:00:00.000Z',
        durationMinutes: 30,
        status: 'scheduled',
      },
      returnMessage: { message: 'Appointment created', messageType: 'success' },
    });
    expect(stored(9003)).toMatchObject({ ownerId: 'u_alice', contactIds: [103, 104] });
    const direct = await as(alice).post('/appointments', NEW_APPOINTMENT).expect(200);
    expect(direct.body.appointmentId).toBe('9004');
  });

  it('patches, sets a status, refreshes, confirms and cancels', async () => {
    const patched = await as(alice)
      .patch('/appointments/9001', { patch: { title: 'Quarterly review (moved)' } })
      .expect(200);
    expect(patched.body).toMatchObject({
      successful: true,
      appointmentId: '9001',
      appointment: { id: '9001', title: 'Quarterly review (moved)', durationMinutes: 30 },
    });
    await as(alice)
      .patch('/appointments/9001', { startTime: '2030-03-04T10:00:00-08:00', durationMinutes: 45 })
      .expect(200);
    expect(stored(9001)).toMatchObject({
      startsAt: '2030-03-04T18:00:00.000Z',
      durationMinutes: 45,
      description: 'Go through the invoices with Jane',
    });

    const status = await as(alice)
      .post('/appointments/9001/status', { status: 'TENTATIVE' })
      .expect(200);
    expect(status.body.appointment.status).toBe('tentative');
    const refreshed = await as(alice).get('/appointments/9001/refresh').expect(200);
    expect(refreshed.body).toMatchObject({
      successful: true,
      appointmentId: '9001',
      appointment: { status: 'tentative', title: 'Quarterly review (moved)' },
    });
    const confirmed = await as(alice).post('/appointments/9001/confirm').expect(200);
    expect(confirmed.body).toMatchObject({
      successful: true,
      appointmentId: '9001',
      appointment: { status: 'confirmed' },
      returnMessage: { message: 'Appointment confirmed', messageType: 'success' },
    });
    const cancelled = await as(alice).post('/appointments/9001/cancel').expect(200);
    expect(cancelled.body.appointment.status).toBe('cancelled');
    expect(stored(9001).status).toBe('cancelled');
  });

  it('answers what the CRM refuses as a 200 refusal', async () => {
    await as(alice).post('/appointments/9001/cancel').expect(200);
    const again = await as(alice).post('/appointments/9001/confirm').expect(200);
    expect(again.body).toMatchObject({
      successful: false,
      returnMessage: { message: `${p.displayName} rejected the request` },
    });
    const status = await as(alice).post('/appointments/9001/status', { status: 'done' });
    expect(status.body.successful).toBe(false);
    const unknownContact = await as(alice)
      .post('/appointments', { payload: { ...NEW_APPOINTMENT, contacts: [999] } })
      .expect(200);
    expect(unknownContact.body.successful).toBe(false);
  });

  it("never reads or changes another user's appointment", async () => {
    const bobs = [
      as(alice).get('/appointments/9002/refresh'),
      as(alice).patch('/appointments/9002', { title: 'Mine now' }),
      as(alice).post('/appointments/9002/status', { status: 'cancelled' }),
      as(alice).post('/appointments/9002/confirm'),
      as(alice).post('/appointments/9002/cancel'),
    ];
    for (const reply of await Promise.all(bobs)) {
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        successful: false,
        returnMessage: expect.objectContaining({ message: `Not found in ${p.displayName}` }),
      });
    }
    expect(stored(9002)).toMatchObject({ title: 'Intro call', status: 'confirmed' });
    const list = await as(alice).get('/appointments').expect(200);
    expect(list.body.appointments.map((a: { id: string }) => a.id)).not.toContain('9002');
  });

  it.each([
    [
      'GET',
      '/appointments?startDate=2030-03-04',
      'startDate and endDate must be given together',
      undefined,
    ],
    [
      'GET',
      '/appointments?startDate=2030-02-30&endDate=2030-03-01',
      'startDate must be a date',
      undefined,
    ],
    [
      'GET',
      '/appointments?startDate=2030-03-05&endDate=2030-03-04',
      'startDate must not be after',
      undefined,
    ],
    ['POST', '/appointments', 'title is required', { payload: { ...NEW_APPOINTMENT, title: ' ' } }],
    ['POST', '/appointments', 'summary is required', { ...NEW_APPOINTMENT, summary: undefined }],
    [
      'POST',
      '/appointments',
      'startTimeUtc must be an ISO 8601 date-time with an offset',
      { payload: { ...NEW_APPOINTMENT, startTimeUtc: '2030-04-01T15:00:00' } },
    ],
    [
      'POST',
      '/appointments',
      'durationMinutes must be a whole number of minutes, at least 1',
      { payload: { ...NEW_APPOINTMENT, durationMinutes: 0 } },
    ],
    [
      'POST',
      '/appointments',
      'durationMinutes must be a whole number of minutes, at least 1',
      { payload: { ...NEW_APPOINTMENT, durationMinutes: 1.5 } },
    ],
    [
      'POST',
      '/appointments',
      'contacts must hold positive contact ids',
      { payload: { ...NEW_APPOINTMENT, contacts: ['0'] } },
    ],
    ['POST', '/appointments', 'payload must be an object', { payload: 'soon' }],
    ['PATCH', '/appointments/9001', 'at least one field', { patch: {} }],
    [
      'PATCH',
      '/appointments/9001',
      'startTimeUtc and durationMinutes must be given together',
      { patch: { startTimeUtc: '2030-03-04T10:00:00Z' } },
    ],
    [
      'PATCH',
      '/appointments/9001',
      'startTimeUtc or startTime, not both',
      {
        startTimeUtc: '2030-03-04T10:00:00Z',
        startTime: '2030-03-04T10:00:00Z',
        durationMinutes: 5,
      },
    ],
    ['POST', '/appointments/9001/status', 'status is required', { status: '' }],
    [
      'GET',
      `/appointments/${'9'.repeat(256)}/refresh`,
      'appointmentId must be at most 255',
      undefined,
    ],
  ])('%s %s answers 400: %s', async (method, path, message, body: unknown) => {
    const request =
      method === 'GET'
        ? as(alice).get(path)
        : method === 'POST'
          ? as(alice).post(path, body)
          : as(alice).patch(path, body);
    const reply = await request.expect(400);
    expect(reply.text).toContain('Invalid request: ');
    expect(reply.text).toContain(message);
    expect(stored(9001)).toMatchObject({ title: 'Quarterly review', status: 'scheduled' });
  });

  it('needs a session token', async () => {
    const reply = await t.http.get('/appointments').expect(400);
    expect(reply.text).toBe('Please go to Settings and authorize CRM platform');
  });
}

describe('appointments on a provider without them (field-crm)', () => {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice: token },
    } = await startSignedInApp({ users: ['alice'], platform: FIELD_CRM }));
  });
  afterAll(() => t.close());

  it('answers every route with the 200 refusal the official server gives', async () => {
    const auth = (request: ReturnType<typeof t.http.get>) =>
      request.set('authorization', `Bearer ${token}`);
    const replies = await Promise.all([
      auth(t.http.get('/appointments')),
      auth(t.http.post('/appointments')).send({ payload: NEW_APPOINTMENT }),
      auth(t.http.patch('/appointments/1')).send({ patch: { title: 'x' } }),
      auth(t.http.post('/appointments/1/status')).send({ status: 'confirmed' }),
      auth(t.http.get('/appointments/1/refresh')),
      auth(t.http.post('/appointments/1/confirm')),
      auth(t.http.post('/appointments/1/cancel')),
    ]);
    for (const reply of replies) {
      expect(reply.status).toBe(200);
      expect(reply.body).toEqual({
        successful: false,
        returnMessage: {
          message: 'Field CRM does not support this action',
          messageType: 'warning',
          ttl: 3000,
        },
      });
    }
  });
});
