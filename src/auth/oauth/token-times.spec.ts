import { tokenTimes } from './token-times.js';

describe('tokenTimes', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');

  it('refreshes the margin before expiry for long-lived tokens', () => {
    expect(tokenTimes(3600, 120, now)).toEqual({
      tokenExpiresAt: new Date(now + 3600_000),
      tokenRefreshAt: new Date(now + 3480_000),
    });
  });

  it('never refreshes earlier than half the lifetime', () => {
    expect(tokenTimes(60, 120, now).tokenRefreshAt).toEqual(new Date(now + 30_000));
  });

  it('refreshes at expiry with no margin, and never proactively without a lifetime', () => {
    expect(tokenTimes(10, 0, now).tokenRefreshAt).toEqual(new Date(now + 10_000));
    expect(tokenTimes(undefined, 120, now)).toEqual({ tokenExpiresAt: null, tokenRefreshAt: null });
  });
});
