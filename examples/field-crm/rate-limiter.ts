export interface RateLimit {
  /** Requests allowed per key in one window. */
  requests: number;
  windowSeconds: number;
}

/**
 * A fixed-window request limit per key (an API key or session token): the window opens with a
 * key's first request and admits `requests` requests until `windowSeconds` have passed.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();

  constructor(readonly limit: RateLimit) {
    const { requests, windowSeconds } = limit;
    if (!Number.isInteger(requests) || requests < 1) {
      throw new RangeError('rate limit requests must be an integer >= 1');
    }
    if (!Number.isInteger(windowSeconds) || windowSeconds < 1) {
      throw new RangeError('rate limit windowSeconds must be an integer >= 1');
    }
  }

  /** Counts a request at `now` (unix seconds). Refused: the seconds until the window ends. */
  take(key: string, now: number): { ok: true } | { ok: false; retryAfterSeconds: number } {
    let window = this.windows.get(key);
    if (!window || now >= window.start + this.limit.windowSeconds) {
      window = { start: now, count: 0 };
      this.windows.set(key, window);
    }
    if (window.count >= this.limit.requests) {
      return {
        ok: false,
        retryAfterSeconds: Math.max(1, window.start + this.limit.windowSeconds - now),
      };
    }
    window.count++;
    return { ok: true };
  }

  clear(): void {
    this.windows.clear();
  }
}

/** `"120/60"` (requests per seconds) → a RateLimit; empty → none. */
export function parseRateLimit(text: string | undefined): RateLimit | undefined {
  if (!text?.trim()) return undefined;
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  if (!match)
    throw new RangeError(`rate limit must look like 120/60 (requests/seconds), got ${text}`);
  return { requests: Number(match[1]), windowSeconds: Number(match[2]) };
}
