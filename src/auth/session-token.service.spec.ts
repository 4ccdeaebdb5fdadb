import { needsRenewal } from './session-token.service.js';

describe('needsRenewal', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const day = 24 * 3600;
  const exp = (secondsLeft: number) => ({ exp: now / 1000 + secondsLeft });

  it.each([
    [exp(8 * day), false],
    [exp(7 * day + 1), false],
    [exp(7 * day), true],
    [exp(60), true],
    [{ exp: undefined }, false],
  ])('%j with 7 days as the threshold → %s', (claims, expected) => {
    expect(needsRenewal(claims, 7 * day, now)).toBe(expected);
  });
});
