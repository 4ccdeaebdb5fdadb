import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { standaloneCrmCallPolicy } from '../../crm/crm-call-policy.js';
import type { AddressInfo } from 'node:net';
import { startSampleCrm, type RunningSampleCrm } from '../../../examples/sample-crm/sample-crm.js';
import { staticCredentials } from '../../auth/static-credentials.js';
import { CrmError } from '../../crm/crm-error.js';
import { CrmHttpClient } from '../../crm/crm-http-client.js';
import type { CrmContext, CrmUserRef } from '../../crm/crm-context.js';
import { parsePhoneQuery } from '../../crm/phone/index.js';
import sampleCrmJson from '../sample-crm/sample-crm.json' with { type: 'json' };
import { resolveDefinition } from './declarative-loader.js';
import { DeclarativeProvider } from './declarative.provider.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- file variants built per test
type Json = any;

const ALICE: CrmUserRef = {
  id: 'user-1',
  platform: 'sample-crm-json',
  hostname: '',
  crmUserId: 'u_alice',
  name: 'Alice Example',
  timezone: 'America/Los_Angeles',
};

/** The sample CRM's file, signed into with its API key instead of OAuth. */
function apiKeyFile(overrides: Json = {}): Json {
  return {
    ...structuredClone(sampleCrmJson),
    auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
    urlIdentifier: 'localhost:3100/*',
    ...overrides,
  };
}

function providerFor(file: Json, env: Record<string, string>): DeclarativeProvider {
  return new DeclarativeProvider(resolveDefinition(file, 'test.json', env));
}

function contextFor(provider: DeclarativeProvider, apiKey: string, hostname = ''): CrmContext {
  const placement = provider.auth.type === 'apiKey' ? provider.auth.placement : { in: 'bearer' };
  return {
    platform: provider.platform,
    hostname,
    user: ALICE,
    http: new CrmHttpClient({
      baseUrl: provider.apiBaseUrl(hostname),
      crmName: provider.displayName,
      placement: placement as ConstructorParameters<typeof CrmHttpClient>[0]['placement'],
      credentials: staticCredentials({ apiKey }),
      policy: standaloneCrmCallPolicy({ attemptTimeoutMs: 5000, maxAttempts: 1 }),
      budgetMs: 5000,
    }),
  };
}

describe('DeclarativeProvider against the sample CRM', () => {
  let crm: RunningSampleCrm;
  let provider: DeclarativeProvider;
  let ctx: CrmContext;

  beforeAll(async () => {
    crm = await startSampleCrm();
    provider = providerFor(apiKeyFile(), { SAMPLE_CRM_URL: crm.url });
    ctx = contextFor(provider, 'sample-key-alice');
  });
  afterAll(() => crm.close());
  beforeEach(() => crm.store.resetStats());

  it('declares what the file says, and only the optional operations it declares', () => {
    expect(provider).toMatchObject({
      platform: 'sample-crm-json',
      displayName: 'Sample CRM (JSON)',
      logFormat: 'text/plain',
      contactTypes: [
        { display: 'Person', value: 'Person' },
        { display: 'Company', value: 'Company' },
      ],
    });
    expect(provider.logFormFields?.callLog?.map((f) => f.const)).toEqual(['outcome']);
    for (const optional of ['createContact', 'findContactsByName', 'upsertCallDisposition']) {
      expect(typeof provider[optional as keyof DeclarativeProvider]).toBe('function');
    }
    expect(provider.logout).toBeUndefined();
    const file = apiKeyFile();
    delete file.operations.createContact;
    delete file.operations.findContactsByName;
    const lean = providerFor(file, { SAMPLE_CRM_URL: crm.url });
    expect(lean.createContact).toBeUndefined();
    expect(lean.findContactsByName).toBeUndefined();
  });

  it('reads the user, and a refused key is the CRM refusing', async () => {
    await expect(provider.getUserInfo(ctx)).resolves.toEqual({
      id: 'u_alice',
      name: 'Alice Example',
      timezone: 'America/Los_Angeles',
    });
    const refused = provider.getUserInfo(contextFor(provider, 'wrong'));
    await expect(refused).rejects.toMatchObject({ code: 'AUTH_EXPIRED' });
  });

  it('finds a number stored in another format by trying the declared variants', async () => {
    const found = await provider.findContactsByPhone(ctx, parsePhoneQuery('+14155550100'));
    expect(found).toEqual([
      expect.objectContaining({ id: '101', name: 'Jane Doe', type: 'Person', additionalInfo: {} }),
    ]);
    expect(found[0].phone).toBe('(415) 555-0100');
  });

  it('stops at the first hit and limits the variants when the file says so', async () => {
    const file = apiKeyFile();
    Object.assign(file.operations.findContactsByPhone, {
      variants: ['e164', 'national', 'digits'],
      stop: 'first-hit',
    });
    const strict = providerFor(file, { SAMPLE_CRM_URL: crm.url });
    const found = await strict.findContactsByPhone(ctx, parsePhoneQuery('+14155550100'));
    expect(found.map((c) => c.name)).toEqual(['Jane Doe']);
    // e164 found nothing, national found Jane: digits was never tried.
    expect(crm.store.stats()['GET /api/contacts']).toBe(2);
  });

  it('creates a contact and a call log with the file’s body, idempotency key and form fields', async () => {
    const contact = await provider.createContact!(ctx, {
      phoneNumber: '+13125550188',
      name: 'Declared Person',
      additionalSubmission: {},
    });
    expect(contact).toMatchObject({ name: 'Declared Person', type: 'Person' });
    const call = {
      contactId: contact.id,
      subject: 'S'.repeat(300),
      body: 'the body',
      sessionId: 'declarative-session-1',
      direction: 'Inbound' as const,
      startTime: new Date('2024-05-01T15:04:05Z'),
      durationSeconds: 63,
      additionalSubmission: { outcome: 'resolved', notAField: 'x' },
      dispositions: { outcome: 'resolved' },
      idempotencyKey: 'declarative-key-1',
    };
    const first = await provider.createCallLog(ctx, call);
    const again = await provider.createCallLog(ctx, call);
    expect(again.logId).toBe(first.logId);
    const stored = crm.store.activities.filter((a) => a.externalId === 'declarative-session-1');
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      type: 'call',
      contactId: Number(contact.id),
      subject: 'S'.repeat(255),
      body: 'the body',
      occurredAt: '2024-05-01T15:04:05.000Z',
      fields: { outcome: 'resolved' },
    });
    await provider.upsertCallDisposition!(ctx, first.logId, { outcome: 'follow-up' });
    await provider.updateCallLog(ctx, first.logId, { body: 'new body' });
    await expect(provider.getCallLog(ctx, first.logId)).resolves.toEqual({
      id: first.logId,
      startTime: expect.any(Date),
      subject: 'S'.repeat(255),
      body: 'new body',
      contactId: contact.id,
      dispositions: { outcome: 'follow-up' },
    });
  });

  it('reports a missing activity as the CRM’s NOT_FOUND', async () => {
    await expect(provider.getMessageLog(ctx, '987654')).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});

describe('DeclarativeProvider: requests and answers', () => {
  let server: Server;
  let url: string;
  let answer: unknown;
  const seen: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(answer));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  /** A file for a CRM with nested answers, per-request headers and a composed contact name. */
  function acmeFile(): Json {
    const file = apiKeyFile({
      platform: 'acme',
      displayName: 'Acme CRM',
      baseUrl: '{{env.ACME_URL}}/v2/',
      headers: { 'X-Org': '{{env.ACME_ORG}}', 'X-Host': '{{hostname}}' },
      auth: { type: 'bearer' },
      contactFields: {
        id: 'contactId',
        name: '{{first}} {{last}}',
        email: 'emails.0',
        company: 'org.name',
      },
    });
    file.operations.findContactsByName = {
      request: {
        method: 'GET',
        path: '/people/search/{{name}}',
        query: { fields: ['id', 'name'], owner: '{{user.crmUserId}}' },
        headers: { 'X-Trace': '{{user.timezone}}' },
      },
      response: { list: 'result.items' },
    };
    return file;
  }

  it('fills in path, query, headers and the common headers, and maps nested answers', async () => {
    const file = acmeFile();
    file.operations.findContactsByName.request.query = {
      fields: ['id', 'name'],
      owner: '{{user.crmUserId}}',
    };
    const acme = providerFor(file, { ACME_URL: url, ACME_ORG: 'org-7' });
    answer = {
      result: {
        items: [
          { contactId: 7, first: 'Ada', last: 'Lovelace', emails: ['ada@x.test'], org: {} },
          { contactId: 'c8', first: 'Grace', org: { name: 'Navy' } },
        ],
      },
    };
    const found = await acme.findContactsByName!(contextFor(acme, 'token-1'), 'a/b c');
    expect(seen[0].method).toBe('GET');
    expect(seen[0].url).toBe('/v2/people/search/a%2Fb%20c?fields=id&fields=name&owner=u_alice');
    expect(seen[0].headers).toMatchObject({
      authorization: 'Bearer token-1',
      'x-org': 'org-7',
      'x-trace': 'America/Los_Angeles',
    });
    // An empty hostname leaves the header out rather than sending it empty.
    expect(seen[0].headers['x-host']).toBeUndefined();
    expect(found).toEqual([
      expect.objectContaining({ id: '7', name: 'Ada Lovelace', email: 'ada@x.test' }),
      expect.objectContaining({ id: 'c8', name: 'Grace', company: 'Navy', email: undefined }),
    ]);
  });

  it('answers an absent list with no contacts, and a wrong shape without showing the answer', async () => {
    const acme = providerFor(acmeFile(), { ACME_URL: url, ACME_ORG: 'o' });
    const ctx = contextFor(acme, 't');
    answer = { result: {} };
    await expect(acme.findContactsByName!(ctx, 'x')).resolves.toEqual([]);
    answer = { result: { items: { secret: 'payload' } } };
    const notList = await acme.findContactsByName!(ctx, 'x').catch((error: unknown) => error);
    expect(notList).toBeInstanceOf(CrmError);
    expect(notList).toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Acme CRM findContactsByName: the answer has no list at result.items',
    });
    answer = { result: { items: [{ first: 'No id', secret: 'payload' }] } };
    await expect(acme.findContactsByName!(ctx, 'x')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: 'Acme CRM findContactsByName: the answer has no value at contactId',
    });
  });

  it('sends JSON bodies with their types kept and absent values left out', async () => {
    const file = acmeFile();
    file.operations.createMessageLog.request.body = {
      kind: '{{message.kind}}',
      at: '{{message.occurredAtMs}}',
      contact: { id: '{{message.contactId | number}}', type: '{{message.contactType}}' },
      tags: ['sms', '{{message.contactName}}'],
      text: 'Day {{message.conversationLogId}}: {{message.subject | truncate:5}}',
    };
    const acme = providerFor(file, { ACME_URL: url, ACME_ORG: 'o' });
    answer = { id: 555 };
    const created = await acme.createMessageLog(contextFor(acme, 't'), {
      contactId: '42',
      kind: 'sms',
      subject: 'SMS conversation',
      body: 'b',
      conversationId: 'c1',
      conversationLogId: 'c1-2024-05-01',
      occurredAt: new Date(1714575845000),
      additionalSubmission: {},
      idempotencyKey: 'k-1',
    });
    expect(created).toEqual({ logId: '555' });
    expect(seen[0].headers['idempotency-key']).toBe('k-1');
    expect(JSON.parse(seen[0].body)).toEqual({
      kind: 'sms',
      at: 1714575845000,
      contact: { id: 42 },
      tags: ['sms'],
      text: 'Day c1-2024-05-01: SMS c',
    });
  });

  describe('a base URL per customer host', () => {
    const perHost = (allowedHostnames: string[]) =>
      providerFor(
        { ...acmeFile(), baseUrl: 'https://{{hostname}}/api', allowedHostnames },
        { ACME_ORG: 'o' },
      );

    it('points at an allowed host', () => {
      const acme = perHost(['*.acme.example', 'crm.partner.example']);
      expect(acme.apiBaseUrl('Tenant-1.acme.example')).toBe('https://tenant-1.acme.example/api');
      expect(acme.apiBaseUrl('crm.partner.example')).toBe('https://crm.partner.example/api');
    });

    it.each([
      '',
      'acme.example',
      'evil.example',
      'evil.example/x.acme.example',
      'x.acme.example@evil.example',
      'evil.example#.acme.example',
      'x.acme.example:8443',
      'partner.example',
    ])('refuses %j with a message the user can read', (hostname) => {
      const acme = perHost(['*.acme.example', 'crm.partner.example']);
      let error: unknown;
      try {
        acme.apiBaseUrl(hostname);
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(CrmError);
      expect(error).toMatchObject({
        code: 'INVALID_INPUT',
        safeMessage: `${hostname || 'An empty hostname'} is not a known Acme CRM address.`,
      });
    });
  });
});
