import { ClientWire } from '../../support/client-wire.js';
import {
  ExerciseLog,
  expectOfficialResponse,
  missingDeclaredQuery,
  official,
  officialOperations,
  requiredOnlyQuery,
  VARIANTS,
} from '../../support/official-contract.js';
import { startTestApp, type TestApp } from '../../support/test-app.js';

/** The official contract's Health and Manifest operations against the real app. */
describe('official contract 2.0.0: Health and Manifest', () => {
  let t: TestApp;
  let client: ClientWire;
  const log = new ExerciseLog();

  beforeAll(async () => {
    t = await startTestApp();
    client = new ClientWire(t.url);
  });
  afterAll(() => t.close());

  it('getIsAlive: text/plain OK', async () => {
    const reply = await client.get('/isAlive');
    expect(reply.status).toBe(200);
    expectOfficialResponse('getIsAlive', reply);
    log.recordWithoutInputs('getIsAlive');
  });

  it('getServerVersionInfo: the version object', async () => {
    const reply = await client.get('/serverVersionInfo');
    expect(reply.status).toBe(200);
    expectOfficialResponse('getServerVersionInfo', reply);
    log.recordWithoutInputs('getServerVersionInfo');
  });

  it('getImplementedInterfaces: the capability map, and a 400 for an unknown platform', async () => {
    const query = 'platform=sample-crm-apikey';
    expect(missingDeclaredQuery('getImplementedInterfaces', query)).toEqual([]);
    expect(requiredOnlyQuery('getImplementedInterfaces', query)).toBe(query);
    const reply = await client.get(`/implementedInterfaces?${query}`);
    expect(reply.status).toBe(200);
    expectOfficialResponse('getImplementedInterfaces', reply);
    log.record('getImplementedInterfaces', ...VARIANTS);

    for (const query of ['platform=no-such-crm', '']) {
      const refused = await client.get(`/implementedInterfaces?${query}`);
      expect(refused.status).toBe(400);
      expectOfficialResponse('getImplementedInterfaces', refused);
    }
  });

  it('getCrmManifest: with and without platformName, and a 400 for an unknown one', async () => {
    const named = await client.get('/crmManifest?platformName=sample-crm-apikey');
    expect(named.status).toBe(200);
    expectOfficialResponse('getCrmManifest', named);
    expect(named.body.platforms['sample-crm-apikey']).toBeDefined();
    log.record('getCrmManifest', 'every-optional-field');

    expect(requiredOnlyQuery('getCrmManifest', 'platformName=sample-crm-apikey')).toBe('');
    const unnamed = await client.get('/crmManifest');
    expect(unnamed.status).toBe(200);
    expectOfficialResponse('getCrmManifest', unnamed);
    log.record('getCrmManifest', 'realistic', 'required-only');

    const refused = await client.get('/crmManifest?platformName=no-such-crm');
    expect(refused.status).toBe(400);
    expectOfficialResponse('getCrmManifest', refused);
  });

  it('getReleaseNotes: notes by version', async () => {
    const reply = await client.get('/releaseNotes');
    expect(reply.status).toBe(200);
    expectOfficialResponse('getReleaseNotes', reply);
    log.recordWithoutInputs('getReleaseNotes');
  });

  it('the schema file names its source and holds the 51 in-scope operations', () => {
    expect(official['x-source']).toMatch(
      /^App Connect Connector Server API 2\.0\.0, .*ringcentral\/rc-unified-crm-extension, MIT/,
    );
    expect(official.info.version).toBe('2.0.0');
    expect(officialOperations).toHaveLength(51);
  });

  it('the checker itself refuses what the official schemas refuse', () => {
    const reply = (status: number, contentType: string, text: string) => ({
      status,
      headers: { 'content-type': contentType },
      text,
      body: undefined,
    });
    const version = (text: string) => reply(200, 'application/json', text);
    expect(() => expectOfficialResponse('getServerVersionInfo', version('{"version":1}'))).toThrow(
      /does not match/,
    );
    expect(() => expectOfficialResponse('getServerVersionInfo', version('{}'))).toThrow();
    expect(() => expectOfficialResponse('getIsAlive', reply(200, 'text/plain', 'ok'))).toThrow();
    expect(() => expectOfficialResponse('getIsAlive', reply(200, 'text/html', 'OK'))).toThrow(
      /content type/,
    );
    expect(() => expectOfficialResponse('getIsAlive', reply(404, 'text/plain', 'OK'))).toThrow(
      /status not declared/,
    );
  });

  it('exercised every Health and Manifest operation all three ways', () => {
    expect(log.missing(['Health', 'Manifest'])).toEqual([]);
  });
});
