import { startTestApp, type TestApp } from '../support/test-app.js';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: Record<string, unknown>;
}
interface Operation {
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
    expect(info.required).toEqual(expect.arrayContaining(['sessionId', 'direction', 'startTime']));
    expect(info.properties!.direction).toMatchObject({ enum: ['Inbound', 'Outbound'] });
    expect(doc.components.schemas.CallPartyDto).toBeDefined();
    const login = doc.paths['/apiKeyLogin'].post.requestBody!.content['application/json'].schema;
    expect(login.$ref).toBe('#/components/schemas/ApiKeyLoginDto');
    expect(doc.components.schemas.ApiKeyLoginDto.required).toEqual(['platform']);
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
