import { formatDuration, formatSeconds } from './log-duration.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [2, '2 seconds'],
    [59, '59 seconds'],
    [60, '1 minute'],
    [61, '1 minute, 1 second'],
    [63, '1 minute, 3 seconds'],
    [120, '2 minutes'],
    [3600, '1 hour'],
    [3601, '1 hour, 1 second'],
    [3660, '1 hour, 1 minute'],
    [3723, '1 hour, 2 minutes, 3 seconds'],
    [7322, '2 hours, 2 minutes, 2 seconds'],
    [90061, '25 hours, 1 minute, 1 second'],
    [1.6, '2 seconds'],
    [0.4, '0 seconds'],
  ])('%p seconds → %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('rejects %p', (seconds) => {
    expect(() => formatDuration(seconds)).toThrow(RangeError);
  });
});

describe('formatSeconds', () => {
  it.each([
    [0, '0 seconds'],
    [1, '1 second'],
    [75, '75 seconds'],
  ])('%p → %p', (seconds, expected) => {
    expect(formatSeconds(seconds)).toBe(expected);
  });
});
