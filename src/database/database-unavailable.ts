/**
 * Driver error codes that mean "the database cannot serve this now, try again shortly": the server
 * is unreachable, went away, restarts, has no connection left, or a lock could not be had in time.
 * They are not bugs, and a retry a few seconds later succeeds.
 */
const UNAVAILABLE_CODES = new Set([
  // Network and connection (mysql2 and Node).
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  'PROTOCOL_CONNECTION_LOST',
  'PROTOCOL_SEQUENCE_TIMEOUT',
  'PROTOCOL_ENQUEUE_AFTER_FATAL_ERROR',
  'PROTOCOL_ENQUEUE_AFTER_QUIT',
  // The server is shutting down, killed the connection, or is full.
  'ER_SERVER_SHUTDOWN',
  'ER_CONNECTION_KILLED',
  'ER_CON_COUNT_ERROR',
  'ER_TOO_MANY_USER_CONNECTIONS',
  // Lock waits that ran out (MySQL/MariaDB; SQLite after busy_timeout).
  'ER_LOCK_WAIT_TIMEOUT',
  'ER_LOCK_DEADLOCK',
  'SQLITE_BUSY',
  // PostgreSQL SQLSTATEs: connection exceptions (class 08), admin or crash shutdown, the server
  // starting up, too many connections, out of resources, and lock waits that failed.
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
  '57P01',
  '57P02',
  '57P03',
  '53300',
  '53400',
  '55P03',
  '40P01',
]);

/**
 * node-postgres reports a lost or never-made connection with a bare Error (no code): these
 * messages, exactly as it and its pool write them.
 */
const UNAVAILABLE_MESSAGES = new Set([
  'Connection terminated unexpectedly',
  'Connection terminated due to connection timeout',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error and is not queryable',
]);

/** MySQL/MariaDB error numbers of the same failures (when only errno survives). */
const UNAVAILABLE_ERRNOS = new Set([1040, 1053, 1205, 1213, 1226, 1927, 2002, 2003, 2006, 2013]);

/**
 * True when `error` (a TypeORM QueryFailedError, a driver error, or anything wrapping one in
 * `driverError` or `cause`) says the database is unavailable rather than that the query was wrong.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length > 0) {
    const current = queue.shift();
    if (!current || typeof current !== 'object' || seen.has(current)) continue;
    seen.add(current);
    const { code, errno, message, driverError, cause, errors } = current as {
      code?: unknown;
      message?: unknown;
      errno?: unknown;
      driverError?: unknown;
      cause?: unknown;
      errors?: unknown;
    };
    if (typeof code === 'string' && UNAVAILABLE_CODES.has(code)) return true;
    if (typeof errno === 'number' && UNAVAILABLE_ERRNOS.has(errno)) return true;
    if (code === undefined && typeof message === 'string' && UNAVAILABLE_MESSAGES.has(message))
      return true;
    queue.push(driverError, cause, ...(Array.isArray(errors) ? errors : []));
  }
  return false;
}
