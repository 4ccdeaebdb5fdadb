import { applyDecorators } from '@nestjs/common';
import { ApiHeader, ApiResponse, type ApiResponseOptions } from '@nestjs/swagger';
import { schemaRef, type ReplySchemaName } from './reply-schemas.js';

const text = (example?: string) => ({
  'text/plain': { schema: { type: 'string' as const, ...(example ? { example } : {}) } },
});
const json = (name: ReplySchemaName) => ({ 'application/json': { schema: schemaRef(name) } });

/** A 200 whose JSON body has one of the reply schemas (src/common/openapi/reply-schemas.ts). */
export const ApiJsonOk = (name: ReplySchemaName, description = 'Answered') =>
  ApiResponse({ status: 200, description, content: json(name) });

export const ApiTextOk = (description: string, example?: string) =>
  ApiResponse({ status: 200, description, content: text(example) });

export const ApiRedirect = (description: string) =>
  ApiResponse({
    status: 302,
    description,
    headers: { Location: { schema: { type: 'string', format: 'uri' } } },
  });

const FAILURES = {
  400: {
    description:
      'Invalid request (the text names what was wrong), unknown platform, or no valid session ' +
      'token ("Please go to Settings and authorize CRM platform")',
    content: text('Invalid request: phoneNumber must be a string'),
  },
  401: {
    description: 'The CRM refused the stored credentials for good: connect again',
    content: json('SessionRevokedReply'),
  },
  403: {
    description:
      'The RingCentral access token is not an administrator of the account, or RingCentral ' +
      'rejected it (invalid or expired)',
    content: text('Admin validation failed'),
  },
  413: { description: 'Request body too large', content: text('Request body too large') },
  429: {
    description: 'Rate limited; Retry-After says when to try again',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    content: text(),
  },
  500: {
    description: 'Unexpected failure; the text carries only the request id',
    content: text('Internal server error (ref 3f1c…)'),
  },
  503: {
    description: 'The database is unavailable; Retry-After: 5',
    headers: { 'Retry-After': { schema: { type: 'integer' } } },
    content: text('Service temporarily unavailable. Please try again in a few seconds.'),
  },
} satisfies Record<number, Omit<ApiResponseOptions, 'status'>>;

export type FailureStatus = keyof typeof FAILURES;

/** Documents the given failure statuses with the exception filter's shapes. */
export const ApiFailures = (...statuses: FailureStatus[]) =>
  applyDecorators(...statuses.map((status) => ApiResponse({ status, ...FAILURES[status] })));

export const ApiSessionFailures = () => ApiFailures(400, 401, 429, 500, 503);

export const ApiLoginFailures = () =>
  applyDecorators(
    ApiResponse({
      status: 400,
      description:
        'Login refused (a notification in the envelope), or an invalid request / unknown platform (text)',
      content: { ...json('FailureEnvelope'), ...text() },
    }),
    ApiResponse({
      status: 502,
      description: 'The CRM could not be reached to check the credentials',
      content: json('FailureEnvelope'),
    }),
  );

export const ApiOptionalExtensionHeader = () =>
  ApiHeader({
    name: 'rc-extension-id',
    required: false,
    description: 'The keyed hash from /userInfoHash of the RingCentral extension id',
  });

export const ApiSignInPageFailure = () =>
  ApiResponse({
    status: 400,
    description: 'Sign-in refused (unknown platform, client_id, redirect_uri or state)',
    content: { 'text/html': { schema: { type: 'string' } } },
  });
