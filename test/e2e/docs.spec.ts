import { validate } from '@readme/openapi-parser';
import { targetConstructorToSchema } from 'class-validator-jsonschema';
import pluginMetadata from '../../src/metadata.js';
import { OFFICIAL_OPERATION_IDS } from '../support/official-operation-ids.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Reply {
  content?: Record<string, { schema?: Record<string, unknown> }>;
}
interface Operation {
  operationId?: string;
  responses: Record<string, Reply>;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
  security?: Record<string, string[]>[];
}
interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: {
    schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
  };
}

/** Not in /docs-json on purpose: the docs themselves, and the Prometheus scrape endpoint. */
const UNDOCUMENTED = /^\/(docs|docs-json|docs\/.*|metrics)$/;

/** Every route the app serves, as "METHOD /openapi/{path}", from Fastify's own router. */
function servedRoutes(t: TestApp): string[] {
  return t.routes.flatMap((route) => {
    const [method, path] = route.split(' ');
    // '*' is the CORS preflight catch-all, answered before any route.
    return UNDOCUMENTED.test(path) || path.includes('*')
      ? []
      : [`${method} ${path.replace(/:(\w+)/g, '{$1}')}`];
  });
}

type Schema = Record<string, unknown> & {
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
};

/** The DTO classes src/metadata.ts describes, by name. */
async function dtoClasses(): Promise<[string, new () => unknown][]> {
  const { models } = (await pluginMetadata())['@nestjs/swagger'] as unknown as {
    models: [Promise<Record<string, new () => unknown>>, Record<string, unknown>][];
  };
  const found: [string, new () => unknown][] = [];
  for (const [load, classes] of models) {
    const exports = await load;
    for (const name of Object.keys(classes)) found.push([name, exports[name]]);
  }
  return found;
}

/** A DTO as documented: its component, or the query parameters of the route that reads it. */
function documented(doc: OpenApi, name: string, properties: string[]): Schema | undefined {
  const component = doc.components.schemas[name] as Schema | undefined;
  if (component) return component;
  const same = (names: string[]) =>
    names.length === properties.length && properties.every((p) => names.includes(p));
  for (const operations of Object.values(doc.paths)) {
    for (const operation of Object.values(operations)) {
      const query = (operation.parameters ?? []).filter((p) => p.in === 'query');
      if (!same(query.map((p) => p.name))) continue;
      return {
        properties: Object.fromEntries(query.map((p) => [p.name, p.schema as Schema])),
        required: query.filter((p) => p.required).map((p) => p.name),
      };
    }
  }
  return undefined;
}

/** The JSON Schema keywords a class-validator rule becomes (class-validator-jsonschema's reading). */
const RULE_KEYWORDS = ['type', 'minLength', 'maxLength', 'pattern', 'enum', 'minimum', 'maximum'];
const ARRAY_KEYWORDS = ['maxItems', 'minItems'];

/** Where a documented property says less or other than its validation rules. */
function disagreements(rules: Schema, schema: Schema, at: string): string[] {
  const found: string[] = [];
  const compare = (keys: string[], want: Schema, have: Schema, where: string) => {
    for (const key of keys) {
      if (key in want && JSON.stringify(want[key]) !== JSON.stringify(have[key])) {
        found.push(
          `${where}.${key}: rule ${JSON.stringify(want[key])}, documented ${JSON.stringify(have[key])}`,
        );
      }
    }
  };
  const wantRequired = [...(rules.required ?? [])].sort();
  const haveRequired = [...(schema.required ?? [])].sort();
  if (wantRequired.join() !== haveRequired.join()) {
    found.push(`${at} required: rule [${wantRequired}], documented [${haveRequired}]`);
  }
  for (const [name, want] of Object.entries(rules.properties ?? {})) {
    const have = schema.properties?.[name];
    if (!have) {
      found.push(`${at}.${name}: not documented`);
      continue;
    }
    // A custom rule on an untyped property (IsLogValue) reads as a reference to Object: no rule.
    if (want.$ref === '#/definitions/Object') continue;
    // A nested DTO is a $ref (to the same class) in both; its own rules are checked on its own.
    if (typeof want.$ref === 'string') {
      if (have.$ref !== want.$ref.replace('#/definitions/', '#/components/schemas/')) {
        found.push(`${at}.${name}: rule ${want.$ref}, documented ${JSON.stringify(have)}`);
      }
      continue;
    }
    compare(RULE_KEYWORDS, want, have, `${at}.${name}`);
    compare(ARRAY_KEYWORDS, want, have, `${at}.${name}`);
    if (want.items && !('$ref' in want.items)) {
      compare(RULE_KEYWORDS, want.items, have.items ?? {}, `${at}.${name}[]`);
    }
  }
  return found;
}

/** GET /docs (Swagger UI) and GET /docs-json (OpenAPI), generated from controllers and DTOs. */
describe('OpenAPI document and UI', () => {
  let t: TestApp;
  let doc: OpenApi;

  beforeAll(async () => {
    t = await startTestApp();
    doc = (await t.http.get('/docs-json').expect(200)).body as OpenApi;
  });
  afterAll(() => t?.close());

  it('serves the Swagger UI page with its own CSP: scripts and styles from itself only', async () => {
    const page = await t.http.get('/docs').expect(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('swagger-ui');
    const csp = page.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(csp).toContain("frame-ancestors 'none'");
    const script = await t.http.get('/docs/swagger-ui-init.js').expect(200);
    expect(script.text).toContain('/contact');
    // Everything else keeps the API's policy.
    const api = await t.http.get('/isAlive').expect(200);
    expect(api.headers['content-security-policy']).toMatch(/^default-src 'none';/);
    expect(api.headers['content-security-policy']).not.toContain('script-src');
  });

  it('lists every route, with query parameters from the DTOs', () => {
    expect(doc.openapi).toMatch(/^3\./);
    for (const path of [
      '/contact',
      '/callLog',
      '/callLog/cacheNote',
      '/callDisposition',
      '/messageLog',
      '/apiKeyLogin',
      '/user/settings',
      '/crmManifest',
      '/isAlive',
      '/health',
    ]) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const contact = doc.paths['/contact'].get.parameters ?? [];
    expect(contact).toContainEqual(
      expect.objectContaining({
        name: 'phoneNumber',
        in: 'query',
        required: true,
        schema: expect.objectContaining({ type: 'string', maxLength: 64 }),
      }),
    );
    expect(contact).toContainEqual(
      expect.objectContaining({
        name: 'isExtension',
        in: 'query',
        required: false,
        schema: expect.objectContaining({ type: 'boolean' }),
      }),
    );
    const callLogs = doc.paths['/callLog'].get.parameters ?? [];
    expect(callLogs.map((p) => p.name)).toEqual(expect.arrayContaining(['sessionIds']));
  });

  it('describes request bodies with the validation rules, nested DTOs included', () => {
    const body = doc.paths['/callLog'].post.requestBody!.content['application/json'].schema;
    expect(body.$ref).toBe('#/components/schemas/CreateCallLogDto');
    const create = doc.components.schemas.CreateCallLogDto;
    expect(create.required).toEqual(['logInfo']);
    expect(create.properties!.logInfo).toEqual({ $ref: '#/components/schemas/CallLogInfoDto' });
    const info = doc.components.schemas.CallLogInfoDto;
    // As officially: direction, startTime and duration are optional.
    expect(info.required).toEqual(['sessionId']);
    expect(info.properties!.direction).toMatchObject({ enum: ['Inbound', 'Outbound'] });
    expect(doc.components.schemas.CallPartyDto).toBeDefined();
    const login = doc.paths['/apiKeyLogin'].post.requestBody!.content['application/json'].schema;
    expect(login.$ref).toBe('#/components/schemas/ApiKeyLoginDto');
    expect(doc.components.schemas.ApiKeyLoginDto.required).toEqual(['platform']);
  });

  it('states in each DTO schema the rules class-validator enforces on it', async () => {
    const classes = await dtoClasses();
    expect(classes.length).toBeGreaterThanOrEqual(20);
    const found: string[] = [];
    for (const [name, cls] of classes) {
      const rules = targetConstructorToSchema(cls) as Schema;
      const schema = documented(doc, name, Object.keys(rules.properties ?? {}));
      if (schema) found.push(...disagreements(rules, schema, name));
      else found.push(`${name}: not documented`);
    }
    expect(found).toEqual([]);
  });

  it('passes strict OpenAPI validation (@readme/openapi-parser)', async () => {
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid ? [] : result.errors.map((e) => e.message)).toEqual([]);
    expect(result.warnings).toEqual([]);
  });

  it('documents every served route with a success and a failure reply, each with its schema', () => {
    const routes = servedRoutes(t);
    expect(routes).toEqual(expect.arrayContaining(['GET /contact', 'GET /oauth-start/{platform}']));
    const undocumented: string[] = [];
    for (const route of routes) {
      const [method, path] = route.split(' ');
      const operation = doc.paths[path]?.[method.toLowerCase()];
      if (!operation) {
        undocumented.push(`${route}: missing`);
        continue;
      }
      const statuses = Object.keys(operation.responses);
      if (!statuses.some((s) => /^[23]\d\d$/.test(s))) undocumented.push(`${route}: no 2xx/3xx`);
      if (!statuses.some((s) => /^[45]\d\d$/.test(s))) undocumented.push(`${route}: no 4xx/5xx`);
      for (const [status, reply] of Object.entries(operation.responses)) {
        if (status === '302') continue;
        const types = Object.entries(reply.content ?? {});
        if (types.length === 0 || types.some(([, media]) => !media.schema)) {
          undocumented.push(`${route}: ${status} has no schema`);
        }
      }
    }
    expect(undocumented).toEqual([]);
  });

  it('uses the official operationIds for the routes the official contract has', () => {
    const ours = Object.entries(doc.paths).flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, o]) => [`${method.toUpperCase()} ${path}`, o]),
    ) as [string, Operation][];
    const shared = ours.filter(([route]) => OFFICIAL_OPERATION_IDS[route] !== undefined);
    expect(shared.length).toBeGreaterThanOrEqual(24);
    for (const [route, operation] of shared) {
      expect(`${route} ${operation.operationId}`).toBe(`${route} ${OFFICIAL_OPERATION_IDS[route]}`);
    }
    const ids = ours.map(([, o]) => o.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the error shape of the exception filter and the envelope of a CRM refusal', () => {
    const contact = doc.paths['/contact'].get.responses;
    expect(contact['200'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ContactSearchResponse',
    });
    expect(contact['400'].content!['text/plain'].schema).toMatchObject({ type: 'string' });
    expect(contact['401'].content!['application/json'].schema).toEqual({
      $ref: '#/components/schemas/SessionRevokedReply',
    });
    expect(doc.components.schemas.Envelope.required).toEqual(['successful']);
    const login = doc.paths['/apiKeyLogin'].post.responses['400'].content!;
    expect(login['application/json'].schema).toEqual({
      $ref: '#/components/schemas/FailureEnvelope',
    });
  });

  it('documents /isAlive and /hostname as text/plain, and rc-extension-id as optional', () => {
    for (const path of ['/isAlive', '/hostname']) {
      expect(Object.keys(doc.paths[path].get.responses['200'].content!)).toEqual(['text/plain']);
    }
    for (const [path, method] of [
      ['/callLog', 'get'],
      ['/callLog', 'post'],
      ['/callLog', 'patch'],
      ['/callDisposition', 'put'],
    ]) {
      const headers = (doc.paths[path][method].parameters ?? []).filter((p) => p.in === 'header');
      expect(headers).toEqual([
        expect.objectContaining({ name: 'rc-extension-id', required: false }),
      ]);
    }
  });

  it('marks the routes that need a session token', () => {
    expect(doc.paths['/contact'].get.security).toEqual([{ session: [] }, { jwtToken: [] }]);
    expect(doc.paths['/isAlive'].get.security).toBeUndefined();
    expect(doc.paths['/apiKeyLogin'].post.security).toBeUndefined();
  });
});

describe('DOCS_ENABLED=false', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ env: { DOCS_ENABLED: 'false' } });
  });
  afterAll(() => t?.close());

  it('serves neither the UI nor the document', async () => {
    await t.http.get('/docs').expect(404);
    await t.http.get('/docs-json').expect(404);
  });
});
