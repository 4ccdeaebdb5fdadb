import { ClientWire } from '../../support/client-wire.js';
import {
  ExerciseLog,
  expectOfficialRequestBody,
  expectOfficialResponse,
  missingDeclaredFields,
  missingDeclaredQuery,
  requiredOnly,
  requiredOnlyQuery,
  VARIANTS,
} from '../../support/official-contract.js';
import { platformsUnderTest, type PlatformUnderTest } from '../../support/platforms.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The official contract's Contacts operations against the real app and each CRM. */
describe.each(platformsUnderTest())('official contract 2.0.0: Contacts ($platform)', suite);

function suite(p: PlatformUnderTest): void {
  let t: TestApp;
  let client: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url, { bearer: await p.login(t.http, 'alice') });
  });
  afterAll(() => t.close());

  const { contact, nameSearch } = p.crm;
  const known = encodeURIComponent(contact.phoneNumber);

  it('getContact: a known number, every declared parameter, and the 400 and 401 answers', async () => {
    const found = await client.get(`/contact?phoneNumber=${known}`);
    expect(found.status).toBe(200);
    expectOfficialResponse('getContact', found);
    expect(found.body.contact[0]).toMatchObject({ id: contact.id, name: contact.name });
    log.record('getContact', 'realistic');

    const query = `phoneNumber=${known}&overridingFormat=(###) ###-####&isExtension=false&isForceRefreshAccountData=true`;
    expect(missingDeclaredQuery('getContact', query)).toEqual([]);
    const full = await client.get(`/contact?${query.replaceAll(' ', '%20')}`);
    expect(full.status).toBe(200);
    expectOfficialResponse('getContact', full);
    log.record('getContact', 'every-optional-field');
    expect(requiredOnlyQuery('getContact', query)).toBe(`phoneNumber=${known}`);
    log.record('getContact', 'required-only');

    const missing = await client.get('/contact');
    expect(missing.status).toBe(400);
    expectOfficialResponse('getContact', missing);
    const anonymous = await new ClientWire(t.url).get(`/contact?phoneNumber=${known}`);
    expect([400, 401]).toContain(anonymous.status);
    expectOfficialResponse('getContact', anonymous);
  });

  it('postContact: only the required fields, then every declared field', async () => {
    const minimal = { phoneNumber: '+14155550142', newContactName: 'Nia Okafor' };
    expectOfficialRequestBody('postContact', minimal);
    const created = await client.post('/contact', minimal);
    expect(created.status).toBe(200);
    expectOfficialResponse('postContact', created);
    expect(created.body).toMatchObject({ successful: true, contact: { name: 'Nia Okafor' } });
    log.record('postContact', 'realistic', 'required-only');

    const full = {
      phoneNumber: '+14155550143',
      newContactName: 'Omar Haddad',
      newContactType: 'Person',
      additionalSubmission: { company: 'Haddad & Co' },
    };
    expectOfficialRequestBody('postContact', full);
    expect(missingDeclaredFields('postContact', full)).toEqual([]);
    const fully = await client.post('/contact', full);
    expect(fully.status).toBe(200);
    expectOfficialResponse('postContact', fully);
    log.record('postContact', 'every-optional-field');
    expect(requiredOnly('postContact', full)).toEqual({
      phoneNumber: full.phoneNumber,
      newContactName: full.newContactName,
    });

    const refused = await client.post('/contact', { phoneNumber: '+14155550144' });
    expect(refused.status).toBe(400);
    expectOfficialResponse('postContact', refused);
  });

  it('getCustomContactSearch: by name, and a 400 without one', async () => {
    const byName = `name=${nameSearch.query}`;
    const reply = await client.get(`/custom/contact/search?${byName}`);
    expect(reply.status).toBe(200);
    expectOfficialResponse('getCustomContactSearch', reply);
    expect(reply.body.successful).toBe(true);
    expect(requiredOnlyQuery('getCustomContactSearch', byName)).toBe(byName);
    log.record('getCustomContactSearch', ...VARIANTS);

    const refused = await client.get('/custom/contact/search');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getCustomContactSearch', refused);
  });

  it('exercised every Contacts operation all three ways', () => {
    expect(log.missing(['Contacts'])).toEqual([]);
  });
}
