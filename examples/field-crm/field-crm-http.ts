import { STATUS_CODES } from 'node:http';
import express, { type Request, type Response } from 'express';

export type JsonObject = Record<string, unknown>;

export interface Reply {
  status: number;
  /** Sent as JSON; no body when undefined. */
  body?: unknown;
  headers?: Record<string, string>;
}

/** One problem with one field of a request body. */
export interface FieldIssue {
  field: string;
  issue: 'required' | 'type' | 'enum' | 'too_long' | 'read_only' | 'unknown';
  message: string;
}

/** An error answer: `{"error": {"code", "message", "details"?}}`. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly headers?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (message: string) => new ApiError(400, 'bad_request', message);
export const invalidQuery = (message: string) => new ApiError(400, 'invalid_query', message);
export const notFound = (resource: string, id: string) =>
  new ApiError(404, 'not_found', `${resource} ${id} not found`, { resource, id });
export const validationFailed = (issues: FieldIssue[]) =>
  new ApiError(400, 'validation_failed', issues.map((i) => i.message).join('; '), {
    fields: issues,
  });

const AUTH_CHALLENGE = { 'WWW-Authenticate': 'FieldToken realm="field-crm"' };
export const unauthorized = (code: string, message: string) =>
  new ApiError(401, code, message, undefined, AUTH_CHALLENGE);

export const rateLimited = (retryAfterSeconds: number) =>
  new ApiError(
    429,
    'rate_limited',
    `Too many requests; retry in ${retryAfterSeconds} s`,
    { retry_after_s: retryAfterSeconds },
    { 'Retry-After': String(retryAfterSeconds) },
  );

/** The error a fault answers with: what this CRM would send for that status. */
export function faultError(status: number, retryAfter?: string): ApiError {
  if (status === 401) return unauthorized('invalid_token', 'Unknown API key or session token');
  if (status === 429) {
    const seconds = retryAfter ?? '1';
    return new ApiError(
      429,
      'rate_limited',
      'Too many requests',
      /^\d+$/.test(seconds) ? { retry_after_s: Number(seconds) } : undefined,
      { 'Retry-After': seconds },
    );
  }
  const code = status === 503 ? 'unavailable' : status >= 500 ? 'server_error' : 'client_error';
  const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
  return new ApiError(status, code, STATUS_CODES[status] ?? 'Error', undefined, headers);
}

export function errorReply(err: unknown): Reply {
  if (err instanceof ApiError) {
    const { code, message, details } = err;
    return {
      status: err.status,
      body: { error: { code, message, ...(details === undefined ? {} : { details }) } },
      ...(err.headers ? { headers: err.headers } : {}),
    };
  }
  const parserError = err as { type?: string; status?: number; expose?: boolean; message?: string };
  if (parserError.type === 'entity.parse.failed') {
    return errorReply(badRequest('Malformed JSON body'));
  }
  if (parserError.type === 'entity.too.large') {
    return errorReply(new ApiError(413, 'payload_too_large', 'Request body exceeds 2 MB'));
  }
  if (parserError.expose && parserError.status && parserError.status < 500) {
    return errorReply(new ApiError(parserError.status, 'bad_request', String(parserError.message)));
  }
  console.error('field CRM: unexpected error', err);
  return errorReply(new ApiError(500, 'server_error', 'Internal server error'));
}

export function send(res: Response, reply: Reply): void {
  if (reply.headers) res.set(reply.headers);
  res.status(reply.status);
  if (reply.body === undefined) res.end();
  else res.json(reply.body);
}

const jsonParser = express.json({ limit: '2mb' });

export function parseJson(req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) =>
    jsonParser(req, res, (err?: unknown) => (err ? reject(err) : resolve())),
  );
}

export function jsonBody(req: Request): JsonObject {
  const body: unknown = req.body ?? {};
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest('request body must be a JSON object');
  }
  return body as JsonObject;
}

export function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw invalidQuery(`${name} must be given once`);
  return value;
}

/** Waits `ms`, or less if the connection closes first (so a closed server leaves no timers). */
export function pause(ms: number, res: Response): Promise<void> {
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
