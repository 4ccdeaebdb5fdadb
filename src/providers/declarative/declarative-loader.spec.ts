import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ConfigError } from '../../config/define-config.js';
import fieldCrmJson from '../field-crm/field-crm.json' with { type: 'json' };
import sampleCrmJson from '../sample-crm/sample-crm.json' with { type: 'json' };
import { DeclarativeProvider } from './declarative.provider.js';
import {
  checkDefinition,
  DeclarativeProviderError,
  loadDeclarativeFile,
  loadDeclarativeFiles,
  resolveDefinition,
} from './declarative-loader.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file being broken on purpose
type Json = any;
const sample = (): Json => structuredClone(sampleCrmJson);
const SAMPLE_ENV = {
  SAMPLE_CRM_URL: 'http://127.0.0.1:3100',
  SAMPLE_CRM_PUBLIC_URL: 'http://localhost:3100',
  SAMPLE_CRM_PUBLIC_HOST: 'localhost:3100',
  SAMPLE_CRM_CLIENT_ID: 'crm-bridge',
  SAMPLE_CRM_CLIENT_SECRET: 'crm-bridge-secret',
};

/** The sample file with its OAuth auth swapped for an API key, for checks of API-key rules. */
const apiKeySample = (): Json => ({
  ...sample(),
  auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  urlIdentifier: 'localhost:3100/*',
});

describe('declarative provider files', () => {
  it('accepts the checked-in sample CRM file', () => {
    expect(checkDefinition(sampleCrmJson)).toEqual([]);
    const resolved = resolveDefinition(sampleCrmJson, 'sample-crm.json', SAMPLE_ENV);
    expect(resolved.env).toEqual(SAMPLE_ENV);
    expect(resolved.auth).toEqual({
      type: 'oauth',
      oauth: {
        authorizationUrl: 'http://localhost:3100/oauth/auth',
        tokenUrl: 'http://127.0.0.1:3100/oauth/token',
        revocationUrl: 'http://127.0.0.1:3100/oauth/token/revocation',
        scopes: ['openid', 'offline_access', 'contacts', 'activities'],
        pkce: true,
        clientId: 'crm-bridge',
        clientSecret: 'crm-bridge-secret',
        authorizationParams: { prompt: 'consent' },
      },
    });
  });

  // Bound with { bundled: true }: at start-up only the checks beside the schema run on them.
  it('the bundled files pass the JSON Schema too', () => {
    expect(checkDefinition(sampleCrmJson)).toEqual([]);
    expect(checkDefinition(fieldCrmJson)).toEqual([]);
    expect(checkDefinition({ ...sample(), platform: 'Bad Name' }, { bundled: true })).toEqual([]);
    expect(checkDefinition({ ...sample(), platform: 'Bad Name' })).not.toEqual([]);
  });

  // Each mistake is reported once, where it is, saying what is wrong.
  it.each<[string, (file: Json) => Json, string]>([
    [
      'a bad platform name',
      (f) => ({ ...f, platform: 'Acme CRM' }),
      'platform: must be lowercase letters, digits and dashes, starting with a letter (at most 63)',
    ],
    ['a missing display name', ({ displayName: _, ...f }) => f, 'displayName: is required'],
    [
      'an unknown top-level property',
      (f) => ({ ...f, baseURL: 'x' }),
      'baseURL: is not a known property (known: $schema, platform, displayName, baseUrl, urlIdentifier, allowedHostnames, headers, errorMessage, logFormat, contactTypes, manifest, logFormFields, contactFields, appointmentFields, accountData, auth, operations)',
    ],
    [
      'an inline client secret',
      (f) => ({ ...f, auth: { ...f.auth, clientSecret: 's3cr3t' } }),
      'auth.clientSecret: must be {"env": "VARIABLE_NAME"}: secrets are read from the environment, never written in the file',
    ],
    [
      'a bad environment variable name',
      (f) => ({ ...f, auth: { ...f.auth, clientSecret: { env: 'ACME-SECRET' } } }),
      'auth.clientSecret.env: must be an environment variable name (letters, digits and _)',
    ],
    [
      'an unknown auth type',
      (f) => ({ ...f, auth: { type: 'magic' } }),
      'auth.type: must be one of "oauth2", "apiKey", "basic", "bearer"',
    ],
    [
      'an auth without type',
      (f) => ({ ...f, auth: { in: 'header', name: 'X' } }),
      'auth.type: is required',
    ],
    [
      'an API key without a name',
      (f) => ({ ...f, auth: { type: 'apiKey', in: 'header' } }),
      'auth.name: is required',
    ],
    [
      'an API key in a cookie',
      (f) => ({ ...f, auth: { type: 'apiKey', in: 'cookie', name: 'k' } }),
      'auth.in: must be one of "header", "query"',
    ],
    [
      'a missing required operation',
      (f) => {
        delete f.operations.getCallLog;
        return f;
      },
      'operations.getCallLog: is required',
    ],
    [
      'an unknown operation',
      (f) => ({ ...f, operations: { ...f.operations, deleteContact: {} } }),
      'operations.deleteContact: is not a known property (known: getUserInfo, findContactsByPhone, findContactsByName, createContact, createCallLog, getCallLog, updateCallLog, upsertCallDisposition, createMessageLog, getMessageLog, updateMessageLog, logout, listAppointments, createAppointment, updateAppointment, refreshAppointment, confirmAppointment, cancelAppointment, getUserList)',
    ],
    [
      'a bad method',
      (f) => {
        f.operations.createCallLog.request.method = 'FETCH';
        return f;
      },
      'operations.createCallLog.request.method: must be one of "GET", "POST", "PUT", "PATCH", "DELETE"',
    ],
    [
      'a path not starting with /',
      (f) => {
        f.operations.getUserInfo.request.path = 'api/me';
        return f;
      },
      'operations.getUserInfo.request.path: must be a path starting with a single /',
    ],
    [
      'a numeric query value',
      (f) => {
        f.operations.findContactsByName.request.query.limit = 5;
        return f;
      },
      'operations.findContactsByName.request.query.limit: must be a string or an array of strings',
    ],
    [
      'a bad phone variant',
      (f) => {
        f.operations.findContactsByPhone.variants = ['e164', 'raw'];
        return f;
      },
      'operations.findContactsByPhone.variants[1]: must be one of "e164", "overriding", "national", "international", "nationalDigits", "nationalNumber", "digits", "dashed", "dotted"',
    ],
    [
      'a repeated phone variant',
      (f) => {
        f.operations.findContactsByPhone.variants = ['e164', 'e164'];
        return f;
      },
      'operations.findContactsByPhone.variants[1]: repeats an earlier item',
    ],
    [
      'a missing response mapping',
      (f) => {
        delete f.operations.createCallLog.response.id;
        return f;
      },
      'operations.createCallLog.response.id: is required',
    ],
    [
      'a log-form field of an unknown type',
      (f) => {
        f.logFormFields.callLog[0].type = 'dropdown';
        return f;
      },
      'logFormFields.callLog[0].type: must be one of "selection", "inputField", "checkbox", "date", "string", "warning"',
    ],
    [
      'a misspelt context field',
      (f) => {
        f.operations.createCallLog.request.body.subject = '{{call.subjct}}';
        return f;
      },
      'operations.createCallLog.request.body.subject: {{call.subjct}}: there is no call.subjct (known: call.contactId, call.contactType, call.contactName, call.subject, call.body, call.sessionId, call.direction, call.startTime, call.startTimeMs, call.startTimeSeconds, call.startDate, call.durationSeconds, call.result, call.additionalSubmission, call.dispositions, call.idempotencyKey)',
    ],
    [
      'a field of another operation',
      (f) => {
        f.operations.getCallLog.request.path = '/api/activities/{{call.sessionId}}';
        return f;
      },
      'operations.getCallLog.request.path: {{call.sessionId}}: there is no call (known: hostname, env, user, logId)',
    ],
    [
      'the user at login',
      (f) => {
        f.operations.getUserInfo.request.query = { as: '{{user.crmUserId}}' };
        return f;
      },
      'operations.getUserInfo.request.query.as: {{user.crmUserId}}: there is no user (known: hostname, env)',
    ],
    [
      'a field below a value',
      (f) => {
        f.operations.getCallLog.request.path = '/a/{{logId.x}}';
        return f;
      },
      'operations.getCallLog.request.path: {{logId.x}}: logId is a value and has no field x',
    ],
    [
      'a template syntax error',
      (f) => {
        f.operations.getCallLog.request.path = '/a/{{logId';
        return f;
      },
      'operations.getCallLog.request.path: has "{{" without a closing "}}"',
    ],
    [
      'an unknown filter',
      (f) => {
        f.operations.createContact.request.body.name = '{{contact.name | upper}}';
        return f;
      },
      'operations.createContact.request.body.name: has an unknown filter "upper" in {{contact.name | upper}} (known: truncate, omitIfLonger, default, string, number, integer, digits, lower, firstName, lastName)',
    ],
    [
      'an env placeholder without a name',
      (f) => ({ ...f, headers: { 'X-Org': '{{env}}' } }),
      'headers.X-Org: {{env}} must name one variable, as in {{env.NAME}}',
    ],
    [
      'a header name with a space',
      (f) => ({ ...f, headers: { 'X Org': 'a' } }),
      'headers."X Org": is not a valid name: must be a header name',
    ],
    [
      'a hostname base URL without allowed hosts',
      (f) => ({ ...f, baseUrl: 'https://{{hostname}}/api' }),
      'allowedHostnames: is required when baseUrl uses {{hostname}}: list the hosts it may point at',
    ],
    [
      'a user-dependent base URL',
      (f) => ({ ...f, baseUrl: 'https://{{user.name}}/api' }),
      'baseUrl: {{user.name}}: there is no user (known: hostname, env)',
    ],
    [
      'a hostname in an OAuth endpoint',
      (f) => ({ ...f, auth: { ...f.auth, tokenUrl: 'https://{{hostname}}/token' } }),
      'auth.tokenUrl: {{hostname}}: there is no hostname (known: env)',
    ],
    [
      'a logout operation with OAuth',
      (f) => ({
        ...f,
        operations: {
          ...f.operations,
          logout: { request: { method: 'POST', path: '/api/logout' } },
        },
      }),
      'operations.logout: is not used with oauth2 auth: logout revokes the tokens at auth.revocationUrl',
    ],
    [
      'a body on a GET',
      (f) => {
        f.operations.getUserInfo.request.body = { x: 1 };
        return f;
      },
      'operations.getUserInfo.request.body: cannot be sent with GET',
    ],
    [
      'no way to read contacts',
      ({ contactFields: _, ...f }) => f,
      'contactFields: is required: findContactsByPhone, findContactsByName, createContact have no response.contact saying how a record becomes a contact',
    ],
    [
      'a mapping that is neither path nor template',
      (f) => ({ ...f, contactFields: { ...f.contactFields, name: 'first name' } }),
      'contactFields.name: must be $, a dotted path such as data.id, or a template such as {{first}} {{last}}',
    ],
    [
      'a bad list path',
      (f) => {
        f.operations.findContactsByName.response.list = 'data[]';
        return f;
      },
      'operations.findContactsByName.response.list: must be $ or a dotted path such as data.items',
    ],
    [
      'a disposition of an undeclared field',
      (f) => {
        f.operations.getCallLog.response.dispositions.mood = 'fields.mood';
        return f;
      },
      'operations.getCallLog.response.dispositions.mood: is not a field const declared in logFormFields.callLog',
    ],
    [
      'dispositions without form fields',
      (f) => {
        delete f.logFormFields;
        delete f.operations.getCallLog.response.dispositions;
        return f;
      },
      'operations.upsertCallDisposition: needs logFormFields.callLog: it stores the values of those fields',
    ],
    [
      'appointment operations without appointmentFields',
      (f) => {
        delete f.appointmentFields;
        return f;
      },
      'appointmentFields: is required: listAppointments, createAppointment, updateAppointment, refreshAppointment, confirmAppointment, cancelAppointment have no response.appointment saying how a record becomes an appointment',
    ],
    [
      'an appointment template outside its context',
      (f) => {
        f.operations.refreshAppointment.request.path = '/api/appointments/{{changes.title}}';
        return f;
      },
      'operations.refreshAppointment.request.path: {{changes.title}}: there is no changes (known: hostname, env, user, appointmentId)',
    ],
    [
      'a login page without the key field',
      () => ({
        ...apiKeySample(),
        auth: {
          type: 'bearer',
          page: { title: 'Acme', content: [{ const: 'token', title: 'Token', type: 'string' }] },
        },
      }),
      'auth.page.content: needs a field with const "apiKey" (the key or token itself)',
    ],
  ])('reports %s as one line', (_what, mutate, line) => {
    const problems = checkDefinition(mutate(sample()));
    expect(problems.map((p) => `${p.at}: ${p.message}`)).toEqual([line]);
  });

  it('reports every mistake of a file, the schema ones and the template ones', () => {
    const file = sample();
    file.platform = 'Acme';
    file.operations.createCallLog.request.method = 'SEND';
    file.operations.getCallLog.request.path = '/x/{{logid}}';
    file.operations.updateCallLog.request.body.subject = '{{update.title}}';
    expect(checkDefinition(file).map((p) => p.at)).toEqual([
      'platform',
      'operations.createCallLog.request.method',
      'operations.getCallLog.request.path',
      'operations.updateCallLog.request.body.subject',
    ]);
  });

  it('says so when the file is not an object at all', () => {
    expect(checkDefinition([])).toEqual([{ at: '(top level)', message: 'must be an object' }]);
  });

  it('reads the environment variables a file names, reporting each unset one once', () => {
    const file = apiKeySample();
    file.baseUrl = '{{env.ACME_URL}}/api';
    file.urlIdentifier = '{{env.ACME_PAGES}}/*';
    file.headers = { 'X-Org': '{{env.ACME_ORG}}', 'X-Org-Again': '{{env.ACME_ORG}}' };
    expect(() => resolveDefinition(file, 'acme.json', { ACME_ORG: ' ' })).toThrow(
      new DeclarativeProviderError('acme.json', [
        { at: 'baseUrl', message: 'environment variable ACME_URL is not set' },
        { at: 'urlIdentifier', message: 'environment variable ACME_PAGES is not set' },
        { at: 'headers.X-Org', message: 'environment variable ACME_ORG is not set' },
      ]),
    );
    const resolved = resolveDefinition(file, 'acme.json', {
      ACME_URL: 'https://acme.example',
      ACME_PAGES: 'app.acme.example',
      ACME_ORG: 'org-1',
      UNRELATED: 'never copied',
    });
    expect(resolved.env).toEqual({
      ACME_URL: 'https://acme.example',
      ACME_PAGES: 'app.acme.example',
      ACME_ORG: 'org-1',
    });
    // The client's registration pattern, filled in once.
    expect(new DeclarativeProvider(resolved).urlIdentifier).toBe('app.acme.example/*');
  });

  it('checks the URLs once the environment is filled in', () => {
    const env = { ...SAMPLE_ENV, SAMPLE_CRM_URL: 'ftp://crm', SAMPLE_CRM_PUBLIC_URL: 'crm' };
    const error = catchError(() => resolveDefinition(sample(), 'sample.json', env));
    expect(error.problems).toEqual([
      { at: 'baseUrl', message: 'must be an absolute http(s) URL once filled in' },
      { at: 'auth.authorizationUrl', message: 'must be an absolute http(s) URL once filled in' },
      { at: 'auth.tokenUrl', message: 'must be an absolute http(s) URL once filled in' },
      { at: 'auth.revocationUrl', message: 'must be an absolute http(s) URL once filled in' },
    ]);
    const withQuery = { ...apiKeySample(), baseUrl: 'https://crm.example/api?v=2' };
    expect(catchError(() => resolveDefinition(withQuery, 'q.json', {})).problems).toEqual([
      { at: 'baseUrl', message: 'must not have a query string or fragment' },
    ]);
  });

  it('translates each sign-in style into the core declaration', () => {
    const auth = (fileAuth: Json) =>
      resolveDefinition(
        { ...apiKeySample(), auth: fileAuth, baseUrl: 'https://x.example' },
        'f',
        {},
      ).auth;
    const page = {
      title: 'Sample CRM (JSON)',
      content: [{ const: 'apiKey', title: 'API key', type: 'string', required: true }],
    };
    expect(auth({ type: 'apiKey', in: 'header', name: 'X-Key', prefix: 'Token ' })).toEqual({
      type: 'apiKey',
      placement: { in: 'header', name: 'X-Key', prefix: 'Token ' },
      page,
    });
    expect(auth({ type: 'apiKey', in: 'query', name: 'api_key' })).toEqual({
      type: 'apiKey',
      placement: { in: 'query', name: 'api_key' },
      page,
    });
    expect(auth({ type: 'basic' })).toEqual({ type: 'apiKey', placement: { in: 'basic' }, page });
    expect(auth({ type: 'bearer' })).toEqual({
      type: 'apiKey',
      placement: { in: 'header', name: 'Authorization', prefix: 'Bearer ' },
      page: {
        ...page,
        content: [{ const: 'apiKey', title: 'Access token', type: 'string', required: true }],
      },
    });
  });

  describe('files', () => {
    let dir: string;
    beforeAll(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'declarative-'));
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    const write = (name: string, text: string) => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };

    it('loads a file, and names it in every error (a ConfigError: no stack is printed)', () => {
      const good = write('good.json', JSON.stringify(sample()));
      expect(loadDeclarativeFile(good, SAMPLE_ENV).definition.platform).toBe('sample-crm-json');
      const bad = write('bad.json', JSON.stringify({ ...sample(), platform: 'A' }));
      const error = catchError(() => loadDeclarativeFile(bad, SAMPLE_ENV));
      expect(error).toBeInstanceOf(ConfigError);
      expect(error.message).toBe(
        `Invalid declarative provider ${bad} (1 mistake):\n` +
          '  - platform: must be lowercase letters, digits and dashes, starting with a letter (at most 63)',
      );
    });

    it('reports a missing file and broken JSON', () => {
      expect(() => loadDeclarativeFile(path.join(dir, 'nope.json'), {})).toThrow(
        /nope\.json \(1 mistake\):\n {2}- \(file\): is not found$/,
      );
      const broken = write('broken.json', '{"platform": "a",}');
      expect(() => loadDeclarativeFile(broken, {})).toThrow(/- \(file\): is not valid JSON: /);
    });

    it('refuses two files declaring one platform, naming both', () => {
      const one = write('one.json', JSON.stringify({ ...sample(), platform: 'acme' }));
      const two = write('two.json', JSON.stringify({ ...sample(), platform: 'acme' }));
      expect(() => loadDeclarativeFiles([one, two], SAMPLE_ENV)).toThrow(
        `Invalid declarative provider ${two} (1 mistake):\n  - platform: acme is also declared in ${one}`,
      );
    });

    it("refuses a file taking a platform the repository binds, naming the repository's source", () => {
      const mine = write('mine.json', JSON.stringify(sample()));
      expect(() => loadDeclarativeFiles([mine], SAMPLE_ENV)).toThrow(
        `Invalid declarative provider ${mine} (1 mistake):\n  - platform: sample-crm-json is also bound by src/providers/sample-crm/sample-crm.json`,
      );
    });
  });
});

function catchError(work: () => unknown): DeclarativeProviderError {
  try {
    work();
  } catch (error) {
    if (error instanceof DeclarativeProviderError) return error;
    throw error;
  }
  throw new Error('expected a DeclarativeProviderError');
}
