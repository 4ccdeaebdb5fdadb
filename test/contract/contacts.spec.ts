import { ClientWire, expectClientReadable, type WireReply } from '../support/client-wire.js';
import { startSignedInApp } from '../support/signed-in-app.js';
import type { TestApp } from '../support/test-app.js';
import { platformsUnderTest, type PlatformUnderTest } from '../support/platforms.js';

/** The new-contact entry: its type is the binding's first contact type, else `Contact`. */
const placeholder = (p: PlatformUnderTest) => ({
  id: 'createNewContact',
  name: 'Create new contact...',
  isNewContact: true,
  defaultContactType: p.crm.contactType ?? 'Contact',
  additionalInfo: {},
});

/** Every 200 from GET /contact: a non-empty list ending in the placeholder (checklist 3). */
function expectContactListOf(reply: WireReply, PLACEHOLDER: object): void {
  expectClientReadable(reply);
  expect(reply.status).toBe(200);
  const contacts = reply.body.contact as Record<string, unknown>[];
  expect(contacts.length).toBeGreaterThan(0);
  expect(contacts.at(-1)).toEqual(PLACEHOLDER);
  for (const contact of contacts.slice(0, -1)) {
    expect(contact).toMatchObject({ id: expect.any(String), name: expect.any(String) });
    expect(contact.additionalInfo).toEqual(expect.any(Object));
    expect(contact.additionalInfo).not.toBeNull();
  }
}

/** Client-contract §4 and §1.8: call pop and contact creation, with the raw query strings. */
describe.each(platformsUnderTest())('contract: contacts ($platform)', contactsContract);

function contactsContract(p: PlatformUnderTest): void {
  let t: TestApp;
  let jwt: string;
  let client: ClientWire;

  beforeAll(async () => {
    ({
      t,
      tokens: { alice: jwt },
    } = await startSignedInApp({ users: ['alice'], platform: p }));
    client = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  const lookup = (query: string) => client.get(`/contact?jwtToken=${jwt}&${query}`);
  const contactSearches = () => p.crm.requests(t, p.crm.routes.contactSearch);
  const { contact, unknownNumber, nameSearch } = p.crm;
  const PLACEHOLDER = placeholder(p);
  const expectContactList = (reply: WireReply) => expectContactListOf(reply, PLACEHOLDER);

  it('reads an unencoded + (arriving as a space) and an empty overridingFormat', async () => {
    const reply = await lookup(
      `phoneNumber=${contact.phoneNumber}&overridingFormat=&isExtension=false`,
    );
    expectContactList(reply);
    expect(reply.body.successful).toBe(true);
    expect(reply.body.returnMessage).toBeUndefined();
    expect(reply.body.contact[0]).toMatchObject({
      id: contact.id,
      name: contact.name,
      ...(p.crm.contactType ? { type: p.crm.contactType } : {}),
    });
  });

  it('fills the encoded overridingFormat patterns to find a number stored in the user format', async () => {
    p.crm.addContact(t, 'Slash Person', '415/555/0177');
    const formats = encodeURIComponent('(###) ###-####,###/###/####');
    const reply = await lookup(
      `phoneNumber=+14155550177&overridingFormat=${formats}&isExtension=false&isForceRefreshAccountData=true`,
    );
    expectContactList(reply);
    expect(reply.body.contact.map((c: { name: string }) => c.name)).toEqual([
      'Slash Person',
      'Create new contact...',
    ]);
  });

  it('answers an extension lookup with the placeholder only, without asking the CRM', async () => {
    const before = contactSearches();
    const reply = await lookup('phoneNumber=101&overridingFormat=&isExtension=true');
    expectContactList(reply);
    expect(reply.body.contact).toEqual([PLACEHOLDER]);
    expect(contactSearches()).toBe(before);
  });

  it('explains no match, an invalid number and a missing number', async () => {
    const none = await lookup(`phoneNumber=${unknownNumber}&overridingFormat=&isExtension=false`);
    expectContactList(none);
    expect(none.body).toMatchObject({
      successful: true,
      contact: [PLACEHOLDER],
      returnMessage: { message: 'Contact not found', messageType: 'warning', ttl: 3000 },
    });
    const invalid = await lookup('phoneNumber=+1415&overridingFormat=&isExtension=false');
    expectContactList(invalid);
    expect(invalid.body).toMatchObject({
      successful: false,
      returnMessage: { message: 'Invalid phone number', messageType: 'warning' },
    });
    const missing = await lookup('overridingFormat=');
    expect(missing).toMatchObject({
      status: 400,
      text: 'Invalid request: phoneNumber is required',
    });
  });

  it('reports a CRM failure as successful:false, still with the placeholder', async () => {
    p.crm.faults(t).set(p.crm.routes.contactSearch, { failNext: 5, status: 503 });
    const reply = await lookup(
      `phoneNumber=${contact.phoneNumber}&overridingFormat=&isExtension=false`,
    );
    p.crm.faults(t).clear();
    expectContactList(reply);
    expect(reply.body).toMatchObject({
      successful: false,
      returnMessage: { message: `${p.displayName} is unavailable`, messageType: 'warning' },
    });
  });

  it('POST /contact: contact is an object with a string id (checklist 4)', async () => {
    const reply = await client.post(`/contact?jwtToken=${jwt}`, {
      phoneNumber: '+14155550166',
      newContactName: 'New Person',
      newContactType: 'Person',
      additionalSubmission: {},
    });
    expectClientReadable(reply);
    expect(reply.body).toEqual({
      successful: true,
      returnMessage: { message: 'Contact created', messageType: 'success', ttl: 2000 },
      contact: { id: expect.any(String), name: 'New Person', type: 'Person', additionalInfo: {} },
    });
    const found = await lookup('phoneNumber=+14155550166&overridingFormat=&isExtension=false');
    expect(found.body.contact[0].id).toBe(reply.body.contact.id);
    const bad = await client.post(`/contact?jwtToken=${jwt}`, {
      phoneNumber: '4155550166',
      newContactName: 'x',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toMatch(/^Invalid request: phoneNumber must be an E\.164 number/);
  });

  it('GET /custom/contact/search: raw name text; an empty result carries returnMessage (checklist 10)', async () => {
    const found = await client.get(
      `/custom/contact/search?jwtToken=${jwt}&name=${nameSearch.query}`,
    );
    expectClientReadable(found);
    expect(found.body.successful).toBe(true);
    expect(found.body.contact.map((c: { name: string }) => c.name).sort()).toEqual(
      nameSearch.names,
    );
    for (const name of ['Nobody', 'J']) {
      const empty = await client.get(`/custom/contact/search?jwtToken=${jwt}&name=${name}`);
      expectClientReadable(empty);
      expect(empty.body).toMatchObject({ contact: [], returnMessage: { messageType: 'warning' } });
    }
  });
}
