#!/usr/bin/env node
// Scaffolds a CRM provider class: npm run new:provider -- <name> [--auth apiKey|oauth]
//   [--display-name "Acme CRM"] [--paginated] [--phones-array] [--unix-seconds] [--full-replace]
//   [--conflict-id] [--root <repository folder>]
// Writes the provider, its spec, its config namespace, a provider-kit env file and a docs page,
// binds it in src/providers/providers.module.ts and registers its config. docs/providers.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import * as prettier from 'prettier';

const usage = `usage: npm run new:provider -- <name> [--auth apiKey|oauth] [--display-name "Acme CRM"]
    [--paginated] [--phones-array] [--unix-seconds] [--full-replace] [--conflict-id] [--root <dir>]
  --paginated     the contact search reads every page (a cursor, with src/crm/crm-pagination.ts)
  --phones-array  contacts hold a phones array: search by digits, keep and show the matching phone
  --unix-seconds  activity times in unix seconds (src/crm/crm-time.ts)
  --full-replace  updates GET the activity and PUT it back whole
  --conflict-id   a repeated create answers 409 with the existing activity's id`;

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
      paginated: { type: 'boolean', default: false },
      'phones-array': { type: 'boolean', default: false },
      'unix-seconds': { type: 'boolean', default: false },
      'full-replace': { type: 'boolean', default: false },
      'conflict-id': { type: 'boolean', default: false },
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
/** The common API shapes the scaffold is written for (all off: the sample CRM's). */
const shapes = {
  paginated: values.paginated,
  phonesArray: values['phones-array'],
  unixSeconds: values['unix-seconds'],
  fullReplace: values['full-replace'],
  conflictId: values['conflict-id'],
};
const shapeFlags = Object.entries(shapes)
  .filter(([, on]) => on)
  .map(([shape]) => `--${shape.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`);
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

const shapeNote = shapeFlags.length > 0 ? `, ${shapeFlags.join(' ')}` : '';
console.log(
  `Scaffolded ${displayName} (platform ${name}, ${auth === 'oauth' ? 'OAuth 2.0' : 'API key'}${shapeNote}):`,
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
  const arrayPattern = /const PROVIDER_CLASSES(: [^=]+)? = \[([^\]]*)\];/;
  const match = module.match(arrayPattern);
  if (!match) fail(`${edited.module} has no "const PROVIDER_CLASSES = [...]" to bind the class in`);
  const classes = match[2].trim().replace(/,\s*$/, '');
  module = module.replace(
    arrayPattern,
    `const PROVIDER_CLASSES${match[1] ?? ''} = [${classes ? `${classes}, ` : ''}${pascal}Provider];`,
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
  const helperImports = [
    shapes.conflictId && `import { isCrmError } from '../../crm/crm-error.js';`,
    shapes.paginated && `import { readPages } from '../../crm/crm-pagination.js';`,
    shapes.unixSeconds && `import { fromCrmTime, toCrmTime } from '../../crm/crm-time.js';`,
    shapes.phonesArray
      ? `import { keepPhoneMatches, matchingPhone, type PhoneQuery } from '../../crm/phone/index.js';`
      : `import { searchPhoneVariants, type PhoneQuery } from '../../crm/phone/index.js';`,
  ].filter(Boolean);
  const contactPhone = shapes.phonesArray
    ? `  /** Every number of the contact, each with its label (work, mobile, ...). */
  phones: { label: string; value: string }[];
  /** ISO 3166 alpha-2: the country its national numbers are written in. */
  country?: string | null;`
    : `  phone?: string;`;
  const occurredAtType = shapes.unixSeconds
    ? `  /** Unix seconds; the kit reads it back to check the time was stored to the second. */
  occurredAt: number;`
    : `  /** ISO 8601; the kit reads it back to check the time was stored to the second. */
  occurredAt: string;`;
  const writeTime = (expr) =>
    shapes.unixSeconds ? `toCrmTime(${expr}, 'unixSeconds')` : `${expr}.toISOString()`;
  const readTime = shapes.unixSeconds
    ? `fromCrmTime(activity.occurredAt, 'unixSeconds')`
    : `new Date(activity.occurredAt)`;

  const findByPhone = shapes.phonesArray
    ? `  /**
   * One loose search by the national digits, then only the contacts that really have the number
   * among their phones (not the same digits in another country or inside a longer number); each
   * shows the phone that matched.
   */
  async findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> {
    if (query.isExtension) return [];
    const found = await this.search(ctx, { phone: query.nationalNumber }, 'findContactsByPhone');
    const phones = (contact: ${pascal}Contact) => contact.phones.map((phone) => phone.value);
    const matching = keepPhoneMatches(found, phones, query, (contact) => contact.country);
    return matching.map((contact) => toContact(contact, query));
  }`
    : `  /** Tries every phone format: people type numbers into CRMs in many ways. */
  findContactsByPhone(ctx: CrmContext, query: PhoneQuery): Promise<CrmContact[]> {
    return searchPhoneVariants(
      query,
      async (phone) =>
        (await this.search(ctx, { phone }, 'findContactsByPhone')).map((c) => toContact(c)),
      { idOf: (contact) => contact.id, stop: 'all' },
    );
  }`;

  const search = shapes.paginated
    ? `  /**
   * Every page of a contact search (up to 10): a number many contacts share spans pages. The
   * cursor goes back as \`cursor\` until a page has no \`nextCursor\` (crm-pagination.ts also
   * follows page numbers, offsets and \`Link\` headers).
   */
  private async search(ctx: CrmContext, query: Record<string, string>, operation: string) {
    const pages = await readPages<${pascal}Contact, string>(async (cursor) => {
      const page = await ctx.http.get<{ data: ${pascal}Contact[]; nextCursor?: string | null }>(
        '/api/contacts',
        { ...query, cursor },
        operation,
      );
      return { items: page.data, next: page.nextCursor };
    }, 10);
    return pages.items;
  }`
    : `  private async search(ctx: CrmContext, query: Record<string, string>, operation: string) {
    const found = await ctx.http.get<{ data: ${pascal}Contact[] }>('/api/contacts', query, operation);
    return found.data;
  }`;

  const create = shapes.conflictId
    ? `  /**
   * A create carrying the log's idempotency key as its external reference: when an earlier
   * attempt got through, ${displayName} answers 409 naming the activity it stored, which is the
   * answer. (A CRM that names it only in its message text: read \`error.crmMessage\` instead.)
   */
  private async create(ctx: CrmContext, fields: object, key: string, operation: string) {
    try {
      const created = await ctx.http.request<${pascal}Activity>({
        method: 'POST',
        path: '/api/activities',
        body: { ...fields, externalRef: key },
        operation,
        // A repeat finds the first one through its 409: safe to retry.
        retrySafe: true,
      });
      return { logId: String(created.id) };
    } catch (error) {
      if (!isCrmError(error) || error.status !== 409) throw error;
      const existing = (error.body as { existingId?: string | number } | undefined)?.existingId;
      if (existing === undefined) throw error;
      return { logId: String(existing) };
    }
  }`
    : `  private async create(ctx: CrmContext, fields: object, key: string, operation: string) {
    const activity = await ctx.http.post<${pascal}Activity>(
      '/api/activities',
      fields,
      operation,
      // Sent as Idempotency-Key: the CRM can drop a retried create instead of storing it twice,
      // and ctx.http may then retry the create. Remove it if your CRM ignores such keys.
      { idempotencyKey: key },
    );
    return { logId: String(activity.id) };
  }`;

  const update = shapes.fullReplace
    ? `  /**
   * ${displayName}'s PUT replaces the whole activity: read it, change subject and body, and send
   * everything back (a PUT of the changed fields alone would blank the others).
   */
  private async update(ctx: CrmContext, logId: string, update: CallLogUpdate | MessageLogUpdate, operation: string) {
    const path = \`/api/activities/\${encodeURIComponent(logId)}\`;
    const current = await ctx.http.get<${pascal}Activity>(path, undefined, operation);
    const subject = update.subject ?? current.subject;
    await ctx.http.put(path, { ...current, subject, body: update.body ?? current.body }, operation);
  }`
    : `  private async update(ctx: CrmContext, logId: string, update: CallLogUpdate | MessageLogUpdate, operation: string) {
    await ctx.http.patch(\`/api/activities/\${encodeURIComponent(logId)}\`, update, operation);
  }`;

  const toContactSource = shapes.phonesArray
    ? `/** The contact, showing the phone that matched \`query\` (else its first). */
function toContact(contact: ${pascal}Contact, query?: PhoneQuery): CrmContact {
  const phones = contact.phones.filter((phone) => phone.value !== '');
  const match = query && matchingPhone(phones, (phone) => phone.value, query, contact.country);
  return {
    id: String(contact.id),
    name: contact.name,
    type: contact.type,
    phone: (match ?? phones[0])?.value,
    company: contact.company,
    email: contact.email,
    additionalInfo: {},
  };
}`
    : `function toContact(contact: ${pascal}Contact): CrmContact {
  return {
    id: String(contact.id),
    name: contact.name,
    type: contact.type,
    phone: contact.phone,
    company: contact.company,
    email: contact.email,
    additionalInfo: {},
  };
}`;
  const newContactPhone = shapes.phonesArray
    ? `phones: [{ label: 'work', value: contact.phoneNumber }]`
    : `phone: contact.phoneNumber`;

  return `import { Inject, Injectable } from '@nestjs/common';
import { ${camel}Config, type ${pascal}Config } from '../../config/${name}.config.js';
import type {
  CallLogUpdate,
  CallLogWrite,
  CrmCallLog,
  CrmMessageLog,
  MessageLogUpdate,
  MessageLogWrite,
} from '../../crm/crm-activity.types.js';
import type { ${authType}, CrmUserInfo } from '../../crm/crm-auth.types.js';
import type { CrmContact, NewContact } from '../../crm/crm-contact.types.js';
import type { CrmContext } from '../../crm/crm-context.js';
import type { CrmProvider } from '../../crm/crm-provider.js';
${helperImports.join('\n')}

/** A contact as ${displayName} returns it. */
interface ${pascal}Contact {
  id: string | number;
  name: string;
${contactPhone}
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
${occurredAtType}
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

${findByPhone}

  async findContactsByName(ctx: CrmContext, name: string): Promise<CrmContact[]> {
    return (await this.search(ctx, { name }, 'findContactsByName')).map((c) => toContact(c));
  }

  async createContact(ctx: CrmContext, contact: NewContact): Promise<CrmContact> {
    const created = await ctx.http.post<${pascal}Contact>(
      '/api/contacts',
      { name: contact.name, ${newContactPhone}, type: contact.type ?? 'Person' },
      'createContact',
    );
    return toContact(created);
  }

  createCallLog(ctx: CrmContext, log: CallLogWrite): Promise<{ logId: string }> {
    const fields = {
      type: 'call',
      contactId: log.contactId,
      subject: log.subject,
      body: log.body,
      occurredAt: ${writeTime('log.startTime')},
    };
    return this.create(ctx, fields, log.idempotencyKey, 'createCallLog');
  }

  async getCallLog(ctx: CrmContext, logId: string): Promise<CrmCallLog> {
    const { occurredAt, ...activity } = await this.activity(ctx, logId, 'getCallLog');
    return { ...activity, startTime: occurredAt, dispositions: {} };
  }

  updateCallLog(ctx: CrmContext, logId: string, update: CallLogUpdate): Promise<void> {
    return this.update(ctx, logId, update, 'updateCallLog');
  }

  createMessageLog(ctx: CrmContext, log: MessageLogWrite): Promise<{ logId: string }> {
    const fields = {
      type: log.kind,
      contactId: log.contactId,
      subject: log.subject,
      body: log.body,
      occurredAt: ${writeTime('log.occurredAt')},
    };
    return this.create(ctx, fields, log.idempotencyKey, 'createMessageLog');
  }

  getMessageLog(ctx: CrmContext, logId: string): Promise<CrmMessageLog> {
    return this.activity(ctx, logId, 'getMessageLog');
  }

  updateMessageLog(ctx: CrmContext, logId: string, update: MessageLogUpdate): Promise<void> {
    return this.update(ctx, logId, update, 'updateMessageLog');
  }

${search}

${create}

${update}

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
      occurredAt: ${readTime},
    };
  }
}

${toContactSource}
`;
}

function specSource() {
  const configLiteral =
    auth === 'oauth'
      ? `{ url: baseUrl, clientId: 'client', clientSecret: 'secret' }`
      : `{ url: baseUrl }`;
  const placement = auth === 'oauth' ? `{ in: 'bearer' as const }` : 'provider.auth.placement';
  const time = shapes.unixSeconds ? '1714575845' : `'2024-05-01T15:04:05.000Z'`;
  const contact = (id, contactName) =>
    shapes.phonesArray
      ? `{ id: ${id}, name: '${contactName}', country: 'US', phones: [{ label: 'work', value: '(415) 555-0100' }] }`
      : `{ id: ${id}, name: '${contactName}', phone: '(415) 555-0100' }`;
  const phoneTest = shapes.phonesArray
    ? `
  it('searches the national digits once and keeps the contacts that have the number', async () => {
    answer = () => ({
      body: {
        data: [
          {
            id: 101,
            name: 'Jane Doe',
            country: 'US',
            phones: [
              { label: 'home', value: '+1 212 555 0199' },
              { label: 'work', value: '(415) 555-0100' },
            ],
          },
          // The same digits in another country.
          { id: 102, name: 'Max Muster', country: 'DE', phones: [{ label: 'work', value: '0415 5550100' }] },
        ],
      },
    });
    const found = await provider.findContactsByPhone(ctx, parsePhoneQuery('+14155550100'));
    expect(found).toEqual([expect.objectContaining({ id: '101', phone: '(415) 555-0100' })]);
    expect(seen).toHaveLength(1);
    expect(new URL(seen[0].url!, baseUrl).searchParams.get('phone')).toBe('4155550100');
  });
`
    : `
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
`;
  const createTest = shapes.conflictId
    ? `
  it('creates a call log with its external reference, and answers its id as a string', async () => {
    answer = () => ({ status: 201, body: { id: 55, subject: 's', body: 'b' } });
    await expect(provider.createCallLog(ctx, callLog)).resolves.toEqual({ logId: '55' });
    expect(JSON.parse(seen[0].body)).toMatchObject({
      contactId: '101',
      body: 'note',
      occurredAt: ${time},
      externalRef: 'key-42',
    });
  });

  it('answers a repeated create with the id its 409 names', async () => {
    answer = () => ({ status: 409, body: { message: 'already exists', existingId: 55 } });
    await expect(provider.createCallLog(ctx, callLog)).resolves.toEqual({ logId: '55' });
  });
`
    : `
  it('creates a call log with the idempotency key, and answers its id as a string', async () => {
    answer = () => ({ status: 201, body: { id: 55, subject: 's', body: 'b' } });
    await expect(provider.createCallLog(ctx, callLog)).resolves.toEqual({ logId: '55' });
    expect(seen[0].headers['idempotency-key']).toBe('key-42');
    expect(JSON.parse(seen[0].body)).toMatchObject({
      contactId: '101',
      body: 'note',
      occurredAt: ${time},
    });
  });
`;
  const shapeTests = [
    shapes.paginated &&
      `
  it('reads every page of a search', async () => {
    answer = (req) =>
      new URL(req.url!, baseUrl).searchParams.get('cursor') === 'page-2'
        ? { body: { data: [${contact(102, 'Jane Roe')}] } }
        : { body: { data: [${contact(101, 'Jane Doe')}], nextCursor: 'page-2' } };
    const found = await provider.findContactsByName(ctx, 'Jane');
    expect(found.map((contact) => contact.id)).toEqual(['101', '102']);
    const cursors = seen.map((req) => new URL(req.url!, baseUrl).searchParams.get('cursor'));
    expect(cursors).toEqual([null, 'page-2']);
  });
`,
    shapes.unixSeconds &&
      `
  it('reads a call log back with its time from unix seconds', async () => {
    answer = () => ({
      body: { id: 55, contactId: 101, subject: 's', body: 'b', occurredAt: 1714575845 },
    });
    await expect(provider.getCallLog(ctx, '55')).resolves.toMatchObject({
      id: '55',
      contactId: '101',
      startTime: new Date('2024-05-01T15:04:05Z'),
    });
  });
`,
    shapes.fullReplace &&
      `
  it('updates a call log by sending the whole activity back', async () => {
    const stored = { id: 55, contactId: 101, subject: 'Call', body: 'old', occurredAt: ${time}, owner: 9 };
    answer = (req) => ({ body: req.method === 'GET' ? stored : {} });
    await provider.updateCallLog(ctx, '55', { body: 'new' });
    expect(seen.map((req) => req.method)).toEqual(['GET', 'PUT']);
    expect(JSON.parse(seen[1].body)).toEqual({ ...stored, body: 'new' });
  });
`,
  ]
    .filter(Boolean)
    .join('');
  return `import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { standaloneCrmCallPolicy } from '../../crm/crm-call-policy.js';
import { CrmHttpClient } from '../../crm/crm-http-client.js';
import type { CallLogWrite } from '../../crm/crm-activity.types.js';
import type { CrmContext } from '../../crm/crm-context.js';
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
  const callLog: CallLogWrite = {
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
  };

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
${phoneTest}${createTest}
  it('turns a CRM refusal into a CrmError code', async () => {
    answer = () => ({ status: 404, body: { message: 'no such activity' } });
    await expect(provider.getCallLog(ctx, '999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
${shapeTests}});
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

/** The checklist items of the shapes the scaffold was generated for. */
function shapeChecklist() {
  const items = [
    shapes.paginated &&
      "Pagination: the search's cursor parameter and next-cursor field (`search`; `src/crm/crm-pagination.ts` also reads page numbers, offsets and `Link` headers)",
    shapes.phonesArray &&
      'Phones array: the search parameter that matches digits, and the phone fields (`findContactsByPhone`, `toContact`)',
    shapes.unixSeconds &&
      'Times in unix seconds (`toCrmTime`, `fromCrmTime` in `src/crm/crm-time.ts`)',
    shapes.fullReplace &&
      'Updates: PUT replaces the whole activity (`update` sends back all it read)',
    shapes.conflictId &&
      "Repeated creates: the 409 answer's field naming the existing id (`create`)",
  ].filter(Boolean);
  return items.map((item) => `- [ ] ${item}\n`).join('');
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
${shapeChecklist()}
## Testing

- Unit: \`npm run test:unit -- --testPathPatterns src/providers/${name}\`
- Against a sandbox: copy \`test/provider-kit/${name}.env.example\` to \`${name}.env\`, fill it in, then
  \`npm run provider-kit -- --platform ${name} --env-file ${name}.env\`
`;
}
