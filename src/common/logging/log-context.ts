import { AsyncLocalStorage } from 'node:async_hooks';

/** Fields every log line written while handling one request carries (its request id). */
export interface LogContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<LogContext>();

/** Runs `fn` (and everything it starts, sync or async) with `context` on its log lines. */
export function runWithLogContext<T>(context: LogContext, fn: () => T): T {
  return storage.run(context, fn);
}

export function currentLogContext(): LogContext | undefined {
  return storage.getStore();
}
