import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-unavailable.js';

const withCode = (code: string, errno?: number) =>
  Object.assign(new Error(`driver says ${code}`), { code, errno });

describe('isDatabaseUnavailable', () => {
  it.each([
    ['a refused connection', withCode('ECONNREFUSED')],
    ['a lost connection', withCode('PROTOCOL_CONNECTION_LOST')],
    ['a server shutting down', withCode('ER_SERVER_SHUTDOWN', 1053)],
    ['only an errno', Object.assign(new Error('gone away'), { errno: 2006 })],
    ['a busy SQLite file', withCode('SQLITE_BUSY')],
    [
      'a TypeORM query error around one',
      new QueryFailedError('SELECT 1', [], withCode('ER_CONNECTION_KILLED', 1927)),
    ],
    ['a cause chain', new Error('outer', { cause: withCode('ETIMEDOUT') })],
    ['a PostgreSQL admin shutdown', withCode('57P01')],
    ['a PostgreSQL connection failure', withCode('08006')],
    ['a PostgreSQL server out of connections', withCode('53300')],
    [
      'a node-postgres lost connection',
      new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')),
    ],
    ['a node-postgres pool timeout', new Error('timeout exceeded when trying to connect')],
    ['an AggregateError', new AggregateError([withCode('ECONNREFUSED')], 'connect failed')],
  ])('recognises %s', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ['a unique violation', new QueryFailedError('INSERT', [], withCode('ER_DUP_ENTRY', 1062))],
    ['a PostgreSQL unique violation', new QueryFailedError('INSERT', [], withCode('23505'))],
    ['a syntax error', withCode('ER_PARSE_ERROR', 1064)],
    ['a PostgreSQL syntax error', withCode('42601')],
    ['a programming error', new TypeError('x is undefined')],
    ['nothing', undefined],
  ])('leaves %s alone', (_name, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });
});
