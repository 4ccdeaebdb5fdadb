import { Writable } from 'node:stream';
import { runWithLogContext } from './log-context.js';
import { PinoLogger, type PinoLoggerOptions } from './pino-logger.js';

function capture(level: PinoLoggerOptions['level'], base?: PinoLoggerOptions['base']) {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  const logger = new PinoLogger({ level, destination, base });
  return { logger, lines, records: () => lines.map((line) => JSON.parse(line)) };
}

describe('PinoLogger', () => {
  it('writes one JSON object per line with level, time, context and message', () => {
    const { logger, records } = capture('log');
    logger.log('listening on 3000', 'Bootstrap');
    expect(records()).toEqual([
      { level: 'info', time: expect.any(String), context: 'Bootstrap', msg: 'listening on 3000' },
    ]);
  });

  it('honours the level: debug lines only when LOG_LEVEL allows them', () => {
    const quiet = capture('log');
    quiet.logger.debug('hidden', 'Http');
    quiet.logger.verbose('hidden', 'Http');
    expect(quiet.lines).toEqual([]);
    const loud = capture('verbose');
    loud.logger.debug('shown', 'Http');
    loud.logger.verbose('shown too', 'Http');
    expect(loud.records().map((r) => r.level)).toEqual(['debug', 'trace']);
  });

  it('logs Nest error calls (message, stack, context) with the stack redacted', () => {
    const { logger, records } = capture('log');
    logger.error(
      'Unexpected failure on GET /contact?jwtToken=eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln',
      'Error: bad refresh_token=rt-secret\n    at f (/app/a.js:1:1)',
      'Errors',
    );
    const [record] = records();
    expect(record).toMatchObject({ level: 'error', context: 'Errors' });
    expect(record.stack).toContain('at f (/app/a.js:1:1)');
    expect(JSON.stringify(record)).not.toMatch(/rt-secret|eyJzdWIiOiJ4In0/);
  });

  it('logs object messages as fields, redacted', () => {
    const { logger, records } = capture('debug');
    logger.debug(
      { msg: 'GET /contact 200', status: 200, headers: { authorization: 'Bearer abc123456' } },
      'Http',
    );
    const [record] = records();
    expect(record).toMatchObject({ msg: 'GET /contact 200', status: 200, context: 'Http' });
    expect(JSON.stringify(record)).not.toContain('abc123456');
  });

  it('logs Error objects with type, message and stack, redacted', () => {
    const { logger, records } = capture('log');
    const error = new Error('rejected apiKey=key-777');
    logger.error(error, 'Errors');
    const [record] = records();
    expect(record.error).toMatchObject({ type: 'Error', message: 'rejected apiKey=[REDACTED]' });
    expect(JSON.stringify(record)).not.toContain('key-777');
  });

  it('follows setLogLevels', () => {
    const { logger, lines } = capture('verbose');
    logger.setLogLevels(['error', 'warn']);
    logger.log('hidden');
    logger.warn('shown');
    expect(lines).toHaveLength(1);
  });

  it('adds the request id of the request being handled, across awaits', async () => {
    const { logger, records } = capture('log');
    logger.warn('outside', 'Test');
    await runWithLogContext({ requestId: 'req-1' }, async () => {
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn('inside', 'OAuthLogin');
    });
    expect(records()).toEqual([
      expect.not.objectContaining({ requestId: expect.anything() }),
      expect.objectContaining({ msg: 'inside', context: 'OAuthLogin', requestId: 'req-1' }),
    ]);
  });

  it('puts the base fields (a cluster worker id) on every line', () => {
    const { logger, records } = capture('log', { worker: 3, pid: 1234 });
    logger.log('listening', 'Bootstrap');
    expect(records()).toEqual([
      expect.objectContaining({ worker: 3, pid: 1234, msg: 'listening' }),
    ]);
  });
});
