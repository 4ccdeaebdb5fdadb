import { QueryFailedError } from 'typeorm';
import { isUniqueViolation } from './unique-violation.js';

const failed = (fields: { code?: string; errno?: number }) =>
  new QueryFailedError('INSERT', [], Object.assign(new Error('driver error'), fields));

describe('isUniqueViolation', () => {
  it.each([
    ['SQLite', failed({ code: 'SQLITE_CONSTRAINT_UNIQUE' })],
    ['SQLite primary key', failed({ code: 'SQLITE_CONSTRAINT_PRIMARYKEY' })],
    ['MySQL', failed({ code: 'ER_DUP_ENTRY', errno: 1062 })],
    ['PostgreSQL', failed({ code: '23505' })],
  ])('recognises a duplicate key on %s', (_name, error) => {
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.each([
    ['a PostgreSQL foreign-key violation', failed({ code: '23503' })],
    ['a PostgreSQL not-null violation', failed({ code: '23502' })],
    ['an error outside a query', Object.assign(new Error('x'), { code: '23505' })],
  ])('leaves %s alone', (_name, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});
