import { createServer, STATUS_CODES } from 'node:http';
import type { AddressInfo } from 'node:net';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { FaultInjector, type Fault } from './fault-injector.js';
import {
  createOAuthProvider,
  mountOAuthServer,
  OAUTH_PATH,
  type OAuthServer,
  type OAuthServerOptions,
} from './sample-crm-oauth.js';
import { sampleCrmLog } from './sample-crm-log.js';
import {
  ACTIVITY_TYPES,
  APPOINTMENT_STATUSES,
  CONTACT_TYPES,
  SampleCrmStore,
  type ActivityFields,
  type ActivityPatch,
  type Appointment,
  type AppointmentPatch,
  type CrmUser,
} from './sample-crm-store.js';

export {
  DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
  DEFAULT_OAUTH_CLIENT_ID,
  DEFAULT_OAUTH_CLIENT_SECRET,
  DEFAULT_REDIRECT_URIS,
  OAUTH_SCOPES,
} from './sample-crm-oauth.js';
export {
  authorizeWithPassword,
  createPkcePair,
  followAuthorizeUrl,
  type AuthorizeResult,
  type AuthorizeWithPasswordOptions,
  type BrowserLogin,
} from './oauth-browser.js';

export interface SampleCrmOptions {
  /** Enables the `/_test` control routes (stats, reset, faults, grants, revoke-user). Default false. */
  testApi?: boolean;
  /**
   * The OAuth server (see createOAuthProvider), mounted at `/oauth`; its access tokens then work as
   * bearer tokens on the API. Without it only API keys do.
   */
  oauth?: OAuthServer;
}

export interface StartSampleCrmOptions
  extends Omit<SampleCrmOptions, 'oauth'>, Omit<OAuthServerOptions, 'issuer'> {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Build the OAuth server on its first use instead of before answering (`npm start`). */
  lazyOAuth?: boolean;
  /** Default 127.0.0.1. */
  host?: string;
  /**
   * The CRM's base URL as browsers and clients reach it (behind a proxy, in Docker): the OAuth
   * issuer is `<publicUrl>/oauth`. Default: the URL it listens on.
   */
  publicUrl?: string;
  /** The store's clock, for tests that need predictable timestamps. */
  now?: () => Date;
}

export interface RunningSampleCrm {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  url: string;
  port: number;
  store: SampleCrmStore;
  faults: FaultInjector;
  /** The OAuth server, built on first use; its state lives in `store.oauth`. */
  oauth: OAuthServer;
  /** `<publicUrl>/oauth`: endpoints `/auth`, `/token`, `/token/revocation` below it. */
  issuer: string;
  /** Reseeds the store, clears the stats (grant counters too) and the faults. OAuth grants stay. */
  reset(): void;
  /** Stops listening and drops open (keep-alive) connections. */
  close(): Promise<void>;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
type JsonObject = Record<string, unknown>;

interface Reply {
  status: number;
  /** Sent as JSON; no body when undefined. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** An error answer: `{"error": code, "message": message}`. */
class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
const invalid = (message: string) => new ApiError(422, 'validation_failed', message);
const notFound = (message: string) => new ApiError(404, 'not_found', message);
const conflict = (message: string) => new ApiError(409, 'conflict', message);
const unauthorized = () => new ApiError(401, 'unauthorized', 'Missing or invalid credentials');
const invalidToken = () =>
  new ApiError(401, 'unauthorized', 'Invalid, expired or revoked access token', {
    'WWW-Authenticate': 'Bearer realm="sample-crm", error="invalid_token"',
  });
const insufficientScope = (scope: string) =>
  new ApiError(403, 'insufficient_scope', `The access token lacks the ${scope} scope`, {
    'WWW-Authenticate': `Bearer realm="sample-crm", error="insufficient_scope", scope="${scope}"`,
  });

/** The OAuth endpoints that faults can target (by exact route key; `'*'` is API routes only). */
export const OAUTH_FAULT_ROUTE_KEYS = [
  `POST ${OAUTH_PATH}/token`,
  `POST ${OAUTH_PATH}/token/revocation`,
] as const;

const MAX_TEXT = 255;
const ACTIVITY_TYPE_NAMES = { call: 'Call', sms: 'SMS', fax: 'Fax', voicemail: 'Voicemail' };
const MAX_ACTIVITY_BODY_BYTES = 2 * 1024 * 1024;
const jsonParser = express.json({ limit: '5mb' });

/** Who is calling, and what the credentials allow. */
export interface Caller {
  user: CrmUser;
  via: 'api-key' | 'bearer';
  /** The scopes of an OAuth access token; none for an API key, which may do everything. */
  scopes?: ReadonlySet<string>;
}

/**
 * The one place a request's credentials become a CRM user: `X-API-Key`, or
 * `Authorization: Bearer <access token>` issued by the OAuth server (looked up in its store; an
 * expired or revoked token resolves to nobody). The first credential present decides.
 */
export async function resolveUser(
  store: SampleCrmStore,
  req: Request,
  oauth?: OAuthServer,
): Promise<Caller | undefined> {
  const apiKey = req.get('x-api-key');
  if (apiKey) {
    const user = store.findUserByApiKey(apiKey);
    return user && { user, via: 'api-key' };
  }
  const bearer = /^Bearer +([^\s]+) *$/i.exec(req.get('authorization') ?? '')?.[1];
  if (!bearer || !oauth) return undefined;
  const provider = await oauth();
  const token = await provider.AccessToken.find(bearer).catch(() => undefined);
  if (!token || token.isExpired) return undefined;
  // Revoking a grant deletes its tokens too; checking the grant as well costs one lookup.
  if (!(await provider.Grant.find(token.grantId))) return undefined;
  const user = store.getUser(token.accountId);
  return user && { user, via: 'bearer', scopes: token.scopes };
}

const hasBearer = (req: Request) => /^Bearer /i.test(req.get('authorization') ?? '');

/** The sample CRM as an Express app, to listen on or to mount and extend. */
export function createSampleCrmApp(
  store: SampleCrmStore,
  faults: FaultInjector,
  opts: SampleCrmOptions = {},
): Express {
  const app = express();
  app.disable('x-powered-by');
  const apiRouteKeys: string[] = [];

  /**
   * An API route: counted in the stats, subject to faults, authenticated. A bearer token needs
   * `scope` (API keys may do everything).
   */
  const api = (
    method: Method,
    path: string,
    scope: string | undefined,
    handler: (req: Request, user: CrmUser) => Reply,
  ) => {
    const routeKey = `${method} ${path}`;
    apiRouteKeys.push(routeKey);
    route(app, method, path, async (req, res) => {
      store.countRequest(routeKey);
      const fault = faults.take(routeKey);
      if (fault && !fault.afterHandler && (await applyFault(fault, req, res))) return;
      const reply = await attempt(async () => {
        const caller = await resolveUser(store, req, opts.oauth);
        if (!caller)
          throw req.get('x-api-key') || !hasBearer(req) ? unauthorized() : invalidToken();
        if (scope && caller.scopes && !caller.scopes.has(scope)) throw insufficientScope(scope);
        await parseJson(req, res);
        return handler(req, caller.user);
      });
      if (fault?.afterHandler && (await applyFault(fault, req, res))) return;
      send(res, reply);
    });
  };

  /** A `/_test` control route: not counted, never faulted, no credentials. */
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

  const existingContactId = (value: unknown): number => {
    if (value === undefined || value === null || value === '') {
      throw invalid('contactId is required');
    }
    if (typeof value !== 'number' && typeof value !== 'string') {
      throw invalid('contactId must be a number');
    }
    const id = typeof value === 'number' ? value : /^\d+$/.test(value) ? Number(value) : NaN;
    if (!store.getContact(id)) throw invalid(`contact ${value} does not exist`);
    return id;
  };

  api('GET', '/api/me', undefined, (_req, user) => ({
    status: 200,
    body: { id: user.id, name: user.name, email: user.email, timezone: user.timezone },
  }));

  api('GET', '/api/contacts', 'contacts', (req) => {
    const phone = queryText(req, 'phone');
    const name = queryText(req, 'name');
    if (phone === undefined && name === undefined) throw badRequest('phone or name is required');
    return { status: 200, body: { data: store.findContacts({ phone, name }) } };
  });

  api('POST', '/api/contacts', 'contacts', (req) => {
    const body = jsonBody(req);
    const name = requiredText(body, 'name');
    const phone = requiredText(body, 'phone');
    const type = oneOf(body, 'type', CONTACT_TYPES) ?? 'Person';
    return { status: 201, body: store.createContact({ name, phone, type }) };
  });

  api('POST', '/api/activities', 'activities', (req, user) => {
    // A retry with the same key gets the first answer's activity instead of a duplicate.
    const idempotencyKey = req.get('idempotency-key') || undefined;
    const earlier = idempotencyKey && store.activityForIdempotencyKey(user.id, idempotencyKey);
    if (earlier) return { status: 200, body: earlier, headers: { 'Idempotent-Replayed': 'true' } };

    const body = jsonBody(req);
    const type = oneOf(body, 'type', ACTIVITY_TYPES);
    if (type === undefined) throw invalid('type is required');
    const contactId = existingContactId(body.contactId);
    const subject = requiredText(body, 'subject');
    const text = activityBody(body.body);
    if (text === undefined) throw invalid('body is required');
    const occurredAt = isoDate(body.occurredAt);
    const externalId = optionalText(body, 'externalId');
    const fields = activityFields(body.fields);
    const activity = store.createActivity(
      user.id,
      { type, contactId, subject, body: text, occurredAt, externalId, fields },
      idempotencyKey,
    );
    return { status: 201, body: activity };
  });

  api('GET', '/api/activities', 'activities', (req) => {
    const contactIdText = queryText(req, 'contactId');
    const externalId = queryText(req, 'externalId');
    if (contactIdText === undefined && externalId === undefined) {
      throw badRequest('contactId or externalId is required');
    }
    const contactId = contactIdText === undefined ? undefined : Number(contactIdText);
    if (contactId !== undefined && !Number.isSafeInteger(contactId)) {
      throw badRequest('contactId must be a number');
    }
    return { status: 200, body: { data: store.listActivities({ contactId, externalId }) } };
  });

  api('GET', '/api/activities/:id', 'activities', (req) => {
    const activity = store.getActivity(Number(req.params.id));
    if (!activity) throw notFound(`activity ${req.params.id} not found`);
    return { status: 200, body: activity };
  });

  api('PATCH', '/api/activities/:id', 'activities', (req) => {
    const id = Number(req.params.id);
    if (!store.getActivity(id)) throw notFound(`activity ${req.params.id} not found`);
    const body = jsonBody(req);
    const patch: ActivityPatch = {};
    if (body.subject !== undefined) patch.subject = requiredText(body, 'subject');
    const text = activityBody(body.body);
    if (text !== undefined) patch.body = text;
    const fields = activityFields(body.fields);
    if (fields !== undefined) patch.fields = fields;
    return { status: 200, body: store.updateActivity(id, patch) };
  });

  // Account-level metadata: what every user of the CRM shares (no credentials in it).
  api('GET', '/api/activity-types', 'activities', () => ({
    status: 200,
    body: { data: ACTIVITY_TYPES.map((key) => ({ key, name: ACTIVITY_TYPE_NAMES[key] })) },
  }));

  api('GET', '/api/users', undefined, () => ({
    status: 200,
    body: { data: store.users.map(({ id, name, email }) => ({ id, name, email })) },
  }));

  const existingContactIds = (value: unknown): number[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) throw invalid('contactIds must be an array');
    if (value.length > MAX_APPOINTMENT_CONTACTS) {
      throw invalid(`contactIds must have at most ${MAX_APPOINTMENT_CONTACTS} entries`);
    }
    return [...new Set(value.map(existingContactId))];
  };

  // Appointments need the `activities` scope: they are the calendar's activities.
  const ownAppointment = (req: Request, user: CrmUser): Appointment => {
    const appointment = store.getAppointment(user.id, Number(req.params.id));
    // Another user's appointment is as unknown as a missing one.
    if (!appointment) throw notFound(`appointment ${req.params.id} not found`);
    return appointment;
  };

  api('GET', '/api/appointments', 'activities', (req, user) => {
    const from = calendarDate(queryText(req, 'from'), 'from');
    const to = calendarDate(queryText(req, 'to'), 'to');
    if ((from === undefined) !== (to === undefined)) throw badRequest('give both from and to');
    if (from !== undefined && to !== undefined && from > to) {
      throw badRequest('from must not be after to');
    }
    const window = from !== undefined && to !== undefined ? { from, to } : undefined;
    return {
      status: 200,
      body: { data: store.listAppointments(user.id, window).map(appointmentReply) },
    };
  });

  api('POST', '/api/appointments', 'activities', (req, user) => {
    const body = jsonBody(req);
    const startsAt = instant(body.start);
    if (startsAt === undefined) throw invalid('start is required');
    const durationMinutes = duration(body.durationMinutes);
    if (durationMinutes === undefined) throw invalid('durationMinutes is required');
    const appointment = store.createAppointment(user.id, {
      title: requiredText(body, 'title'),
      description: appointmentDescription(body.description) ?? '',
      startsAt,
      timezone: timeZone(body.timezone),
      durationMinutes,
      contactIds: existingContactIds(body.contactIds),
    });
    return { status: 201, body: appointmentReply(appointment) };
  });

  api('GET', '/api/appointments/:id', 'activities', (req, user) => ({
    status: 200,
    body: appointmentReply(ownAppointment(req, user)),
  }));

  api('PATCH', '/api/appointments/:id', 'activities', (req, user) => {
    const { id } = ownAppointment(req, user);
    const body = jsonBody(req);
    const patch: AppointmentPatch = {};
    if (body.title !== undefined) patch.title = requiredText(body, 'title');
    patch.description = appointmentDescription(body.description);
    patch.startsAt = instant(body.start);
    patch.timezone = timeZone(body.timezone);
    patch.durationMinutes = duration(body.durationMinutes);
    patch.status = oneOf(body, 'status', APPOINTMENT_STATUSES);
    if (body.contactIds !== undefined) patch.contactIds = existingContactIds(body.contactIds);
    const changes = Object.fromEntries(
      Object.entries(patch).filter(([, value]) => value !== undefined),
    ) as AppointmentPatch;
    return { status: 200, body: appointmentReply(store.updateAppointment(user.id, id, changes)!) };
  });

  api('POST', '/api/appointments/:id/confirm', 'activities', (req, user) => {
    const appointment = ownAppointment(req, user);
    if (appointment.status === 'cancelled') {
      throw conflict(`appointment ${appointment.id} is cancelled`);
    }
    const confirmed = store.updateAppointment(user.id, appointment.id, { status: 'confirmed' })!;
    return { status: 200, body: appointmentReply(confirmed) };
  });

  api('POST', '/api/appointments/:id/cancel', 'activities', (req, user) => {
    const { id } = ownAppointment(req, user);
    const cancelled = store.updateAppointment(user.id, id, { status: 'cancelled' })!;
    return { status: 200, body: appointmentReply(cancelled) };
  });

  if (opts.testApi) {
    control('GET', '/_test/stats', () => ({ status: 200, body: store.stats() }));
    control('POST', '/_test/stats/reset', () => {
      store.resetStats();
      return { status: 204 };
    });
    control('POST', '/_test/reset', () => {
      store.reset();
      store.resetStats();
      store.resetGrantStats();
      faults.clear();
      return { status: 204 };
    });
    control('GET', '/_test/grants', () => ({ status: 200, body: store.grantStats() }));
    control('POST', '/_test/grants/reset', () => {
      store.resetGrantStats();
      return { status: 204 };
    });
    control('POST', '/_test/revoke-user', (req) => {
      const { userId } = jsonBody(req);
      if (typeof userId !== 'string' || !store.getUser(userId)) {
        throw invalid('userId must be the id of a CRM user');
      }
      return { status: 200, body: { userId, revokedGrants: store.revokeAllTokensFor(userId) } };
    });
    control('POST', '/_test/faults', (req) => {
      const { route: routeKey, ...fault } = jsonBody(req);
      const routeKeys = [...apiRouteKeys, ...(opts.oauth ? OAUTH_FAULT_ROUTE_KEYS : [])];
      if (typeof routeKey !== 'string' || (routeKey !== '*' && !routeKeys.includes(routeKey))) {
        throw invalid(`route must be '*' or one of: ${routeKeys.join(', ')}`);
      }
      try {
        faults.set(routeKey, fault as Fault);
      } catch (err) {
        throw invalid((err as Error).message);
      }
      return { status: 204 };
    });
    control('DELETE', '/_test/faults', () => {
      faults.clear();
      return { status: 204 };
    });
  }

  if (opts.oauth) {
    for (const routeKey of OAUTH_FAULT_ROUTE_KEYS) {
      app.post(routeKey.slice('POST '.length), oauthFaultGate(faults, routeKey));
    }
    mountOAuthServer(app, store, opts.oauth);
  }

  app.use((req: Request, res: Response) => {
    send(res, errorReply(notFound(`no route for ${req.method} ${req.path}`)));
  });
  return app;
}

/**
 * Faults on an OAuth endpoint: before it (latency, an error answer, a dropped connection), or with
 * `afterHandler` after it did its work (a refresh token is rotated, a token revoked) with its
 * answer held back, then delayed, replaced or dropped. Only exact route keys apply, not `'*'`.
 */
function oauthFaultGate(faults: FaultInjector, routeKey: string) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const fault = faults.take(routeKey, { wildcard: false });
    if (!fault) return next();
    if (!fault.afterHandler) {
      if (!(await applyFault(fault, req, res))) next();
      return;
    }
    // oidc-provider (Koa) answers with a single res.end(body): hold that call back.
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.end = ((...args: unknown[]) => {
      res.end = end as Response['end'];
      void applyFault(fault, req, res).then((answered) => {
        if (!answered) end(...args);
      });
      return res;
    }) as Response['end'];
    next();
  };
}

/** Starts the sample CRM on its own HTTP server. */
export async function startSampleCrm(opts: StartSampleCrmOptions = {}): Promise<RunningSampleCrm> {
  const store = new SampleCrmStore(opts.now);
  const faults = new FaultInjector();
  // The app needs the OAuth issuer, i.e. the URL, so the port: it is built once listening.
  let app: Express | undefined;
  const server = createServer((req, res) => {
    if (app) {
      app(req, res);
    } else {
      res.writeHead(503, { 'Retry-After': '1' }).end();
    }
  });
  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const issuer = `${(opts.publicUrl ?? url).replace(/\/+$/, '')}${OAUTH_PATH}`;
  let oauth: OAuthServer;
  try {
    oauth = createOAuthProvider(store, {
      issuer,
      clientId: opts.clientId,
      clientSecret: opts.clientSecret,
      redirectUris: opts.redirectUris,
      extraClients: opts.extraClients,
      accessTokenTtlSeconds: opts.accessTokenTtlSeconds,
      refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds,
      countGrants: opts.countGrants,
    });
    app = createSampleCrmApp(store, faults, { testApi: opts.testApi, oauth });
    if (!opts.lazyOAuth) await oauth();
  } catch (err) {
    server.close();
    throw err;
  }
  return {
    url,
    port,
    store,
    faults,
    oauth,
    issuer,
    reset() {
      store.reset();
      store.resetStats();
      store.resetGrantStats();
      faults.clear();
    },
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
  const verb = method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete';
  app[verb](path, handle);
}

/** Applies a fault to the answer. True when the request is finished with (answered or dropped). */
async function applyFault(fault: Fault, req: Request, res: Response): Promise<boolean> {
  // A client that gave up gets no more work done for it, like on a real server.
  if (req.socket.destroyed) return true;
  if (fault.latencyMs) await pause(fault.latencyMs, res);
  if (req.socket.destroyed) return true;
  if (fault.reset) {
    req.socket.destroy();
    return true;
  }
  if (fault.status === undefined) return false;
  const reply = errorReply(faultError(fault.status));
  send(res, fault.retryAfter ? { ...reply, headers: { 'Retry-After': fault.retryAfter } } : reply);
  return true;
}

function faultError(status: number): ApiError {
  if (status === 401) return unauthorized();
  if (status === 429) return new ApiError(429, 'rate_limited', 'Too many requests');
  return new ApiError(
    status,
    status >= 500 ? 'server_error' : 'client_error',
    STATUS_CODES[status] ?? 'Error',
  );
}

/** Waits `ms`, or less if the connection closes first (so a closed server leaves no timers). */
function pause(ms: number, res: Response): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.once('close', done);
  });
}

function parseJson(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    jsonParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  );
}

async function attempt(handle: () => Promise<Reply>): Promise<Reply> {
  try {
    return await handle();
  } catch (err) {
    return errorReply(err);
  }
}

function errorReply(err: unknown): Reply {
  if (err instanceof ApiError) {
    return {
      status: err.status,
      body: { error: err.code, message: err.message },
      ...(err.headers ? { headers: err.headers } : {}),
    };
  }
  const parserError = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (parserError.type === 'entity.parse.failed')
    return errorReply(badRequest('Malformed JSON body'));
  if (parserError.type === 'entity.too.large') {
    return errorReply(new ApiError(413, 'payload_too_large', 'Request body exceeds 5 MB'));
  }
  if (parserError.expose && parserError.status && parserError.status < 500) {
    return errorReply(new ApiError(parserError.status, 'bad_request', String(parserError.message)));
  }
  sampleCrmLog('error', 'Unexpected error', err);
  return errorReply(new ApiError(500, 'server_error', 'Internal server error'));
}

function send(res: Response, reply: Reply): void {
  if (reply.headers) res.set(reply.headers);
  res.status(reply.status);
  if (reply.body === undefined) res.end();
  else res.json(reply.body);
}

function jsonBody(req: Request): JsonObject {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('request body must be a JSON object');
  }
  return body as JsonObject;
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw badRequest(`${name} must be given once`);
  return value;
}

function optionalText(body: JsonObject, field: string): string | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid(`${field} must be a string`);
  if (value.length > MAX_TEXT) throw invalid(`${field} must be at most ${MAX_TEXT} characters`);
  return value;
}

function requiredText(body: JsonObject, field: string): string {
  const value = optionalText(body, field);
  if (value === undefined || value.trim() === '') throw invalid(`${field} is required`);
  return value;
}

function oneOf<T extends string>(
  body: JsonObject,
  field: string,
  allowed: readonly T[],
): T | undefined {
  const value = body[field];
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T))
    throw invalid(`${field} must be one of: ${allowed.join(', ')}`);
  return value as T;
}

function activityBody(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid('body must be a string');
  if (Buffer.byteLength(value) > MAX_ACTIVITY_BODY_BYTES)
    throw invalid('body must be at most 2 MB');
  return value;
}

const MAX_FIELDS = 50;

/** `{name: string | number | boolean}`, at most 50 names of up to 64 characters. */
function activityFields(value: unknown): ActivityFields | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid('fields must be an object');
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_FIELDS) throw invalid(`fields must have at most ${MAX_FIELDS} entries`);
  for (const [name, field] of entries) {
    if (name === '' || name.length > 64) throw invalid('field names must be 1 to 64 characters');
    const scalar = ['string', 'number', 'boolean'].includes(typeof field);
    if (!scalar || (typeof field === 'string' && field.length > MAX_TEXT)) {
      throw invalid(
        `field ${name} must be a string of at most ${MAX_TEXT} characters, a number or a boolean`,
      );
    }
  }
  return Object.fromEntries(entries) as ActivityFields;
}

function isoDate(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}T/.test(value) || isNaN(Date.parse(value))) {
    throw invalid('occurredAt must be an ISO 8601 date-time');
  }
  return new Date(value).toISOString();
}

const MAX_APPOINTMENT_CONTACTS = 50;
const MAX_APPOINTMENT_DESCRIPTION = 4000;
const MAX_DURATION_MINUTES = 7 * 24 * 60;
const OFFSET_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An appointment as the API answers it: also its start in its own time zone, with the offset. */
function appointmentReply(appointment: Appointment): Appointment & { start: string } {
  return { ...appointment, start: localDateTime(appointment.startsAt, appointment.timezone) };
}

/** `2030-03-04T09:00:00-08:00`: the wall-clock time in `timezone` and its UTC offset. */
function localDateTime(instant: string, timezone: string): string {
  const date = new Date(instant);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      timeZoneName: 'longOffset',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  const offset = parts.timeZoneName === 'GMT' ? '+00:00' : parts.timeZoneName.slice(3);
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:${parts.second}${offset}`;
}

/** An ISO 8601 date-time with an explicit offset, as a UTC ISO string. */
function instant(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const time = typeof value === 'string' && OFFSET_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (isNaN(time)) throw invalid('start must be an ISO 8601 date-time with an offset');
  return new Date(time).toISOString();
}

function timeZone(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  try {
    if (typeof value !== 'string' || value === '') throw new RangeError();
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return value;
  } catch {
    throw invalid('timezone must be an IANA time zone like Europe/London');
  }
}

function duration(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (
    !Number.isInteger(value) ||
    (value as number) < 1 ||
    (value as number) > MAX_DURATION_MINUTES
  ) {
    throw invalid(`durationMinutes must be a whole number from 1 to ${MAX_DURATION_MINUTES}`);
  }
  return value as number;
}

function appointmentDescription(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw invalid('description must be a string');
  if (value.length > MAX_APPOINTMENT_DESCRIPTION) {
    throw invalid(`description must be at most ${MAX_APPOINTMENT_DESCRIPTION} characters`);
  }
  return value;
}

/** A real calendar date: 2024-02-30 is refused, not rolled over. */
function calendarDate(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  const date = CALENDAR_DATE.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!date || isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw badRequest(`${name} must be a date like 2030-03-04`);
  }
  return value;
}
