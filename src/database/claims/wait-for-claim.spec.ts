import { jest } from '@jest/globals';
import { waitForClaim } from './wait-for-claim.js';

describe('waitForClaim', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  /** Runs a wait whose attempts never succeed; answers the clock at each attempt. */
  const attemptTimes = async (waitMs: number) => {
    const times: number[] = [];
    const waiting = waitForClaim(async () => {
      times.push(Date.now());
      return null;
    }, waitMs);
    await jest.runAllTimersAsync();
    expect(await waiting).toBeUndefined();
    return times;
  };

  it('answers the first value without pausing', async () => {
    let calls = 0;
    await expect(waitForClaim(async () => (calls += 1) && 'token', 1000)).resolves.toBe('token');
    expect(calls).toBe(1);
  });

  it('pauses longer each time up to 250 ms, and tries once more at the deadline', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.5);
    expect(await attemptTimes(1000)).toEqual([0, 25, 75, 175, 375, 625, 875, 1000]);
  });

  it('spreads waiters with a random factor between 0.5 and 1.5', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0);
    const [, lowFirst] = await attemptTimes(100);
    jest.setSystemTime(0);
    jest.spyOn(Math, 'random').mockReturnValue(0.96);
    const [, highFirst] = await attemptTimes(100);
    expect([lowFirst, highFirst]).toEqual([12, 36]);
  });

  it('tries once when there is no time to wait', async () => {
    expect(await attemptTimes(0)).toEqual([0]);
  });
});
