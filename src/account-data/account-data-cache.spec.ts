import { jest } from '@jest/globals';
import { AccountDataCache } from './account-data-cache.js';

type Load = () => Promise<unknown>;

describe('AccountDataCache', () => {
  let now: number;
  let cache: AccountDataCache;
  beforeEach(() => {
    now = 1_000;
    cache = new AccountDataCache({ maxEntries: 10, now: () => now });
  });

  const deferred = () => {
    let resolve!: (value: unknown) => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<unknown>((res, rej) => ((resolve = res), (reject = rej)));
    return { promise, resolve, reject };
  };

  it('serves a loaded value until its TTL ends, then loads again', async () => {
    const load = jest.fn<Load>().mockResolvedValueOnce(['a']).mockResolvedValueOnce(['b']);
    expect(await cache.get('k', 100, load)).toEqual(['a']);
    now += 99;
    expect(await cache.get('k', 100, load)).toEqual(['a']);
    now += 1;
    expect(await cache.get('k', 100, load)).toEqual(['b']);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('concurrent misses of one key share one load; other keys load on their own', async () => {
    const pending = deferred();
    const load = jest.fn<Load>(() => pending.promise);
    const other = jest.fn<Load>().mockResolvedValue('other');
    const waiting = [cache.get('k', 100, load), cache.get('k', 100, load, true)];
    expect(await cache.get('j', 100, other)).toBe('other');
    pending.resolve({ n: 1 });
    expect(await Promise.all(waiting)).toEqual([{ n: 1 }, { n: 1 }]);
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('a refresh loads again despite a fresh value', async () => {
    const load = jest.fn<Load>().mockResolvedValueOnce(1).mockResolvedValueOnce(2);
    await cache.get('k', 100, load);
    expect(await cache.get('k', 100, load, true)).toBe(2);
    expect(await cache.get('k', 100, load)).toBe(2);
  });

  it('a failed load is shared by its waiters, not cached, and the next call loads again', async () => {
    const pending = deferred();
    const load = jest.fn<Load>(() => pending.promise);
    const waiting = [cache.get('k', 100, load), cache.get('k', 100, load)];
    pending.reject(new Error('CRM down'));
    for (const result of await Promise.allSettled(waiting)) expect(result.status).toBe('rejected');
    expect(await cache.get('k', 100, jest.fn<Load>().mockResolvedValue('ok'))).toBe('ok');
  });

  it('stores a JSON copy (no shared references), and nothing with a TTL of 0', async () => {
    const value = { list: [1] };
    const load = jest.fn<Load>().mockResolvedValue(value);
    const first = await cache.get('k', 100, load);
    value.list.push(2);
    expect(await cache.get('k', 100, load)).toEqual({ list: [1] });
    expect(first).not.toBe(value);
    await cache.get('z', 0, load);
    await cache.get('z', 0, load);
    expect(load).toHaveBeenCalledTimes(3);
  });

  it('with Redis: reads and writes there with a PX expiry; a Redis failure still answers', async () => {
    const store = new Map<string, string>();
    const redis = {
      get: jest.fn<(key: string) => Promise<string | null>>(async (key) => store.get(key) ?? null),
      set: jest.fn(
        async (key: string, value: string, ..._expiry: unknown[]) => (store.set(key, value), 'OK'),
      ),
    };
    const shared = new AccountDataCache({
      maxEntries: 10,
      redis: redis as never,
      redisKeyPrefix: 'p:',
    });
    const load = jest.fn<Load>().mockResolvedValue(['x']);
    expect(await shared.get('k', 5000, load)).toEqual(['x']);
    expect(redis.set).toHaveBeenCalledWith('p:k', expect.any(String), 'PX', 5000);
    expect(await shared.get('k', 5000, load)).toEqual(['x']);
    expect(load).toHaveBeenCalledTimes(1);
    redis.get.mockRejectedValueOnce(new Error('down'));
    expect(await shared.get('k', 5000, load)).toEqual(['x']);
    expect(load).toHaveBeenCalledTimes(2);
  });
});
