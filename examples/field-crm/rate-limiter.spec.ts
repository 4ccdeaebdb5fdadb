import { parseRateLimit, RateLimiter } from './rate-limiter.js';

describe('parseRateLimit', () => {
  it('reads requests/seconds, nothing when empty, and refuses anything else', () => {
    expect(parseRateLimit('120/60')).toEqual({ requests: 120, windowSeconds: 60 });
    expect(parseRateLimit(' 5 / 1 ')).toEqual({ requests: 5, windowSeconds: 1 });
    expect(parseRateLimit(undefined)).toBeUndefined();
    expect(parseRateLimit('  ')).toBeUndefined();
    expect(() => parseRateLimit('120 per minute')).toThrow('rate limit must look like 120/60');
  });

  it('refuses a limit that would admit nothing', () => {
    expect(() => new RateLimiter({ requests: 0, windowSeconds: 60 })).toThrow(RangeError);
    expect(() => new RateLimiter({ requests: 1, windowSeconds: 0 })).toThrow(RangeError);
  });
});
