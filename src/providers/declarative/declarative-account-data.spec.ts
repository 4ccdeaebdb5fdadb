import { startSampleCrm, type RunningSampleCrm } from '../../../examples/sample-crm/sample-crm.js';
import { staticCredentials } from '../../auth/static-credentials.js';
import { standaloneCrmCallPolicy } from '../../crm/crm-call-policy.js';
import type { CrmContext } from '../../crm/crm-context.js';
import { CrmHttpClient } from '../../crm/crm-http-client.js';
import sampleCrmJson from '../sample-crm/sample-crm.json' with { type: 'json' };
import { checkDefinition, resolveDefinition } from './declarative-loader.js';
import { DeclarativeProvider } from './declarative.provider.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a file being broken on purpose
type Json = any;

/** The sample CRM's file, signed into with its API key instead of OAuth. */
const sample = (): Json => ({
  ...structuredClone(sampleCrmJson),
  auth: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
  urlIdentifier: 'localhost:3100/*',
});

describe('account data in a declarative provider file', () => {
  it('the sample CRM file declares activityTypes and users', () => {
    expect(checkDefinition(sample())).toEqual([]);
    expect(Object.keys(sample().accountData.keys)).toEqual(['activityTypes', 'users']);
  });

  it.each<[string, (file: Json) => void, string]>([
    [
      'a write',
      (f) => (f.accountData.keys.users.request.method = 'POST'),
      'accountData.keys.users.request.method: must be "GET": account data is only read',
    ],
    [
      'a body',
      (f) => (f.accountData.keys.users.request.body = { all: true }),
      'accountData.keys.users.request.body: cannot be sent with GET',
    ],
    [
      'a template outside its context',
      (f) => (f.accountData.keys.users.request.path = '/api/users/{{logId}}'),
      'accountData.keys.users.request.path: {{logId}}: there is no logId (known: hostname, env, user)',
    ],
    [
      'a bad key name',
      (f) => (f.accountData.keys['1 users'] = f.accountData.keys.users),
      'accountData.keys."1 users": is not a valid name: must be a letter then letters, digits, _ or - (at most 63)',
    ],
    ['no keys', (f) => (f.accountData.keys = {}), 'accountData.keys: must not be empty'],
    [
      'an option without a title',
      (f) => delete f.accountData.keys.users.response.option.title,
      'accountData.keys.users.response.option.title: is required',
    ],
    [
      'a bad option path',
      (f) => (f.accountData.keys.users.response.option.const = 'data..id'),
      'accountData.keys.users.response.option.const: must be $, a dotted path such as data.id, or a template such as {{first}} {{last}}',
    ],
    [
      'a phone pick',
      (f) =>
        (f.accountData.keys.users.response.option.const = {
          from: 'phones',
          matchesPhone: 'number',
          value: 'id',
        }),
      'accountData.keys.users.response.option.const: matchesPhone only applies to findContactsByPhone',
    ],
    [
      'a zero TTL',
      (f) => (f.accountData.ttlSeconds = 0),
      'accountData.ttlSeconds: must be at least 1',
    ],
    [
      'an unknown sharing',
      (f) => (f.accountData.sharedBy = 'account'),
      'accountData.sharedBy: must be one of "hostname", "user"',
    ],
  ])('reports %s as one line', (_what, mutate, line) => {
    const file = sample();
    mutate(file);
    expect(checkDefinition(file).map((p) => `${p.at}: ${p.message}`)).toEqual([line]);
  });
});

describe('DeclarativeProvider.loadAccountData against the sample CRM', () => {
  let crm: RunningSampleCrm;

  beforeAll(async () => {
    crm = await startSampleCrm();
  });
  afterAll(() => crm.close());

  const providerFor = (file: Json) =>
    new DeclarativeProvider(resolveDefinition(file, 'test.json', { SAMPLE_CRM_URL: crm.url }));
  const contextFor = (provider: DeclarativeProvider): CrmContext => ({
    platform: provider.platform,
    hostname: '',
    http: new CrmHttpClient({
      baseUrl: provider.apiBaseUrl(''),
      crmName: provider.displayName,
      placement: { in: 'header', name: 'X-API-Key' },
      credentials: staticCredentials({ apiKey: 'sample-key-alice' }),
      policy: standaloneCrmCallPolicy({ attemptTimeoutMs: 5000, maxAttempts: 1 }),
      budgetMs: 5000,
    }),
  });

  it('declares the keys and loads each as {const, title} options', async () => {
    const provider = providerFor(sample());
    expect(provider.accountData).toEqual({ keys: ['activityTypes', 'users'] });
    const ctx = contextFor(provider);
    expect(await provider.loadAccountData!(ctx, 'activityTypes')).toEqual([
      { const: 'call', title: 'Call' },
      { const: 'sms', title: 'SMS' },
      { const: 'fax', title: 'Fax' },
      { const: 'voicemail', title: 'Voicemail' },
    ]);
    expect(await provider.loadAccountData!(ctx, 'users')).toEqual(
      expect.arrayContaining([{ const: expect.any(String), title: 'Alice Example' }]),
    );
  });

  it('passes ttlSeconds and sharedBy on; without accountData it declares none', () => {
    const file = sample();
    Object.assign(file.accountData, { ttlSeconds: 60, sharedBy: 'user' });
    expect(providerFor(file).accountData).toEqual({
      keys: ['activityTypes', 'users'],
      ttlSeconds: 60,
      sharedBy: 'user',
    });
    delete file.accountData;
    const lean = providerFor(file);
    expect([lean.accountData, lean.loadAccountData]).toEqual([undefined, undefined]);
  });

  it('a record without the const is a shape error naming the mapping', async () => {
    const file = sample();
    file.accountData.keys.users.response.option.const = 'login';
    const provider = providerFor(file);
    await expect(provider.loadAccountData!(contextFor(provider), 'users')).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('loadAccountData: the answer has no value at login'),
    });
  });

  it('an undeclared key is refused without a CRM call', async () => {
    const provider = providerFor(sample());
    crm.store.resetStats();
    await expect(provider.loadAccountData!(contextFor(provider), 'toString')).rejects.toMatchObject(
      { code: 'INVALID_INPUT' },
    );
    expect(crm.store.stats()).toEqual({});
  });
});
