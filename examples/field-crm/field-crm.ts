import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type Request, type Response } from 'express';
import { FaultInjector, type Fault } from '../sample-crm/fault-injector.js';
import { CursorError, pageOf } from './cursor-paging.js';
import {
  ApiError,
  errorReply,
  faultError,
  invalidQuery,
  jsonBody,
  notFound,
  parseJson,
  pause,
  queryText,
  rateLimited,
  send,
  unauthorized,
  type Reply,
} from './field-crm-http.js';
import { newActivityInput, newPersonInput, replacementInput } from './field-crm-input.js';
import { FieldCrmStore, serialOf, type FieldUser, type TokenKind } from './field-crm-store.js';
import { RateLimiter, type RateLimit } from './rate-limiter.js';

export interface FieldCrmOptions {
  /** Enables the `/_test` routes (reset, stats, activities, faults). Default false. */
  testApi?: boolean;
  /** Requests per API key or session token and window; none by default. */
  rateLimit?: RateLimit;
  /** Default page size of the paginated lists (default 2); `limit` may ask for up to 10. */
  pageSize?: number;
  /** One call per answered request: `{msg: 'request', method, route, status, user?}`. */
  log?: (entry: Record<string, unknown>) => void;
}

export interface StartFieldCrmOptions extends FieldCrmOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** The store's clock (also the rate limiter's), for tests that need predictable times. */
  now?: () => Date;
}

export interface RunningFieldCrm {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  store: FieldCrmStore;
  faults: FaultInjector;
  /** Reseeds the store (revoked keys work again), clears stats, faults and rate-limit windows. */
  reset(): void;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

interface Caller {
  user: FieldUser;
  token: string;
  kind: TokenKind;
}

export const TOKEN_HEADER = 'X-Field-Token';
const MAX_PAGE_SIZE = 10;

/** The field CRM as an Express app, plus what resets it. */
export function createFieldCrmApp(
  store: FieldCrmStore,
  faults: FaultInjector,
  opts: FieldCrmOptions = {},
): { app: Express; reset(): void } {
  const app = express();
  app.disable('x-powered-by');
  const limiter = opts.rateLimit && new RateLimiter(opts.rateLimit);
  const pageSize = opts.pageSize ?? 2;
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new RangeError(`pageSize must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const routeKeys: string[] = [];
  const reset = () => {
    store.reset();
    store.resetStats();
    faults.clear();
    limiter?.clear();
  };

  /** The one place a request's `X-Field-Token` becomes a user. */
  const authenticate = (req: Request): Caller => {
    const token = req.get(TOKEN_HEADER);
    if (!token) {
      throw unauthorized('missing_token', `Send your API key or session token as ${TOKEN_HEADER}`);
    }
    const record = store.token(token);
    const user = record && store.getUser(record.userId);
    if (!record || !user) throw unauthorized('invalid_token', 'Unknown API key or session token');
    if (record.revoked_at !== undefined) {
      throw unauthorized('token_revoked', 'This API key or session token was logged out');
    }
    return { user, token, kind: record.kind };
  };

  /** An API route: counted, faultable, authenticated (unless `open`), rate-limited, logged. */
  const api = (
    method: Method,
    path: string,
    handler: (req: Request, caller: Caller) => Reply,
    { open = false } = {},
  ) => {
    const routeKey = `${method} ${path}`;
    routeKeys.push(routeKey);
    route(app, method, path, async (req, res) => {
      store.countRequest(routeKey);
      let userId: string | undefined;
      res.once('finish', () =>
        opts.log?.({
          msg: 'request',
          method,
          route: routeKey,
          status: res.statusCode,
          user: userId,
        }),
      );
      const fault = faults.take(routeKey);
      if (fault && !fault.afterHandler && (await applyFault(fault, req, res))) return;
      const reply = await attempt(async () => {
        const caller = open ? undefined : authenticate(req);
        userId = caller?.user.id;
        const verdict = caller && limiter?.take(caller.token, store.seconds());
        if (verdict && !verdict.ok) throw rateLimited(verdict.retryAfterSeconds);
        await parseJson(req, res);
        return handler(req, caller!);
      });
      if (fault?.afterHandler && (await applyFault(fault, req, res))) return;
      send(res, reply);
    });
  };

  const control = (method: Method, path: string, handler: (req: Request) => Reply) => {
    route(app, method, path, async (req, res) => {
      send(
        res,
        await attempt(async () => {
          await parseJson(req, res);
          return handler(req);
        }),
      );
    });
  };

  const limitOf = (req: Request): number => {
    const text = queryText(req, 'limit');
    if (text === undefined) return pageSize;
    const limit = Number(text);
    if (!/^\d+$/.test(text) || limit < 1 || limit > MAX_PAGE_SIZE) {
      throw invalidQuery(`limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`);
    }
    return limit;
  };

  const page = <T extends { id: string }>(req: Request, items: T[], query: string): Reply => {
    try {
      const body = pageOf(
        items,
        (item) => serialOf(item.id),
        query,
        queryText(req, 'cursor'),
        limitOf(req),
      );
      return { status: 200, body };
    } catch (err) {
      if (err instanceof CursorError) throw new ApiError(400, 'invalid_cursor', err.message);
      throw err;
    }
  };

  const existingPerson = (id: string) => {
    const person = store.getPerson(id);
    if (!person) throw notFound('person', id);
    return person;
  };

  const userBody = (user: FieldUser) => ({
    id: user.id,
    name: user.name,
    email: user.email,
    time_zone: user.timeZone,
  });

  api(
    'POST',
    '/v2/login',
    (req) => {
      const { email, password } = jsonBody(req);
      const session =
        typeof email === 'string' && typeof password === 'string' && store.login(email, password);
      if (!session) throw new ApiError(401, 'invalid_login', 'Wrong email or password');
      return { status: 201, body: { token: session.token, user: userBody(session.user) } };
    },
    { open: true },
  );

  api('POST', '/v2/logout', (_req, caller) => {
    store.revokeToken(caller.token);
    return { status: 204 };
  });

  api('GET', '/v2/whoami', (_req, { user, kind }) => ({
    status: 200,
    body: { user: userBody(user), token: { kind } },
  }));

  api('GET', '/v2/people/search', (req) => {
    const digits = queryText(req, 'phone_digits');
    const name = queryText(req, 'name')?.trim() || undefined;
    if ((digits === undefined) === (name === undefined)) {
      throw invalidQuery('give exactly one of phone_digits or name');
    }
    if (digits !== undefined && !/^\d{4,20}$/.test(digits)) {
      throw invalidQuery('phone_digits must be 4 to 20 digits and nothing else, e.g. 301234567');
    }
    const people = store.searchPeople({ phoneDigits: digits, name });
    return page(
      req,
      people,
      digits !== undefined ? `phone:${digits}` : `name:${name!.toLowerCase()}`,
    );
  });

  api('POST', '/v2/people', (req) => ({
    status: 201,
    body: store.createPerson(newPersonInput(jsonBody(req))),
  }));

  api('GET', '/v2/people/:id', (req) => ({
    status: 200,
    body: existingPerson(String(req.params.id)),
  }));

  api('POST', '/v2/people/:id/activities', (req, { user }) => {
    const person = existingPerson(String(req.params.id));
    const { content, externalRef } = newActivityInput(jsonBody(req));
    const result = store.createActivity(user.id, person.id, content, externalRef);
    if ('conflict' in result) {
      const existing = result.conflict;
      throw new ApiError(
        409,
        'duplicate_external_ref',
        `external_ref ${externalRef} is already used by activity ${existing.id}`,
        { existing_id: existing.id, external_ref: externalRef },
      );
    }
    if ('missingPerson' in result) throw notFound('person', person.id);
    return {
      status: 201,
      body: result.created,
      headers: { Location: `/v2/activities/${result.created.id}` },
    };
  });

  api('GET', '/v2/people/:id/activities', (req) => {
    const person = existingPerson(String(req.params.id));
    return page(req, store.listActivities({ personId: person.id }), `activities:${person.id}`);
  });

  api('GET', '/v2/activities/:id', (req) => {
    const activity = store.getActivity(String(req.params.id));
    if (!activity) throw notFound('activity', String(req.params.id));
    return { status: 200, body: activity };
  });

  api('PUT', '/v2/activities/:id', (req) => {
    const id = String(req.params.id);
    const current = store.getActivity(id);
    if (!current) throw notFound('activity', id);
    return {
      status: 200,
      body: store.replaceActivity(id, replacementInput(jsonBody(req), current)),
    };
  });

  if (opts.testApi) {
    control('GET', '/_test/stats', () => ({ status: 200, body: store.stats() }));
    control('POST', '/_test/reset', () => {
      reset();
      return { status: 204 };
    });
    control('GET', '/_test/activities', (req) => ({
      status: 200,
      body: {
        activities: store.listActivities({
          personId: queryText(req, 'person_id'),
          ownerId: queryText(req, 'owner_id'),
        }),
      },
    }));
    control('POST', '/_test/faults', (req) => {
      const { route: routeKey, ...fault } = jsonBody(req);
      if (typeof routeKey !== 'string' || (routeKey !== '*' && !routeKeys.includes(routeKey))) {
        throw new ApiError(
          400,
          'validation_failed',
          `route must be '*' or one of: ${routeKeys.join(', ')}`,
        );
      }
      try {
        faults.set(routeKey, fault as Fault);
      } catch (err) {
        throw new ApiError(400, 'validation_failed', (err as Error).message);
      }
      return { status: 204 };
    });
    control('DELETE', '/_test/faults', () => {
      faults.clear();
      return { status: 204 };
    });
  }

  app.use((req: Request, res: Response) => {
    send(res, errorReply(new ApiError(404, 'no_route', `no route for ${req.method} ${req.path}`)));
  });
  return { app, reset };
}

/** Starts the field CRM on its own HTTP server. */
export async function startFieldCrm(opts: StartFieldCrmOptions = {}): Promise<RunningFieldCrm> {
  const store = new FieldCrmStore(opts.now);
  const faults = new FaultInjector();
  const { app, reset } = createFieldCrmApp(store, faults, opts);
  const server = createServer(app);
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    port,
    store,
    faults,
    reset,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function route(
  app: Express,
  method: Method,
  path: string,
  handle: (req: Request, res: Response) => Promise<void>,
): void {
  app[method.toLowerCase() as 'get' | 'post' | 'put' | 'delete'](path, handle);
}

/** Applies a fault to the answer. True when the request is finished with (answered or dropped). */
async function applyFault(fault: Fault, req: Request, res: Response): Promise<boolean> {
  if (req.socket.destroyed) return true;
  if (fault.latencyMs) await pause(fault.latencyMs, res);
  if (req.socket.destroyed) return true;
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.status === undefined) return false;
  send(res, errorReply(faultError(fault.status, fault.retryAfter)));
  return true;
}

async function attempt(handle: () => Promise<Reply>): Promise<Reply> {
  try {
    return await handle();
  } catch (err) {
    return errorReply(err);
  }
}
