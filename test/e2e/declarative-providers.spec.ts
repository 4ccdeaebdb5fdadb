import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import { CredentialVault } from '../../src/auth/credential-vault.service.js';
import { assertValidConfig } from '../../src/app-config.module.js';
import { ConfigError } from '../../src/config/define-config.js';
import sampleCrmJson from '../../src/providers/sample-crm/sample-crm.json' with { type: 'json' };
import { UserEntity } from '../../src/users/user.entity.js';
import { buildServer } from '../support/bridge-processes.js';
import { loginWithOAuth } from '../support/oauth-login.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/**
 * Declarative providers bound at start-up: the sample CRM's JSON twin (`sample-crm-json`), and any
 * DECLARATIVE_PROVIDERS file. The data suites run against sample-crm-json too (platformsUnderTest).
 */
describe('declarative providers', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declarative-e2e-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The sample CRM's file as a lean API-key binding: no optional operations, first-hit search. */
  const writeKeyFile = (changes: Record<string, unknown> = {}) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file edited as plain JSON
    const file: any = {
      ...structuredClone(sampleCrmJson),
      platform: 'declared-key',
      displayName: 'Declared Key CRM',
      headers: { 'X-Org': '{{env.DECLARED_ORG}}' },
      auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
      ...changes,
    };
    // Left to be derived from the CRM's host (with a start-up warning).
    if (!('urlIdentifier' in changes)) delete file.urlIdentifier;
    delete file.logFormFields;
    delete file.operations.createContact;
    delete file.operations.findContactsByName;
    delete file.operations.upsertCallDisposition;
    delete file.operations.getCallLog.response.dispositions;
    file.operations.findContactsByPhone.stop = 'first-hit';
    const target = path.join(dir, `${String(file.platform)}.json`);
    fs.writeFileSync(target, JSON.stringify(file));
    return target;
  };

  describe('bound next to the class providers', () => {
    let crm: RunningSampleCrm;
    let t: TestApp;
    beforeAll(async () => {
      // A CRM with one host per customer: the base URL is built from the user's hostname.
      const perHost = writeKeyFile({
        platform: 'declared-host',
        displayName: 'Declared Host CRM',
        baseUrl: 'http://{{hostname}}:{{env.DECLARED_PORT}}',
        allowedHostnames: ['localhost', '*.declared.test'],
        manifest: { environment: { type: 'dynamic', urlIdentifier: '*.declared.test' } },
      });
      crm = await startSampleCrm();
      t = await startTestApp({
        crm,
        env: {
          DECLARATIVE_PROVIDERS: ` ${writeKeyFile()} ,${perHost}`,
          DECLARED_ORG: 'org-1',
          DECLARED_PORT: String(crm.port),
        },
      });
    });
    afterAll(async () => {
      await t.close();
      await crm.close();
    });

    it('generates their manifest entries and interfaces from the files', async () => {
      const manifest = (await t.http.get('/crmManifest').expect(200)).body;
      expect(Object.keys(manifest.platforms)).toEqual([
        'sample-crm',
        'sample-crm-apikey',
        'sample-crm-json',
        'field-crm',
        'declared-key',
        'declared-host',
      ]);
      // Declared by the sample file; derived from the base URL host or the allowed hosts otherwise.
      expect(
        Object.values(manifest.platforms).map(
          (p) => (p as { urlIdentifier: string }).urlIdentifier,
        ),
      ).toEqual([
        ...Array(3).fill(`${new URL(crm.url).host}/*`),
        `${new URL(t.fieldCrm.url).host}/*`,
        `${new URL(crm.url).host}/*`,
        `localhost:${crm.port}/*`,
      ]);
      expect(manifest.platforms['sample-crm-json']).toMatchObject({
        name: 'sample-crm-json',
        displayName: 'Sample CRM (JSON)',
        auth: {
          type: 'oauth',
          oauth: {
            authUrl: 'http://crm-bridge.test/oauth-start/sample-crm-json',
            clientId: 'crm-bridge',
            scope: 'scope=openid offline_access contacts activities',
          },
        },
        contactTypes: [
          { display: 'Person', value: 'Person' },
          { display: 'Company', value: 'Company' },
        ],
        disableDisposition: false,
        page: { callLog: { additionalFields: [expect.objectContaining({ const: 'outcome' })] } },
      });
      expect(manifest.platforms['declared-key']).toMatchObject({
        auth: {
          type: 'apiKey',
          apiKey: {
            page: {
              title: 'Declared Key CRM',
              content: [{ const: 'apiKey', title: 'API key', type: 'string', required: true }],
            },
          },
        },
        disableDisposition: true,
        page: {},
      });
      const json = await t.http.get('/implementedInterfaces?platform=sample-crm-json').expect(200);
      expect(json.body).toMatchObject({
        getOauthInfo: true,
        createContact: true,
        findContactWithName: true,
        upsertCallDisposition: true,
      });
      const lean = await t.http.get('/implementedInterfaces?platform=declared-key').expect(200);
      expect(lean.body).toMatchObject({
        getBasicAuth: true,
        createContact: false,
        findContactWithName: false,
        upsertCallDisposition: false,
      });
    });

    it('signs in with an API key through the file, and searches as it declares', async () => {
      const login = await t.http
        .post('/apiKeyLogin')
        .send({ platform: 'declared-key', apiKey: 'sample-key-bob' })
        .expect(200);
      expect(login.body).toMatchObject({ successful: true, name: 'Bob Example' });
      const found = await t.http
        .get(`/contact?jwtToken=${login.body.jwtToken}&phoneNumber=+14155550199`)
        .expect(200);
      // Both Diaz records hold this number in different formats; first-hit stops at one of them
      // (the other suites show that the sample files, searching every format, find both).
      expect(found.body.contact.map((c: { name: string }) => c.name)).toEqual([
        expect.stringMatching(/^(Carlos|Dana) Diaz$/),
        'Create new contact...',
      ]);
      const refused = await t.http
        .post('/apiKeyLogin')
        .send({ platform: 'declared-key', apiKey: 'wrong' })
        .expect(400);
      expect(refused.body.returnMessage.message).toContain('Declared Key CRM did not accept');
    });

    it('points a hostname-dependent base URL at allowed hosts only', async () => {
      const login = (hostname: string) =>
        t.http
          .post('/apiKeyLogin')
          .send({ platform: 'declared-host', apiKey: 'sample-key-alice', hostname });
      const allowed = await login('localhost').expect(200);
      expect(allowed.body).toMatchObject({ successful: true, name: 'Alice Example' });
      const hostname = await t.http.get(`/hostname?jwtToken=${allowed.body.jwtToken}`).expect(200);
      expect(hostname.text).toBe('localhost');
      const found = await t.http
        .get(`/contact?jwtToken=${allowed.body.jwtToken}&phoneNumber=+14155550100`)
        .expect(200);
      expect(found.body.contact[0]).toMatchObject({ id: '101', name: 'Jane Doe' });
      // Any other host is refused before a request leaves: the credentials go nowhere else.
      t.crm.store.resetStats();
      // The host rule refuses it at login (docs/client-contract.md, Auth): a plain-text 400.
      const refused = await login('evil.example').expect(400);
      expect(refused.text).toContain('evil.example');
      await login('127.0.0.1').expect(400);
      expect(t.crm.store.stats()).toEqual({});
    });

    it('logs out of the JSON OAuth platform by revoking its tokens at the declared endpoint', async () => {
      const jwt = await loginWithOAuth(t.http, 'alice', 'sample-crm-json');
      const row = await t.dataSource
        .getRepository(UserEntity)
        .findOneByOrFail({ platform: 'sample-crm-json', crmUserId: 'u_alice' });
      const accessToken = t.app
        .get(CredentialVault)
        .decrypt(row.accessToken!, row.id, 'accessToken');
      const me = () =>
        fetch(`${t.crm.url}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
      expect((await me()).status).toBe(200);
      const logout = await t.http.post(`/unAuthorize?jwtToken=${jwt}`).expect(200);
      expect(logout.body).toEqual({
        successful: true,
        returnMessage: {
          message: 'Logged out of Sample CRM (JSON).',
          messageType: 'success',
          ttl: 3000,
        },
      });
      expect((await me()).status).toBe(401);
    });
  });

  describe('refused at start-up', () => {
    const env = (file: string, extra: Record<string, string> = {}) => ({
      NODE_ENV: 'test',
      DATA_DIR: dir,
      SAMPLE_CRM_URL: 'http://127.0.0.1:9',
      DECLARATIVE_PROVIDERS: file,
      DECLARED_ORG: 'org-1',
      ...extra,
    });

    // main.ts runs this check before Nest starts, and prints the message alone (no stack).
    it('stops with one line per mistake, naming the file', () => {
      const bad = writeKeyFile({
        platform: 'Declared Key',
        auth: { type: 'apiKey', in: 'cookie', name: 'k' },
        baseUrl: 'https://{{hostname}}/api',
      });
      const expected =
        `Invalid declarative provider ${bad} (3 mistakes):\n` +
        '  - platform: must be lowercase letters, digits and dashes, starting with a letter (at most 63)\n' +
        '  - auth.in: must be one of "header", "query"\n' +
        '  - allowedHostnames: is required when baseUrl uses {{hostname}}: list the hosts it may point at';
      let thrown: unknown;
      try {
        assertValidConfig(env(bad));
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ConfigError);
      expect((thrown as Error).message).toBe(expected);
    });

    // The manifest check runs once the providers are bound: the built server, as `npm start` runs it.
    it('stops when the manifest would not let the client register or sign in, one line each', () => {
      buildServer();
      const file = writeKeyFile({ urlIdentifier: 'declared.example/(*' });
      const run = spawnSync(process.execPath, ['dist/src/main.js'], {
        env: {
          ...process.env,
          ...env(file),
          LOG_LEVEL: 'warn',
          PORT: '0',
          // The client appends `?response_type=…` to authUrl: a base with a query breaks OAuth.
          PUBLIC_URL: 'http://127.0.0.1:3000/bridge?tenant=1',
        },
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(run.stderr).toBe(
        'crm-bridge cannot start: The manifest does not let the App Connect client register and sign in (3 mistakes):\n' +
          '  - platform sample-crm: auth.oauth.authUrl must not contain "?" (the client appends the query)\n' +
          '  - platform sample-crm-json: auth.oauth.authUrl must not contain "?" (the client appends the query)\n' +
          '  - platform declared-key: urlIdentifier is not a valid pattern once its first * becomes .*\n',
      );
      expect(run.status).toBe(1);
      expect(run.stdout).not.toMatch(/\n\s+at /);
    }, 180_000);

    it('names an unset environment variable and a missing file', () => {
      const file = writeKeyFile();
      expect(() => assertValidConfig({ ...env(file), DECLARED_ORG: '' })).toThrow(
        `Invalid declarative provider ${file} (1 mistake):\n` +
          '  - headers.X-Org: environment variable DECLARED_ORG is not set',
      );
      expect(() => assertValidConfig(env(`${file},${dir}/missing.json`))).toThrow(
        `Invalid declarative provider ${dir}/missing.json (1 mistake):\n  - (file): is not found`,
      );
    });
  });
});
