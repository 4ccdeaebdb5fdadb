import { Logger } from '@nestjs/common';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createCrmBreaker,
  createCrmBulkhead,
  CrmCallPolicy,
  type CrmAttemptRecord,
  type CrmCallRecord,
  type CrmCallSettings,
} from './crm-call-policy.js';
import { CrmError } from './crm-error.js';
import { CrmHttpClient, type CrmHttpClientOptions } from './crm-http-client.js';

/** Answers the n-th request (1-based) of a test; `seen` holds what arrived. */
type Handler = (req: IncomingMessage, res: ServerResponse, n: number) => void;

/**
 * The policy through the real client against a real local HTTP server: attempt counts and
 * outcomes, never durations.
 */
describe('CrmCallPolicy', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  let seen: { method?: string; url?: string; headers: IncomingMessage['headers'] }[];
  let attempts: CrmAttemptRecord[];
  let warnings: string[];

  beforeAll(async () => {
    const quiet = () => undefined;
    Logger.overrideLogger({
      log: quiet,
      error: quiet,
      debug: quiet,
      verbose: quiet,
      warn: (message: unknown) => warnings.push(String(message)),
    });
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push({ method: req.method, url: req.url, headers: req.headers });
        handler(req, res, seen.length);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    seen = [];
    attempts = [];
    warnings = [];
    handler = (_req, res) => json(res, 200, { ok: true });
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
  /** Fails the first `n` requests with `fail`, then answers 200 {ok: n}. */
  const failFirst =
    (count: number, fail: (res: ServerResponse) => void): Handler =>
    (_req, res, n) =>
      n <= count ? fail(res) : json(res, 200, { ok: n });

  const settings = (overrides: Partial<CrmCallSettings> = {}): CrmCallSettings => ({
    attemptTimeoutMs: 2000,
    maxAttempts: 3,
    retryBaseDelayMs: 20,
    retryMaxDelayMs: 50,
    retryAfterCapSeconds: 5,
    ...overrides,
  });
  const policy = (
    overrides: Partial<CrmCallSettings> = {},
    { threshold = 100, halfOpenMs = 1000, concurrent = 10, queued = 10 } = {},
  ) =>
    new CrmCallPolicy(
      settings(overrides),
      createCrmBreaker(threshold, halfOpenMs),
      createCrmBulkhead(concurrent, queued),
      (attempt) => attempts.push(attempt),
    );
  const client = (overrides: Partial<CrmHttpClientOptions> = {}) =>
    new CrmHttpClient({
      baseUrl,
      crmName: 'Acme CRM',
      placement: { in: 'header', name: 'X-API-Key' },
      credentials: { current: async () => ({ apiKey: 'k' }) },
      policy: policy(),
      budgetMs: 10000,
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
  const reset = (res: ServerResponse) => res.socket?.destroy();
  const unavailable = (res: ServerResponse) => json(res, 503, { message: 'down' });

  describe('call records (metrics)', () => {
    const recorded = () => {
      const calls: CrmCallRecord[] = [];
      const observed = new CrmCallPolicy(
        settings(),
        createCrmBreaker(100, 1000),
        createCrmBulkhead(10, 10),
        undefined,
        (call) => calls.push(call),
      );
      return { calls, policy: observed };
    };

    it('reports one record per call, with its operation, outcome and attempts', async () => {
      const { calls, policy: observed } = recorded();
      handler = failFirst(1, unavailable);
      await client({ policy: observed }).get('/contacts', undefined, 'findContactsByPhone');
      expect(calls).toEqual([
        expect.objectContaining({ operation: 'findContactsByPhone', outcome: 'ok', attempts: 2 }),
      ]);
      expect(calls[0].durationMs).toBeGreaterThanOrEqual(0);
    });

    it('reports a failed call with its error code, and an unnamed operation as such', async () => {
      const { calls, policy: observed } = recorded();
      handler = (_req, res) => json(res, 404, {});
      await failure(client({ policy: observed }).get('/contacts/9'));
      expect(calls).toEqual([
        expect.objectContaining({ operation: 'unnamed', outcome: 'NOT_FOUND', attempts: 1 }),
      ]);
    });
  });

  describe('retries', () => {
    it('retries a GET after a 5xx and succeeds with the next answer', async () => {
      handler = failFirst(1, unavailable);
      await expect(client().get('/contacts')).resolves.toEqual({ ok: 2 });
      expect(seen).toHaveLength(2);
      expect(attempts.map((a) => [a.attempt, a.outcome, a.status])).toEqual([
        [1, 'UNAVAILABLE', 503],
        [2, 'ok', undefined],
      ]);
    });

    it('stops after maxAttempts and keeps the last CRM status on the error and in the log', async () => {
      handler = (_req, res) => json(res, 502, {});
      const error = await failure(client().get('/contacts', { phone: '+1555' }));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', status: 502, outcomeUnknown: false });
      expect(seen).toHaveLength(3);
      expect(warnings).toEqual([
        'Acme CRM GET /contacts answered 502 (UNAVAILABLE, status 502, 3 attempts)',
      ]);
    });

    it.each([
      [400, 'INVALID_INPUT'],
      [404, 'NOT_FOUND'],
      [501, 'UNAVAILABLE'],
    ])('does not retry a %i', async (status, code) => {
      handler = (_req, res) => json(res, status, {});
      expect((await failure(client().get('/x'))).code).toBe(code);
      expect(seen).toHaveLength(1);
    });

    it('retries a dropped connection on a GET', async () => {
      handler = failFirst(2, reset);
      await expect(client().get('/contacts')).resolves.toEqual({ ok: 3 });
      expect(seen).toHaveLength(3);
    });

    it('retries PUT and DELETE, but PATCH only when the provider declared it idempotent', async () => {
      handler = failFirst(1, unavailable);
      await expect(client().request({ method: 'PUT', path: '/a', body: {} })).resolves.toEqual({
        ok: 2,
      });
      seen = [];
      await expect(client().request({ method: 'DELETE', path: '/a' })).resolves.toEqual({ ok: 2 });
      seen = [];
      expect((await failure(client().patch('/a', {}))).status).toBe(503);
      expect(seen).toHaveLength(1);
      seen = [];
      await expect(client({ idempotentPatch: true }).patch('/a', {})).resolves.toEqual({ ok: 2 });
      expect(seen).toHaveLength(2);
    });

    it('never resends a POST that is not retry-safe, and says when its outcome is unknown', async () => {
      handler = failFirst(1, unavailable);
      expect(await failure(client().post('/activities', {}))).toMatchObject({
        status: 503,
        outcomeUnknown: false,
      });
      expect(seen).toHaveLength(1);
      seen = [];
      handler = failFirst(1, reset);
      expect(await failure(client().post('/activities', {}))).toMatchObject({
        code: 'UNAVAILABLE',
        outcomeUnknown: true,
        notSent: false,
      });
      expect(seen).toHaveLength(1);
    });

    it('resends a POST with an idempotency key, with the same key each time', async () => {
      handler = failFirst(1, reset);
      await expect(
        client().post('/activities', { a: 1 }, 'createCallLog', { idempotencyKey: 'key-1' }),
      ).resolves.toEqual({ ok: 2 });
      expect(seen.map((s) => s.headers['idempotency-key'])).toEqual(['key-1', 'key-1']);
      seen = [];
      await client({ idempotencyKeyHeader: 'X-Request-Id' }).post('/a', {}, 'op', {
        idempotencyKey: 'key-2',
      });
      expect(seen[0].headers['x-request-id']).toBe('key-2');
    });

    it('resends a POST the provider vouches for (retrySafe)', async () => {
      handler = failFirst(1, unavailable);
      await expect(client().post('/search', {}, 'search', { retrySafe: true })).resolves.toEqual({
        ok: 2,
      });
      expect(seen).toHaveLength(2);
    });

    it('looks before it resends: what the lookup finds is the answer', async () => {
      handler = failFirst(1, unavailable);
      let lookups = 0;
      const found = await client().post<{ id: number }>('/activities', {}, 'create', {
        lookupBeforeRetry: async () => {
          lookups += 1;
          return { id: 7 };
        },
      });
      expect(found).toEqual({ id: 7 });
      expect([lookups, seen.length]).toEqual([1, 1]);

      seen = [];
      const resent = await client().post('/activities', {}, 'create', {
        lookupBeforeRetry: async () => undefined,
      });
      expect(resent).toEqual({ ok: 2 });
      expect(seen).toHaveLength(2);
    });

    it('resends any request that never reached the CRM (connection refused)', async () => {
      const error = await failure(
        client({ baseUrl: `http://127.0.0.1:${await closedPort()}` }).post('/activities', {}),
      );
      expect(error).toMatchObject({ code: 'UNAVAILABLE', notSent: true, outcomeUnknown: false });
      expect(attempts).toHaveLength(3);
    });

    it('remembers an unknown outcome when a later attempt fails plainly', async () => {
      handler = (_req, res, n) => (n === 1 ? reset(res) : unavailable(res));
      const error = await failure(client().post('/a', {}, 'op', { idempotencyKey: 'k' }));
      expect(error).toMatchObject({ status: 503, outcomeUnknown: true });
      expect(seen).toHaveLength(3);
    });
  });

  describe('timeouts and the deadline', () => {
    it('times an attempt out and retries a GET', async () => {
      handler = (_req, res, n) => (n === 1 ? undefined : json(res, 200, { ok: n }));
      const http = client({ policy: policy({ attemptTimeoutMs: 200 }) });
      await expect(http.get('/slow')).resolves.toEqual({ ok: 2 });
      expect(attempts.map((a) => [a.outcome, a.timedOut])).toEqual([
        ['UNAVAILABLE', true],
        ['ok', undefined],
      ]);
    });

    it('times out a body that stops half-way (not an empty success)', async () => {
      handler = (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"partial":');
      };
      const http = client({ policy: policy({ maxAttempts: 1, attemptTimeoutMs: 200 }) });
      expect(await failure(http.get('/x'))).toMatchObject({ timedOut: true });
    });

    it('cuts the attempt to the budget, and starts no retry the budget cannot hold', async () => {
      handler = () => undefined; // never answers
      const http = client({
        policy: policy({ attemptTimeoutMs: 60000 }),
        budgetMs: 300,
      });
      const error = await failure(http.get('/slow'));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', timedOut: true });
      expect(seen).toHaveLength(1);
    });

    it('shares one budget between the calls of a client', async () => {
      handler = (_req, res, n) => (n === 1 ? setTimeout(() => json(res, 200, {}), 250) : undefined);
      const http = client({ budgetMs: 400 });
      await http.get('/first');
      expect(await failure(http.get('/second'))).toMatchObject({ timedOut: true });
      expect(seen).toHaveLength(2);
    });

    it('does not call the CRM once the budget is spent', async () => {
      const error = await failure(client({ budgetMs: 0 }).get('/x'));
      expect(error).toMatchObject({ code: 'UNAVAILABLE', timedOut: true, notSent: true });
      expect(error.outcomeUnknown).toBe(false);
      expect(seen).toHaveLength(0);
    });
  });

  describe('429 and Retry-After', () => {
    const limited = (retryAfter?: string) => (res: ServerResponse) =>
      json(res, 429, {}, retryAfter === undefined ? {} : { 'retry-after': retryAfter });

    it('waits the Retry-After seconds within the cap, then succeeds', async () => {
      handler = failFirst(1, limited('1'));
      await expect(client().get('/x')).resolves.toEqual({ ok: 2 });
      expect(seen).toHaveLength(2);
    });

    it('reads Retry-After as an HTTP date too', async () => {
      handler = failFirst(1, limited(new Date(Date.now() + 1000).toUTCString()));
      await expect(client().get('/x')).resolves.toEqual({ ok: 2 });
      expect(seen).toHaveLength(2);
    });

    it('fails at once with RATE_LIMITED when Retry-After is beyond the cap', async () => {
      handler = failFirst(1, limited('60'));
      const error = await failure(client().get('/x'));
      expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, retryAfterSeconds: 60 });
      expect(seen).toHaveLength(1);
    });

    it('fails at once when Retry-After is within the cap but beyond the budget', async () => {
      // A budget that a loaded machine's first attempt cannot use up, and a wait longer than it.
      handler = failFirst(1, limited('15'));
      const error = await failure(
        client({ budgetMs: 10_000, policy: policy({ retryAfterCapSeconds: 20 }) }).get('/x'),
      );
      expect(error).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 15 });
      expect(seen).toHaveLength(1);
    });

    it('backs off without Retry-After, and gives up after maxAttempts', async () => {
      handler = (_req, res) => limited()(res);
      expect((await failure(client().get('/x'))).code).toBe('RATE_LIMITED');
      expect(seen).toHaveLength(3);
    });

    it('does not resend a POST that is not retry-safe', async () => {
      handler = failFirst(1, limited('1'));
      expect((await failure(client().post('/x', {}))).code).toBe('RATE_LIMITED');
      expect(seen).toHaveLength(1);
    });
  });

  describe('circuit breaker', () => {
    it('opens after consecutive failures, refuses without calling, and closes after a good probe', async () => {
      const shared = policy({ maxAttempts: 1 }, { threshold: 2, halfOpenMs: 300 });
      const http = () => client({ policy: shared });
      handler = (_req, res) => unavailable(res);
      await failure(http().get('/a'));
      await failure(http().get('/a'));
      expect(seen).toHaveLength(2);

      const refused = await failure(http().get('/a'));
      expect(refused).toMatchObject({ code: 'UNAVAILABLE', circuitOpen: true, notSent: true });
      expect(refused.message).toBe(
        'Acme CRM GET /a not called: its circuit breaker is open after repeated failures',
      );
      expect(seen).toHaveLength(2);

      handler = (_req, res) => json(res, 200, { ok: true });
      await new Promise((resolve) => setTimeout(resolve, 350));
      await expect(http().get('/a')).resolves.toEqual({ ok: true });
      await expect(http().get('/a')).resolves.toEqual({ ok: true });
      expect(seen).toHaveLength(4);
    });

    it('opens again when the half-open probe fails', async () => {
      const shared = policy({ maxAttempts: 1 }, { threshold: 1, halfOpenMs: 200 });
      handler = (_req, res) => unavailable(res);
      await failure(client({ policy: shared }).get('/a'));
      await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await failure(client({ policy: shared }).get('/a'))).status).toBe(503);
      expect((await failure(client({ policy: shared }).get('/a'))).circuitOpen).toBe(true);
      expect(seen).toHaveLength(2);
    });

    it('does not count answers that are the caller’s fault (4xx, 429)', async () => {
      const shared = policy({ maxAttempts: 1 }, { threshold: 1 });
      handler = (_req, res) => json(res, 422, {});
      await failure(client({ policy: shared }).get('/a'));
      handler = (_req, res) => json(res, 429, {});
      await failure(client({ policy: shared }).get('/a'));
      handler = (_req, res) => json(res, 200, {});
      await client({ policy: shared }).get('/a');
      expect(seen).toHaveLength(3);
    });

    it('stops the retries of a call once its failures open the breaker', async () => {
      handler = (_req, res) => unavailable(res);
      const error = await failure(
        client({ policy: policy({ maxAttempts: 5 }, { threshold: 2 }) }).get('/a'),
      );
      expect(error.circuitOpen).toBe(true);
      expect(seen).toHaveLength(2);
    });
  });

  describe('bulkhead', () => {
    /** Holds requests until released. */
    const holding = () => {
      const held: ServerResponse[] = [];
      handler = (_req, res) => held.push(res);
      return {
        arrived: () => held.length,
        release: () => held.splice(0).forEach((res) => json(res, 200, { ok: true })),
      };
    };
    const until = async (condition: () => boolean) => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
    };

    it('refuses at once as BUSY (ours, not the CRM) when every slot and the queue are taken', async () => {
      const gate = holding();
      const shared = policy({}, { concurrent: 1, queued: 0 });
      const first = client({ policy: shared }).get('/a');
      await until(() => gate.arrived() === 1);
      const refused = await failure(client({ policy: shared }).get('/a'));
      expect(refused).toMatchObject({ code: 'BUSY', notSent: true, outcomeUnknown: false });
      expect(refused.status).toBeUndefined();
      gate.release();
      await expect(first).resolves.toEqual({ ok: true });
      expect(seen).toHaveLength(1);
    });

    it('queues a call until a slot frees', async () => {
      const gate = holding();
      const shared = policy({}, { concurrent: 1, queued: 1 });
      const first = client({ policy: shared }).get('/a');
      const second = client({ policy: shared }).get('/b');
      await until(() => gate.arrived() === 1);
      gate.release();
      await first;
      await until(() => gate.arrived() === 1);
      gate.release();
      await expect(second).resolves.toEqual({ ok: true });
      expect(seen.map((s) => s.url)).toEqual(['/a', '/b']);
    });

    it('answers BUSY when no slot frees within the budget, without calling the CRM', async () => {
      const gate = holding();
      const shared = policy({ maxAttempts: 1 }, { concurrent: 1 });
      const first = client({ policy: shared }).get('/a');
      await until(() => gate.arrived() === 1);
      const waited = await failure(client({ policy: shared, budgetMs: 150 }).get('/b'));
      expect(waited).toMatchObject({ code: 'BUSY', timedOut: false, notSent: true });
      gate.release();
      await first;
      expect(seen.map((s) => s.url)).toEqual(['/a']);
    });

    it('waits for a slot longer than one attempt may take, while the budget allows', async () => {
      const gate = holding();
      const bulkhead = createCrmBulkhead(1, 10);
      const withTimeout = (attemptTimeoutMs: number) =>
        new CrmCallPolicy(
          settings({ maxAttempts: 1, attemptTimeoutMs }),
          createCrmBreaker(100, 1000),
          bulkhead,
        );
      const first = client({ policy: withTimeout(5000) }).get('/a');
      await until(() => gate.arrived() === 1);
      const second = client({ policy: withTimeout(100), budgetMs: 5000 }).get('/b');
      // Three times the second call's attempt timeout: its wait for a slot is not an attempt.
      await new Promise((resolve) => setTimeout(resolve, 300));
      gate.release();
      await first;
      await until(() => gate.arrived() === 1);
      gate.release();
      await expect(second).resolves.toEqual({ ok: true });
    });
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
