import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { createCrmBreaker, createCrmBulkhead, CrmCallPolicy } from './crm-call-policy.js';
import { CrmError } from './crm-error.js';
import {
  CrmHttpClient,
  parseRetryAfter,
  safeCrmMessage,
  type CrmHttpClientOptions,
} from './crm-http-client.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real HTTP server whose answer each test decides. */
describe('CrmHttpClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: {
    method?: string;
    url?: string;
    headers: IncomingMessage['headers'];
    body: string;
  }[] = [];

  beforeAll(async () => {
    Logger.overrideLogger(false); // failed calls log a warning each
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers, body });
        handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/base/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen.length = 0;
    handler = (_req, _body, res) => json(res, 200, { ok: true });
  });

  const json = (
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  const client = (overrides: Partial<CrmHttpClientOptions> = {}) =>
    new CrmHttpClient({
      baseUrl,
      crmName: 'Acme CRM',
      placement: { in: 'header', name: 'X-API-Key' },
      credentials: { current: async () => ({ apiKey: 'secret-key-123' }) },
      // One attempt: retries have their own tests (crm-call-policy.spec.ts).
      policy: new CrmCallPolicy(
        {
          attemptTimeoutMs: 2000,
          maxAttempts: 1,
          retryBaseDelayMs: 0,
          retryMaxDelayMs: 0,
          retryAfterCapSeconds: 5,
        },
        createCrmBreaker(1000, 1000),
        createCrmBulkhead(10, 10),
      ),
      budgetMs: 5000,
      ...overrides,
    });
  const failure = async (promise: Promise<unknown>): Promise<CrmError> => {
    try {
      await promise;
    } catch (error) {
      if (error instanceof CrmError) return error;
      throw error;
    }
    throw new Error('expected a CrmError');
  };

  it('sends JSON to base URL + path with query parameters, and parses the JSON answer', async () => {
    handler = (_req, body, res) => json(res, 201, { echo: JSON.parse(body) });
    const result = await client().request({
      method: 'POST',
      path: '/items',
      query: { q: '(415) 555-0100', tags: ['a', 'b'], skip: undefined, n: 2 },
      body: { name: 'Jane' },
    });
    expect(result).toEqual({ echo: { name: 'Jane' } });
    expect(seen[0].method).toBe('POST');
    expect(seen[0].url).toBe('/base/items?q=%28415%29+555-0100&tags=a&tags=b&n=2');
    expect(seen[0].headers['content-type']).toBe('application/json');
    expect(seen[0].headers['x-api-key']).toBe('secret-key-123');
  });

  it.each([
    [
      { in: 'header', name: 'Authorization', prefix: 'Token ' } as const,
      (s: (typeof seen)[0]) => s.headers.authorization,
      'Token secret-key-123',
    ],
    [
      { in: 'query', name: 'api_key' } as const,
      (s: (typeof seen)[0]) => new URL(s.url!, 'http://x').searchParams.get('api_key'),
      'secret-key-123',
    ],
    [
      { in: 'basic' } as const,
      (s: (typeof seen)[0]) => s.headers.authorization,
      `Basic ${Buffer.from('secret-key-123:').toString('base64')}`,
    ],
  ])('places the API key as declared (%j)', async (placement, read, expected) => {
    await client({ placement }).get('/me');
    expect(read(seen[0])).toBe(expected);
  });

  it('sends an OAuth access token as a Bearer header', async () => {
    await client({
      placement: { in: 'bearer' },
      credentials: { current: async () => ({ accessToken: 'at-1' }) },
    }).get('/me');
    expect(seen[0].headers.authorization).toBe('Bearer at-1');
  });

  it('returns undefined for an empty success', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(204);
      res.end();
    };
    await expect(client().patch('/x', {})).resolves.toBeUndefined();
  });

  it.each([
    [400, 'INVALID_INPUT'],
    [401, 'AUTH_EXPIRED'],
    [403, 'AUTH_EXPIRED'],
    [404, 'NOT_FOUND'],
    [409, 'INVALID_INPUT'],
    [422, 'INVALID_INPUT'],
    [429, 'RATE_LIMITED'],
    [500, 'UNAVAILABLE'],
    [503, 'UNAVAILABLE'],
    [418, 'INVALID_INPUT'],
  ])('maps a CRM %i to %s, naming the CRM but not the credentials', async (status, code) => {
    handler = (_req, _body, res) => json(res, status, { message: 'nope' });
    const error = await failure(
      client({ placement: { in: 'query', name: 'api_key' } }).get(
        '/contacts',
        { phone: '+1' },
        'findContactsByPhone',
      ),
    );
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.crm).toBe('Acme CRM');
    expect(error.operation).toBe('findContactsByPhone');
    // The CRM's own text reaches the log line; its answer is kept on the error.
    expect(error.message).toBe(`Acme CRM GET /contacts answered ${status}: "nope"`);
    expect(error.message).not.toContain('secret-key-123');
    expect(error.crmMessage).toBe('nope');
    expect(error.body).toEqual({ message: 'nope' });
  });

  it('keeps a nested CRM error, secrets redacted, and an oversized body not at all', async () => {
    handler = (_req, _body, res) =>
      json(res, 409, {
        error: { code: 'duplicate', message: 'already used', details: { existing_id: 'a1' } },
        token: 'secret-key-123',
      });
    const error = await failure(client().post('/activities', {}, 'createCallLog'));
    expect(error.message).toBe('Acme CRM POST /activities answered 409: "already used"');
    expect(error.safeMessage).toBe('already used');
    expect(error.body).toEqual({
      error: { code: 'duplicate', message: 'already used', details: { existing_id: 'a1' } },
      token: '[REDACTED]',
    });
    handler = (_req, _body, res) => json(res, 400, { message: 'x', filler: 'y'.repeat(9000) });
    expect((await failure(client().get('/contacts'))).body).toBeUndefined();
  });

  it('sends PUT and DELETE, and answers with headers through exchange', async () => {
    const lines: string[] = [];
    handler = (req, body, res) => {
      lines.push(`${req.method} ${req.url} ${body}`);
      res.setHeader('link', '<http://x/next>; rel="next"');
      json(res, 200, { ok: true });
    };
    const crm = client();
    expect(await crm.put('/a/1', { v: 1 }, 'updateCallLog')).toEqual({ ok: true });
    await crm.delete('/a/1', 'logout');
    const answer = await crm.exchange({ path: '/a', query: { page: 2 } });
    expect(answer.headers.link).toBe('<http://x/next>; rel="next"');
    expect(lines).toEqual(['PUT /base/a/1 {"v":1}', 'DELETE /base/a/1 ', 'GET /base/a?page=2 ']);
    expect(crm.pathOf(`${baseUrl}a?cursor=2`)).toBe('/a?cursor=2');
    expect(crm.pathOf('https://elsewhere.example/a')).toBeUndefined();
  });

  it('keeps the CRM validation text for rejected input only', async () => {
    handler = (_req, _body, res) =>
      json(res, 422, { error: 'validation_failed', message: 'name is\u0000 required' });
    expect((await failure(client().post('/x', {}))).safeMessage).toBe('name is  required');
    handler = (_req, _body, res) => json(res, 500, { message: 'stack trace at db.js:12' });
    expect((await failure(client().get('/x'))).safeMessage).toBeUndefined();
  });

  it('reads Retry-After on 429', async () => {
    handler = (_req, _body, res) => json(res, 429, {}, { 'retry-after': '7' });
    expect((await failure(client().get('/x'))).retryAfterSeconds).toBe(7);
  });

  it('treats a non-JSON success as the CRM being unavailable', async () => {
    handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html>maintenance</html>');
    };
    expect((await failure(client().get('/x'))).code).toBe('UNAVAILABLE');
  });

  it('times out, marking the outcome unknown', async () => {
    handler = () => undefined; // never answers
    const error = await failure(client({ budgetMs: 150 }).get('/slow'));
    expect(error).toMatchObject({ code: 'UNAVAILABLE', timedOut: true, outcomeUnknown: true });
  });

  it('maps a refused connection to UNAVAILABLE', async () => {
    const error = await failure(
      client({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).get('/x'),
    );
    expect(error).toMatchObject({
      code: 'UNAVAILABLE',
      timedOut: false,
      notSent: true,
      outcomeUnknown: false,
    });
    expect(error.message).toBe('Acme CRM GET /x could not connect (ECONNREFUSED)');
  });

  it('refreshes once after a 401 and retries with the new credentials', async () => {
    handler = (req, _body, res) =>
      req.headers.authorization === 'Bearer fresh' ? json(res, 200, { ok: 1 }) : json(res, 401, {});
    let refreshed = 0;
    const http = client({
      placement: { in: 'bearer' },
      credentials: {
        current: async () => ({ accessToken: 'stale' }),
        refreshAfterRejection: async (rejected) => {
          refreshed += 1;
          expect(rejected.accessToken).toBe('stale');
          return { accessToken: 'fresh' };
        },
      },
    });
    await expect(http.get('/me')).resolves.toEqual({ ok: 1 });
    expect(refreshed).toBe(1);
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
  });

  it('does not loop when the refreshed credentials are refused too', async () => {
    handler = (_req, _body, res) => json(res, 401, {});
    const http = client({
      placement: { in: 'bearer' },
      credentials: {
        current: async () => ({ accessToken: 'a' }),
        refreshAfterRejection: async () => ({ accessToken: 'b' }),
      },
    });
    expect((await failure(http.get('/me'))).code).toBe('AUTH_EXPIRED');
    expect(seen).toHaveLength(2);
  });

  it('keeps the connection alive between calls through its dispatcher (an undici Agent)', async () => {
    const agent = new Agent({ connect: { timeout: 1000 } });
    let connections = 0;
    const count = () => (connections += 1);
    server.on('connection', count);
    try {
      const http = client({ dispatcher: agent });
      // undici hands the socket back to its pool a tick after the body was read.
      const tick = () => new Promise((resolve) => setImmediate(resolve));
      await http.get('/one');
      await tick();
      await http.get('/two');
      await tick();
      await client({ dispatcher: agent }).get('/three');
      expect(seen).toHaveLength(3);
      expect(connections).toBe(1);
    } finally {
      server.off('connection', count);
      await agent.close();
    }
  });

  it('refuses absolute or protocol-relative paths (credentials only go to the CRM base URL)', async () => {
    await expect(client().get('https://evil.example/steal')).rejects.toThrow('relative');
    await expect(client().get('//evil.example/steal')).rejects.toThrow('relative');
    expect(seen).toHaveLength(0);
  });
});

/** A loopback port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('parseRetryAfter and safeCrmMessage', () => {
  it('reads delta seconds and HTTP dates', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('12', now)).toBe(12);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:30 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('takes a short message field and nothing else', () => {
    expect(safeCrmMessage('{"message":"bad phone"}')).toBe('bad phone');
    expect(safeCrmMessage('{"error_description":"expired"}')).toBe('expired');
    expect(safeCrmMessage('not json')).toBeUndefined();
    expect(safeCrmMessage('{"data":{"message":"nested"}}')).toBeUndefined();
    expect(safeCrmMessage('{"error":{"code":"x","message":"notes is required"}}')).toBe(
      'notes is required',
    );
    expect(safeCrmMessage(JSON.stringify({ message: 'x'.repeat(500) }))?.length).toBe(300);
  });
});
