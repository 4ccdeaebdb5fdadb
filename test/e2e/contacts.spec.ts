import type { TestApp } from '../support/test-app.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import { samplePlatformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

const PLACEHOLDER = {
  id: 'createNewContact',
  name: 'Create new contact...',
  isNewContact: true,
  defaultContactType: 'Person',
  additionalInfo: {},
};

describe.each(samplePlatformsUnderTest())(
  'call pop: GET /contact, POST /contact, GET /custom/contact/search ($platform)',
  callPop,
);

function callPop(p: PlatformUnderTest): void {
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice: token },
    } = await startSignedInApp({ users: ['alice'], platform: p }));
  });
  afterAll(() => t.close());

  // Raw query strings, exactly as the client pastes them: a `+` arrives as a space.
  const lookup = (rawQuery: string) =>
    t.http.get(`/contact?jwtToken=${token}&${rawQuery}`).expect(200);
  const names = (body: { contact: { name: string }[] }) => body.contact.map((c) => c.name);

  it.each([
    ['phoneNumber=+14155550100', ['Jane Doe']],
    ['phoneNumber=%2B14155550100', ['Jane Doe']],
    ['phoneNumber=+442079460958', ['John Smith']],
    ['phoneNumber=+14155550123', ['Ana Lima']],
    ['phoneNumber=+14155550199', ['Carlos Diaz', 'Dana Diaz']],
  ])('%s finds %j stored in another format', async (query, expected) => {
    const res = await lookup(query);
    expect(res.body.successful).toBe(true);
    expect(res.body.returnMessage).toBeUndefined();
    expect(names(res.body)).toEqual([...expected, 'Create new contact...']);
    expect(res.body.contact.at(-1)).toEqual(PLACEHOLDER);
    for (const contact of res.body.contact) {
      expect(typeof contact.id).toBe('string');
      expect(contact.additionalInfo).toEqual(expect.any(Object));
    }
  });

  it('answers an unknown number with only the placeholder and a warning', async () => {
    const res = await lookup('phoneNumber=+12025550147');
    expect(res.body).toMatchObject({
      successful: true,
      contact: [PLACEHOLDER],
      returnMessage: { message: 'Contact not found', messageType: 'warning', ttl: 3000 },
    });
  });

  it('answers an invalid number as a business failure, still with the placeholder', async () => {
    const res = await lookup('phoneNumber=12345');
    expect(res.body).toEqual({
      successful: false,
      returnMessage: { message: 'Invalid phone number', messageType: 'warning', ttl: 3000 },
      contact: [PLACEHOLDER],
    });
  });

  it('does not search the CRM for extension numbers', async () => {
    t.crm.store.resetStats();
    const res = await lookup('phoneNumber=101&isExtension=true');
    expect(res.body.successful).toBe(true);
    expect(res.body.contact).toEqual([PLACEHOLDER]);
    expect(t.crm.store.stats()['GET /api/contacts'] ?? 0).toBe(0);
  });

  it('uses the user overriding formats (encoded, comma-joined)', async () => {
    t.crm.store.resetStats();
    const formats = encodeURIComponent('(###) ###-####,###.###.####');
    const res = await lookup(`phoneNumber=+14155550100&overridingFormat=${formats}`);
    expect(names(res.body)).toEqual(['Jane Doe', 'Create new contact...']);
  });

  it('400s a missing phoneNumber with what was wrong', async () => {
    const res = await t.http.get(`/contact?jwtToken=${token}`).expect(400);
    expect(res.text).toMatch(/^Invalid request: phoneNumber/);
  });

  it('creates a contact in the CRM, and the next lookup finds it', async () => {
    const created = await t.http
      .post(`/contact?jwtToken=${token}`)
      .send({
        phoneNumber: '+13125550142',
        newContactName: '  Zoe New  ',
        newContactType: 'Person',
      })
      .expect(200);
    expect(created.body).toEqual({
      successful: true,
      returnMessage: { message: 'Contact created', messageType: 'success', ttl: 2000 },
      contact: { id: expect.any(String), name: 'Zoe New', type: 'Person', additionalInfo: {} },
    });
    const stored = t.crm.store.contacts.find((c) => String(c.id) === created.body.contact.id);
    expect(stored).toMatchObject({ name: 'Zoe New', phone: '+13125550142' });
    const res = await lookup('phoneNumber=+13125550142');
    expect(names(res.body)).toEqual(['Zoe New', 'Create new contact...']);
  });

  it.each([
    [{ phoneNumber: '4155550100', newContactName: 'X' }, 'phoneNumber must be an E.164 number'],
    [{ phoneNumber: '+14155550100', newContactName: '   ' }, 'newContactName is required'],
    [{ phoneNumber: '+14155550100', newContactName: 'x'.repeat(256) }, 'at most 255'],
    [
      { phoneNumber: '+14155550100', newContactName: 'X', newContactType: 'Alien' },
      'newContactType must be one of Person, Company',
    ],
  ])('refuses %j with a 400 and creates nothing', async (body, message) => {
    const before = t.crm.store.contacts.length;
    const res = await t.http.post(`/contact?jwtToken=${token}`).send(body).expect(400);
    expect(res.text).toContain(message);
    expect(t.crm.store.contacts.length).toBe(before);
  });

  it('searches by name, and an empty result explains itself', async () => {
    const found = await t.http
      .get(`/custom/contact/search?jwtToken=${token}&name=diaz`)
      .expect(200);
    expect(found.body.successful).toBe(true);
    expect(found.body.contact.map((c: { name: string }) => c.name)).toEqual([
      'Carlos Diaz',
      'Dana Diaz',
    ]);
    const none = await t.http
      .get(`/custom/contact/search?jwtToken=${token}&name=Nobody`)
      .expect(200);
    expect(none.body).toEqual({
      successful: true,
      contact: [],
      returnMessage: {
        message: 'No contact found with name Nobody',
        messageType: 'warning',
        ttl: 3000,
      },
    });
    const short = await t.http
      .get(`/custom/contact/search?jwtToken=${token}&name=%20a%20`)
      .expect(200);
    expect(short.body.contact).toEqual([]);
    expect(short.body.returnMessage.messageType).toBe('warning');
  });

  it('turns a CRM failure into 200 successful:false with the placeholder', async () => {
    t.crm.faults.set('GET /api/contacts', { status: 503 });
    const res = await lookup('phoneNumber=+14155550100');
    t.crm.faults.clear();
    expect(res.body).toEqual({
      successful: false,
      returnMessage: expect.objectContaining({
        message: `${p.displayName} is unavailable`,
        messageType: 'warning',
      }),
      contact: [PLACEHOLDER],
    });
  });
}
