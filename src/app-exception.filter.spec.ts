import { Logger, type ArgumentsHost } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';
import { AppExceptionFilter } from './app-exception.filter.js';
import { SERVICE_UNAVAILABLE_MESSAGE } from './common/errors/app-error.js';

/** The filter against a recording reply (the HTTP path is covered by the e2e suites). */
describe('AppExceptionFilter: database unavailable', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(['error', 'warn', 'log']));

  const answer = (error: unknown) => {
    const sent: {
      status?: number;
      headers: Record<string, string>;
      type?: string;
      body?: unknown;
    } = { headers: {} };
    const res = {
      sent: false,
      raw: { headersSent: false },
      header(name: string, value: string) {
        sent.headers[name.toLowerCase()] = value;
        return this;
      },
      status(code: number) {
        sent.status = code;
        return this;
      },
      // The media type; the filter adds the charset Express used to add.
      type(type: string) {
        sent.type = type.split(';')[0];
        return this;
      },
      send: (body: unknown) => (sent.body = body),
    };
    const host = {
      switchToHttp: () => ({
        getResponse: () => res,
        getRequest: () => ({ method: 'GET', url: '/contact', id: 'req-1' }),
      }),
    } as unknown as ArgumentsHost;
    new AppExceptionFilter().catch(error, host);
    return sent;
  };

  it.each([
    [
      'a refused connection',
      Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
    ],
    [
      'a lost connection inside a query error',
      new QueryFailedError(
        'SELECT',
        [],
        Object.assign(new Error('lost'), { code: 'PROTOCOL_CONNECTION_LOST' }),
      ),
    ],
  ])('answers %s with 503, text/plain and Retry-After: 5', (_name, error) => {
    expect(answer(error)).toEqual({
      status: 503,
      type: 'text/plain',
      headers: { 'retry-after': '5' },
      body: SERVICE_UNAVAILABLE_MESSAGE,
    });
  });

  it('still answers anything else unexpected with a 500 carrying only the request id', () => {
    expect(answer(new TypeError('boom'))).toMatchObject({
      status: 500,
      body: 'Internal server error (ref req-1)',
    });
  });
});
