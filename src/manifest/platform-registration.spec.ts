import { startSampleCrm, type RunningSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import type { AppConfig } from '../config/app.config.js';
import { EMBEDDABLE_REDIRECT_URI } from '../config/oauth.config.js';
import { sampleCrmConfig } from '../config/sample-crm.config.js';
import type { CrmProvider } from '../crm/crm-provider.js';
import { CrmRegistry } from '../crm/crm-registry.service.js';
import { SampleCrmApiKeyProvider } from '../providers/sample-crm/sample-crm-api-key.provider.js';
import { sampleCrmJsonProvider } from '../providers/sample-crm/sample-crm-json.binding.js';
import type { SampleCrmEndpoint } from '../providers/sample-crm/sample-crm-endpoint.js';
import { SampleCrmProvider } from '../providers/sample-crm/sample-crm.provider.js';
import { ManifestService } from './manifest.service.js';
import { clientUrlPattern, manifestProblems, urlIdentifierOf } from './platform-registration.js';

const APP = { publicUrl: 'http://localhost:3000' } as AppConfig;

/** The sample CRM's three bindings, as ProvidersModule binds them. */
function sampleProviders(baseUrl: string, env: Record<string, string> = {}): CrmProvider[] {
  const server = { baseUrl } as SampleCrmEndpoint;
  const config = sampleCrmConfig.read(env);
  return [
    new SampleCrmProvider(server, config),
    new SampleCrmApiKeyProvider(server, config),
    sampleCrmJsonProvider(server, config),
  ];
}

function platformsOf(providers: CrmProvider[]): Record<string, Record<string, unknown>> {
  return new ManifestService(new CrmRegistry(providers), APP).platforms();
}

describe('platform registration, the way the client does it', () => {
  let crm: RunningSampleCrm;
  beforeAll(async () => {
    crm = await startSampleCrm();
  });
  afterAll(() => crm.close());

  /** The sample CRM's login page: where its OAuth authorize URL sends the browser. */
  async function loginPageUrl(): Promise<string> {
    const authorize = new URL(`${crm.url}/oauth/auth`);
    authorize.search = new URLSearchParams({
      client_id: 'crm-bridge',
      redirect_uri: EMBEDDABLE_REDIRECT_URI,
      response_type: 'code',
      scope: 'openid',
      state: 'registration-test',
    }).toString();
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const login = new URL(redirect.headers.get('location')!, authorize).href;
    const page = await fetch(login, {
      headers: {
        cookie: redirect.headers
          .getSetCookie()
          .map((c) => c.split(';')[0])
          .join('; '),
      },
    });
    expect(await page.text()).toContain('name="password"');
    return login;
  }

  it("recognises the sample CRM's pages for every bound platform, and nothing else", async () => {
    const login = await loginPageUrl();
    const platforms = platformsOf(sampleProviders(crm.url));
    expect(Object.keys(platforms)).toEqual(['sample-crm', 'sample-crm-apikey', 'sample-crm-json']);
    for (const [platform, profile] of Object.entries(platforms)) {
      expect([platform, profile.urlIdentifier]).toEqual([platform, `127.0.0.1:${crm.port}/*`]);
      const pattern = clientUrlPattern(profile.urlIdentifier as string);
      expect([platform, pattern.test(login)]).toEqual([platform, true]);
      expect(pattern.test(`${crm.url}/api/contacts?phone=1`)).toBe(true);
      for (const unrelated of [
        'https://www.example.com/',
        'http://localhost:3000/crmManifest',
        `http://127.0.0.1:${crm.port + 1}/oauth/auth`,
      ]) {
        expect([platform, unrelated, pattern.test(unrelated)]).toEqual([
          platform,
          unrelated,
          false,
        ]);
      }
    }
  });

  it('follows the address browsers know the CRM by (SAMPLE_CRM_PUBLIC_URL)', () => {
    const providers = sampleProviders('http://sample-crm:3100', {
      SAMPLE_CRM_PUBLIC_URL: 'http://localhost:3100',
    });
    for (const profile of Object.values(platformsOf(providers))) {
      expect(profile.urlIdentifier).toBe('localhost:3100/*');
      expect(clientUrlPattern('localhost:3100/*').test('http://localhost:3100/oauth/x')).toBe(true);
    }
  });
});

describe('urlIdentifierOf', () => {
  const provider = (fields: Partial<CrmProvider>) =>
    ({ apiBaseUrl: () => 'https://api.acme.example/v2', ...fields }) as CrmProvider;

  it('takes the declared one, the seam field before manifest.urlIdentifier', () => {
    expect(urlIdentifierOf(provider({ urlIdentifier: '*.acme.example/*' }))).toEqual({
      value: '*.acme.example/*',
      derived: false,
    });
    expect(
      urlIdentifierOf(provider({ manifest: { urlIdentifier: 'app.acme.example/*' } })),
    ).toEqual({ value: 'app.acme.example/*', derived: false });
  });

  it("derives one from the CRM's base URL host, or its first allowed host when per tenant", () => {
    expect(urlIdentifierOf(provider({}))).toEqual({ value: 'api.acme.example/*', derived: true });
    const perTenant = provider({
      apiBaseUrl: (hostname) => `https://${hostname}/api`,
      manifest: { environment: { type: 'dynamic' } },
      allowedHosts: ['*.acme.example'],
    });
    expect(urlIdentifierOf(perTenant)).toEqual({ value: '*.acme.example/*', derived: true });
    expect(urlIdentifierOf(provider({ apiBaseUrl: () => '' }))).toEqual({
      value: undefined,
      derived: true,
    });
  });

  it('matches a tenant page when derived from a wildcard host', () => {
    const pattern = clientUrlPattern('*.acme.example/*');
    expect(pattern.test('https://globex.acme.example/contacts/7')).toBe(true);
    expect(pattern.test('https://www.example.com/')).toBe(false);
  });
});

describe('manifestProblems', () => {
  const good = {
    acme: {
      name: 'acme',
      urlIdentifier: '*.acme.example/*',
      auth: { type: 'apiKey', apiKey: { page: { content: [{ const: 'apiKey' }] } } },
    },
    globex: {
      name: 'globex',
      urlIdentifier: 'app.globex.example/*',
      auth: { type: 'oauth', oauth: { authUrl: 'https://bridge.example/oauth-start/globex' } },
    },
  };

  it('accepts a manifest the client can register and sign in with', () => {
    expect(manifestProblems(good)).toEqual([]);
    expect(manifestProblems(platformsOf(sampleProviders('http://127.0.0.1:3100')))).toEqual([]);
  });

  it.each([
    [
      'a name other than its key',
      { name: 'Acme' },
      'platform acme: name must equal its key "acme"',
    ],
    [
      'no urlIdentifier',
      { urlIdentifier: undefined },
      'platform acme: urlIdentifier is missing (declare the CRM pages the client recognises)',
    ],
    ['an empty urlIdentifier', { urlIdentifier: ' ' }, 'platform acme: urlIdentifier is missing'],
    [
      'an urlIdentifier that is no pattern',
      { urlIdentifier: 'acme.example/(*' },
      'platform acme: urlIdentifier is not a valid pattern once its first * becomes .*',
    ],
    ['no auth type', { auth: {} }, 'platform acme: auth.type must be "oauth" or "apiKey"'],
    [
      'an unknown auth type',
      { auth: { type: 'saml' } },
      'platform acme: auth.type must be "oauth" or "apiKey"',
    ],
    [
      'an API-key form without the apiKey field',
      { auth: { type: 'apiKey', apiKey: { page: { content: [{ const: 'token' }] } } } },
      'platform acme: auth.apiKey.page.content needs a field with const "apiKey"',
    ],
    [
      'an API-key auth without a form',
      { auth: { type: 'apiKey' } },
      'platform acme: auth.apiKey.page.content needs a field with const "apiKey"',
    ],
    [
      'an OAuth authUrl with a query',
      { auth: { type: 'oauth', oauth: { authUrl: 'https://bridge.example/start?x=1' } } },
      'platform acme: auth.oauth.authUrl must not contain "?" (the client appends the query)',
    ],
    [
      'an OAuth auth without authUrl',
      { auth: { type: 'oauth', oauth: {} } },
      'platform acme: auth.oauth.authUrl is missing',
    ],
  ])('reports %s in one line naming the platform', (_what, change, line) => {
    const problems = manifestProblems({ ...good, acme: { ...good.acme, ...change } });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(line);
  });

  it('lists every mistake of every platform', () => {
    expect(
      manifestProblems({
        acme: { name: 'acme', auth: { type: 'apiKey' } },
        globex: { ...good.globex, name: 'Globex' },
      }),
    ).toEqual([
      'platform acme: urlIdentifier is missing (declare the CRM pages the client recognises)',
      'platform acme: auth.apiKey.page.content needs a field with const "apiKey"',
      'platform globex: name must equal its key "globex"',
    ]);
  });
});
