import { RespawnBackoff } from './respawn-backoff.js';

describe('RespawnBackoff', () => {
  it('doubles the delay for each quick crash in a row, up to the cap', () => {
    const backoff = new RespawnBackoff(500, 4000, 30_000);
    expect([100, 100, 100, 100, 100, 100].map((ran) => backoff.next(ran))).toEqual([
      500, 1000, 2000, 4000, 4000, 4000,
    ]);
  });

  it('starts again from the base delay after a worker that ran long enough', () => {
    const backoff = new RespawnBackoff(500, 30_000, 10_000);
    backoff.next(50);
    backoff.next(50);
    expect(backoff.next(50)).toBe(2000);
    expect(backoff.next(10_000)).toBe(500);
    expect(backoff.next(50)).toBe(1000);
  });
});
