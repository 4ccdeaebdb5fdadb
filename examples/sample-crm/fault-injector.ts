/** A misbehaviour to inject into the requests of one route key. */
export interface Fault {
  /** Wait this long before answering. */
  latencyMs?: number;
  /** Apply to the next n matching requests, then remove itself. Without it the fault stays. */
  failNext?: number;
  /** Answer with this status (400-599) instead of the handler's answer. */
  status?: number;
  /** Retry-After header sent with `status`: seconds or an HTTP date. */
  retryAfter?: string;
  /** Destroy the socket instead of answering. */
  reset?: boolean;
  /** Run the handler first (a write is committed), then delay, fail or reset the answer. */
  afterHandler?: boolean;
}

const FAULT_FIELDS = new Set([
  'latencyMs',
  'failNext',
  'status',
  'retryAfter',
  'reset',
  'afterHandler',
]);

/** Throws a RangeError naming the first problem: a mistyped fault must not silently do nothing. */
export function assertValidFault(fault: Fault): void {
  const unknown = Object.keys(fault).find((field) => !FAULT_FIELDS.has(field));
  if (unknown) throw new RangeError(`unknown fault field ${unknown}`);
  const { latencyMs, failNext, status, retryAfter, reset, afterHandler } = fault;
  if (latencyMs !== undefined && !(Number.isFinite(latencyMs) && latencyMs >= 0)) {
    throw new RangeError('latencyMs must be a number >= 0');
  }
  if (failNext !== undefined && !(Number.isInteger(failNext) && failNext > 0)) {
    throw new RangeError('failNext must be an integer > 0');
  }
  if (status !== undefined && !(Number.isInteger(status) && status >= 400 && status <= 599)) {
    throw new RangeError('status must be an integer from 400 to 599');
  }
  if (retryAfter !== undefined && (typeof retryAfter !== 'string' || status === undefined)) {
    throw new RangeError('retryAfter must be a string and needs status');
  }
  if (reset !== undefined && typeof reset !== 'boolean')
    throw new RangeError('reset must be a boolean');
  if (afterHandler !== undefined && typeof afterHandler !== 'boolean') {
    throw new RangeError('afterHandler must be a boolean');
  }
  if (!latencyMs && status === undefined && !reset) {
    throw new RangeError('a fault needs latencyMs, status or reset');
  }
}

/**
 * Test-only fault injection, keyed by route key (`'POST /api/activities'`, `'POST /oauth/token'`)
 * or `'*'` for every API route. A fault for the exact route key wins over `'*'`.
 */
export class FaultInjector {
  private readonly faults = new Map<string, { fault: Fault; remaining?: number }>();

  set(routeKey: string, fault: Fault): void {
    assertValidFault(fault);
    this.faults.set(routeKey, { fault: { ...fault }, remaining: fault.failNext });
  }

  /** Removes the fault of one route key, or all faults. */
  clear(routeKey?: string): void {
    if (routeKey === undefined) this.faults.clear();
    else this.faults.delete(routeKey);
  }

  /**
   * The fault for a request that just arrived, if any; counts it against `failNext`. `wildcard:
   * false` ignores a `'*'` fault (for routes outside the API, such as the OAuth endpoints).
   */
  take(routeKey: string, { wildcard = true }: { wildcard?: boolean } = {}): Fault | undefined {
    const key = this.faults.has(routeKey) || !wildcard ? routeKey : '*';
    const entry = this.faults.get(key);
    if (!entry) return undefined;
    if (entry.remaining !== undefined && --entry.remaining === 0) this.faults.delete(key);
    return entry.fault;
  }
}
