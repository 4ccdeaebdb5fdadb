#!/usr/bin/env node
// Scaffolds a CRM provider class: npm run new:provider -- <name> [--auth apiKey|oauth]
//   [--display-name "Acme CRM"] [--root <repository folder>]
// Writes the provider, its spec, its config namespace, a provider-kit env file and a docs page,
// binds it in src/providers/providers.module.ts and registers its config. docs/providers.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';

const usage =
  'usage: npm run new:provider -- <name> [--auth apiKey|oauth] [--display-name "Acme CRM"] [--root <dir>]';

function fail(message) {
  console.error(`new:provider: ${message}\n${usage}`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      auth: { type: 'string', default: 'apiKey' },
      'display-name': { type: 'string' },
      root: { type: 'string', default: '.' },
      help: { type: 'boolean', short: 'h' },
    },
  });
} catch (error) {
  fail(error.message);
}
const { values, positionals } = parsed;
if (values.help) {
  console.log(usage);
  process.exit(0);
}
if (positionals.length !== 1) fail('give exactly one provider name');
const name = positionals[0];
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name) || name.length > 50) {
  fail(`${name} is not a platform name: lowercase letters and digits, words joined by dashes`);
}
if (!['apiKey', 'oauth'].includes(values.auth)) fail('--auth must be apiKey or oauth');
const auth = values.auth;
const root = path.resolve(values.root);

const words = name.split('-');
const pascal = words.map((w) => w[0].toUpperCase() + w.slice(1)).join('');
const camel = pascal[0].toLowerCase() + pascal.slice(1);
const envPrefix = words.join('_').toUpperCase();
const displayName =
  values['display-name']?.trim() || words.map((w) => w[0].toUpperCase() + w.slice(1)).join(' ');
if (/['`\\]/.test(displayName)) fail('--display-name must not contain quotes or backslashes');

const files = {
  provider: `src/providers/${name}/${name}.provider.ts`,
  spec: `src/providers/${name}/${name}.provider.spec.ts`,
  config: `src/config/${name}.config.ts`,
  kitEnv: `test/provider-kit/${name}.env.example`,
  docs: `docs/providers/${name}.md`,
};
const edited = {
  module: 'src/providers/providers.module.ts',
  configModule: 'src/config/config.module.ts',
};

for (const file of Object.values(edited)) {
  if (!fs.existsSync(path.join(root, file))) fail(`${file} not found under ${root}`);
}
if (isTaken()) fail(`a provider named ${name} already exists`);
for (const file of Object.values(files)) {
  if (fs.existsSync(path.join(root, file))) fail(`${file} already exists`);
}
const moduleText = read(edited.module);

write(files.config, configSource());
write(files.provider, providerSource());
write(files.spec, specSource());
write(files.kitEnv, kitEnvSource());
write(files.docs, docsSource());
bind();
await formatAll();

console.log(
  `Scaffolded ${displayName} (platform ${name}, ${auth === 'oauth' ? 'OAuth 2.0' : 'API key'}):`,
);
for (const file of [...Object.values(files), ...Object.values(edited)]) console.log(`  ${file}`);
console.log(`Next: change the API paths and fields in ${files.provider} and its spec to your CRM's,
then point it at a sandbox: cp ${files.kitEnv} ${name}.env, fill it in, and run
  npm run provider-kit -- --platform ${name} --env-file ${name}.env
Until ${envPrefix}_URL is set, the provider stays unbound (docs/providers/${name}.md).`);

function read(file) {
  return fs.readFileSync(path.join(root, file), 'utf8');
}

function write(file, text) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), text);
}

/** A provider folder of that name, or a class or JSON file declaring that platform, exists. */
function isTaken() {
  const providers = path.join(root, 'src/providers');
  if (name === 'declarative' || fs.existsSync(path.join(providers, name))) return true;
  const declares = new RegExp(`platform = '${name}'|"platform":\\s*"${name}"`);
  const walk = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).some((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return /\.(ts|json)$/.test(entry.name) && declares.test(fs.readFileSync(full, 'utf8'));
    });
  return walk(providers);
}

function bind() {
  let module = moduleText;
  const arrayPattern = /const PROVIDER_CLASSES = \[([^\]]*)\];/;
  const match = module.match(arrayPattern);
  if (!match) fail(`${edited.module} has no "const PROVIDER_CLASSES = [...]" to bind the class in`);
  const classes = match[1].trim().replace(/,\s*$/, '');
  module = module.replace(
    arrayPattern,
    `const PROVIDER_CLASSES = [${classes}, ${pascal}Provider];`,
  );
  module = addImport(module, `import { ${pascal}Provider } from './${name}/${name}.provider.js';`);
  write(edited.module, module);

  let configModule = read(edited.configModule);
  const definitions = /export const CONFIG_DEFINITIONS = \[([^\]]*)\];/;
  const found = configModule.match(definitions);
  if (!found) fail(`${edited.configModule} has no "export const CONFIG_DEFINITIONS = [...]"`);
  const list = found[1].trim().replace(/,\s*$/, '');
  configModule = configModule.replace(
    definitions,
    `export const CONFIG_DEFINITIONS = [${list}, ${camel}Config];`,
  );
  configModule = addImport(configModule, `import { ${camel}Config } from './${name}.config.js';`);
  write(edited.configModule, configModule);
}

/** Inserts an import after the file's last import statement. */
function addImport(text, line) {
  const imports = [...text.matchAll(/^import [\s\S]*?from '[^']+';$/gm)];
  if (imports.length === 0) return `${line}\n${text}`;
  const last = imports.at(-1);
  const at = last.index + last[0].length;
  return `${text.slice(0, at)}\n${line}${text.slice(at)}`;
}

async function formatAll() {
  for (const file of [...Object.values(files), ...Object.values(edited)]) {
    if (file.endsWith('.example')) continue;
    const target = path.join(root, file);
    const options = (await prettier.resolveConfig(target)) ?? {};
    const text = fs.readFileSync(target, 'utf8');
    fs.writeFileSync(target, await prettier.format(text, { ...options, filepath: target }));
  }
}

function configSource() {
  const oauthFields =
    auth === 'oauth'
      ? `
  /** crm-bridge's OAuth client at ${displayName} (required once ${envPrefix}_URL is set). */
  @ValidateIf((config: ${pascal}Config) => config.url !== undefined)
  @IsNotEmpty({ message: '${envPrefix}_CLIENT_ID must be set with ${envPrefix}_URL' })
  clientId?: string;

  @ValidateIf((config: ${pascal}Config) => config.url !== undefined)
  @IsNotEmpty({ message: '${envPrefix}_CLIENT_SECRET must be set with ${envPrefix}_URL' })
  clientSecret?: string;
`
      : '';
  const oauthRead =
    auth === 'oauth'
      ? `
  clientId: env.${envPrefix}_CLIENT_ID?.trim() || undefined,
  clientSecret: env.${envPrefix}_CLIENT_SECRET?.trim() || undefined,`
      : '';
  const imports =
    auth === 'oauth' ? 'IsNotEmpty, IsOptional, IsUrl, ValidateIf' : 'IsOptional, IsUrl';
  return `import { ${imports} } from 'class-validator';
import { defineConfig } from './define-config.js';

/** ${displayName} (src/providers/${name}): bound only once ${envPrefix}_URL is set. */
export class ${pascal}Config {
  /** ${displayName}'s API base URL, e.g. https://api.${name}.example/v1. */
  @IsOptional()
  @IsUrl(
    { require_tld: false, require_protocol: true, protocols: ['http', 'https'] },
    { message: '${envPrefix}_URL must be an http(s) URL' },
  )
  url?: string;
${oauthFields}}

export const ${camel}Config = defineConfig('${camel}', ${pascal}Config, (env) => ({
  url: env.${envPrefix}_URL?.trim().replace(/\\/+$/, '') || undefined,${oauthRead}
}));
`;
}

function providerSource() {
  const authType = auth === 'oauth' ? 'OAuthAuth' : 'ApiKeyAuth';
  const authBlock =
    auth === 'oauth'
      ? `
  /** OAuth 2.0 authorization code with PKCE; the core exchanges, refreshes and revokes. */
  get auth(): OAuthAuth {
    const base = this.config.url ?? '';
    return {
      type: 'oauth',
      oauth: {
        authorizationUrl: \`\${base}/oauth/auth\`,
        tokenUrl: \`\${base}/oauth/token\`,
        revocationUrl: \`\${base}/oauth/token/revocation\`,
        scopes: ['openid', 'offline_access', 'contacts', 'activities'],
        pkce: true,
        clientId: this.config.clientId ?? '',
        clientSecret: this.config.clientSecret ?? '',
      },
    };
  }
`
      : `
  /** An API key, sent in a header on every request by the core's HTTP client. */
  readonly auth: ApiKeyAuth = {
    type: 'apiKey',
    placement: { in: 'header', name: 'X-API-Key' },
    page: {
      title: '${displayName}',
      content: [{ const: 'apiKey', title: 'API key', type: 'string', required: true }],
    },
  };
`;
  return `import { Inject, Injectable } from '@nestjs/common';
import { ${camel}Config, type ${pascal}Config } from '../../config/${name}.config.js';
import type {
  ${authType},
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmContact,
  CrmContext,
  CrmMessageLog,
  CrmProvider,
  CrmUserInfo,
  MessageLogUpdate,
  MessageLogWrite,
  NewContact,
} from '../../crm/crm-provider.interface.js';
import { searchPhoneVariants, type PhoneQuery } from '../../crm/phone/index.js';

/** A contact as ${displayName} returns it. */
interface ${pascal}Contact {
  id: string | number;
  name: string;
  phone?: string;
  type?: string;
  company?: string;
  email?: string;
}

/** A call or message activity as ${displayName} returns it. */
interface ${pascal}Activity {
  id: string | number;
  contactId?: string | number;
  subject: string;
  body: string;
  /** ISO 8601; the kit reads it back to check the time was stored to the second. */
  occurredAt: string;
}

/**
 * ${displayName} (platform \`${name}\`), scaffolded by \`npm run new:provider\`. The paths and fields
 * below are the sample CRM's (examples/sample-crm): change them to ${displayName}'s API, then check
 * the provider against a sandbox with the provider kit (docs/providers/${name}.md).
 */
@Injectable()
export class ${pascal}Provider implements CrmProvider {
  readonly platform = '${name}';
  readonly displayName = '${displayName}';
  readonly logFormat = 'text/plain' as const;
${authBlock}
  constructor(@Inject(${camel}Config.KEY) private readonly config: ${pascal}Config) {}

  /**
   * ${displayName}'s web pages as the client recognises them (the first \`*\` is a wildcard): it
   * registers the platform on a tab whose URL matches. Change it when the pages are not on the
   * API's host, e.g. \`*.${name}.example/*\` for one subdomain per customer.
   */
  get urlIdentifier(): string {
    return \`\${this.config.url ? new URL(this.config.url).host : '${name}.example'}/*\`;
  }

  /** Bound only once ${envPrefix}_URL is set. */
  get enabled(): boolean {
    return this.config.url !== undefined;
  }

  apiBaseUrl(): string {
    return this.config.url ?? '';
  }

  async getUserInfo(ctx: CrmContext): Promise<CrmUserInfo> {
    const me = await ctx.http.get<{ id: string | number; name: string; timezone?: string }>(
      '/api/me',
      undefined,
      'getUserInfo',
    );
    return { id: String(me.id), name: me.name, timezone: me.timezone };
  }

  /** Tries every phone format: people type numbers into CRMs in many ways. */
  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> {
    return searchPhoneVariants(
      query,
      async (phone) => {
        const found = await ctx.http.get<{ data: ${pascal}Contact[] }>(
          '/api/contacts',
          { phone },
          'findContactsByPhone',
        );
        return found.data.map(toContact);
      },
      { idOf: (contact) => contact.id, stop: 'all' },
    );
  }

  async findContactsByName(ctx: CrmContext, name: string): Promise<CrmContact[]> {
    const found = await ctx.http.get<{ data: ${pascal}Contact[] }>(
      '/api/contacts',
      { name },
      'findContactsByName',
    );
    return found.data.map(toContact);
  }

  async createContact(ctx: CrmContext, contact: NewContact): Promise<CrmContact> {
    const created = await ctx.http.post<${pascal}Contact>(
      '/api/contacts',
      { name: contact.name, phone: contact.phoneNumber, type: contact.type ?? 'Person' },
      'createContact',
    );
    return toContact(created);
  }

  async createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }> {
    const activity = await ctx.http.post<${pascal}Activity>(
      '/api/activities',
      {
        type: 'call',
        contactId: log.contactId,
        subject: log.subject,
        body: log.body,
        occurredAt: log.startTime.toISOString(),
      },
      'createCallLog',
      // Sent as Idempotency-Key: the CRM can drop a retried create instead of storing it twice,
      // and ctx.http may then retry the create. Remove it if your CRM ignores such keys.
      { idempotencyKey: log.idempotencyKey },
    );
    return { logId: String(activity.id) };
  }

  async getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog> {
    const { occurredAt, ...activity } = await this.activity(ctx, logId, 'getCallLog');
    return { ...activity, startTime: occurredAt, dispositions: {} };
  }

  async updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    await ctx.http.patch(\`/api/activities/\${encodeURIComponent(logId)}\`, update, 'updateCallLog');
  }

  async createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }> {
    const activity = await ctx.http.post<${pascal}Activity>(
      '/api/activities',
      {
        type: log.kind,
        contactId: log.contactId,
        subject: log.subject,
        body: log.body,
        occurredAt: log.occurredAt.toISOString(),
      },
      'createMessageLog',
      { idempotencyKey: log.idempotencyKey },
    );
    return { logId: String(activity.id) };
  }

  getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog> {
    return this.activity(ctx, logId, 'getMessageLog');
  }

  async updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void> {
    await ctx.http.patch(
      \`/api/activities/\${encodeURIComponent(logId)}\`,
      update,
      'updateMessageLog',
    );
  }

  private async activity(ctx: CrmContext, logId: string, operation: string) {
    const activity = await ctx.http.get<${pascal}Activity>(
      \`/api/activities/\${encodeURIComponent(logId)}\`,
      undefined,
      operation,
    );
    return {
      id: String(activity.id),
      subject: activity.subject,
      body: activity.body,
      contactId: activity.contactId === undefined ? undefined : String(activity.contactId),
      occurredAt: new Date(activity.occurredAt),
    };
  }
}

function toContact(contact: ${pascal}Contact): CrmContact {
  return {
    id: String(contact.id),
    name: contact.name,
    type: contact.type,
    phone: contact.phone,
    company: contact.company,
    email: contact.email,
    additionalInfo: {},
  };
}
`;
}

function specSource() {
  const configLiteral =
    auth === 'oauth'
      ? `{ url: baseUrl, clientId: 'client', clientSecret: 'secret' }`
      : `{ url: baseUrl }`;
  const placement = auth === 'oauth' ? `{ in: 'bearer' as const }` : 'provider.auth.placement';
  return `import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standaloneCrmCallPolicy } from '../../crm/crm-call-policy.js';
import { CrmHttpClient } from '../../crm/crm-http-client.js';
import type { CrmContext } from '../../crm/crm-provider.interface.js';
import { parsePhoneQuery } from '../../crm/phone/index.js';
import { ${pascal}Provider } from './${name}.provider.js';

/**
 * ${pascal}Provider against a local HTTP server standing in for ${displayName}: each test says what
 * the CRM answers, and checks what the provider sent and returned. Keep the canned answers in step
 * with ${displayName}'s API; the provider kit checks the real thing (docs/providers/${name}.md).
 */
describe('${pascal}Provider', () => {
  let server: Server;
  let baseUrl: string;
  let provider: ${pascal}Provider;
  let ctx: CrmContext;
  let answer: (req: IncomingMessage) => { status?: number; body: unknown };
  const seen: { method?: string; url?: string; headers: IncomingMessage['headers']; body: string }[] =
    [];

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res: ServerResponse) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        const reply = answer(req);
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(reply.body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = \`http://127.0.0.1:\${(server.address() as AddressInfo).port}\`;
    provider = new ${pascal}Provider(${configLiteral});
    ctx = {
      platform: provider.platform,
      hostname: '',
      http: new CrmHttpClient({
        baseUrl: provider.apiBaseUrl(),
        crmName: provider.displayName,
        placement: ${placement},
        credentials: { current: async () => ({ apiKey: 'test-key', accessToken: 'test-token' }) },
        policy: standaloneCrmCallPolicy({ attemptTimeoutMs: 2000, maxAttempts: 1 }),
        budgetMs: 2000,
      }),
    };
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it('is bound once its URL is configured', () => {
    expect(provider.enabled).toBe(true);
    expect(new ${pascal}Provider({}).enabled).toBe(false);
  });

  it('reads the signed-in user', async () => {
    answer = () => ({ body: { id: 7, name: 'Ada Lovelace', timezone: 'Europe/London' } });
    await expect(provider.getUserInfo(ctx)).resolves.toEqual({
      id: '7',
      name: 'Ada Lovelace',
      timezone: 'Europe/London',
    });
    expect(seen[0]).toMatchObject({ method: 'GET', url: '/api/me' });
  });

  it('finds a contact stored as (415) 555-0100 from +14155550100', async () => {
    answer = (req) => {
      const phone = new URL(req.url!, baseUrl).searchParams.get('phone');
      const data = phone === '(415) 555-0100' ? [{ id: 101, name: 'Jane Doe', phone }] : [];
      return { body: { data } };
    };
    const found = await provider.findContactsByPhone(ctx, parsePhoneQuery('+14155550100'));
    expect(found).toEqual([
      expect.objectContaining({ id: '101', name: 'Jane Doe', additionalInfo: {} }),
    ]);
    expect(seen.length).toBeGreaterThan(1);
  });

  it('creates a call log with the idempotency key, and answers its id as a string', async () => {
    answer = () => ({ status: 201, body: { id: 55, subject: 's', body: 'b' } });
    const created = await provider.createCallLog(ctx, {
      contactId: '101',
      subject: 'Inbound Call from Jane Doe',
      body: 'note',
      sessionId: '42',
      direction: 'Inbound',
      startTime: new Date('2024-05-01T15:04:05Z'),
      durationSeconds: 63,
      additionalSubmission: {},
      dispositions: {},
      idempotencyKey: 'key-42',
    });
    expect(created).toEqual({ logId: '55' });
    expect(seen[0].headers['idempotency-key']).toBe('key-42');
    expect(JSON.parse(seen[0].body)).toMatchObject({ contactId: '101', body: 'note' });
  });

  it('turns a CRM refusal into a CrmError code', async () => {
    answer = () => ({ status: 404, body: { message: 'no such activity' } });
    await expect(provider.getCallLog(ctx, '999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
`;
}

function kitEnvSource() {
  const credentials =
    auth === 'oauth'
      ? `# A fresh access token (and refresh token) of a sandbox user, from ${displayName}'s OAuth flow.
KIT_ACCESS_TOKEN=
KIT_REFRESH_TOKEN=
${envPrefix}_CLIENT_ID=
${envPrefix}_CLIENT_SECRET=`
      : `# A sandbox user's API key.
KIT_API_KEY=`;
  return `# The provider kit against a ${displayName} sandbox. Copy this file (keep the copy out of git),
# fill it in, and run: npm run provider-kit -- --platform ${name} --env-file ${name}.env
# crm-bridge's configuration for ${displayName}:
${envPrefix}_URL=
# Leave the sample CRM out of this run.
SAMPLE_CRM=false
${credentials}
# The name the sandbox user has in ${displayName} (checked when set).
KIT_USER_NAME=
`;
}

function docsSource() {
  return `# ${displayName}

Platform \`${name}\`, bound by \`src/providers/${name}/${name}.provider.ts\` (${
    auth === 'oauth' ? 'OAuth 2.0' : 'API key'
  }), scaffolded by \`npm run new:provider\`. How providers work: [docs/providers.md](../providers.md).

## Configuration

| Variable | Meaning |
| --- | --- |
| \`${envPrefix}_URL\` | ${displayName}'s API base URL. The provider is bound only when it is set. |${
    auth === 'oauth'
      ? `
| \`${envPrefix}_CLIENT_ID\`, \`${envPrefix}_CLIENT_SECRET\` | crm-bridge's OAuth client at ${displayName}. Register \`https://ringcentral.github.io/ringcentral-embeddable/redirect.html\` (and \`<PUBLIC_URL>/auth/${name}/callback\`) as redirect URIs. |`
      : ''
  }

## Compatibility checklist

- [ ] Sign-in: ${auth === 'oauth' ? 'OAuth 2.0 endpoints and scopes in `auth`' : 'where the API key goes (`auth.placement`)'}
- [ ] Current user: \`getUserInfo\`
- [ ] Phone lookup: \`findContactsByPhone\` (which formats does ${displayName} store and match?)
- [ ] Create contact: \`createContact\`
- [ ] Activities: \`createCallLog\`, \`getCallLog\`, \`updateCallLog\`, \`createMessageLog\`, \`getMessageLog\`, \`updateMessageLog\`
- [ ] Logout: ${auth === 'oauth' ? 'a revocation endpoint (`revocationUrl`)' : '`logout`, if API keys can be revoked'}

## Testing

- Unit: \`npm run test:unit -- --testPathPatterns src/providers/${name}\`
- Against a sandbox: copy \`test/provider-kit/${name}.env.example\` to \`${name}.env\`, fill it in, then
  \`npm run provider-kit -- --platform ${name} --env-file ${name}.env\`
`;
}
