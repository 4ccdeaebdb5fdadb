import { jest } from '@jest/globals';
import type { InvalidationListener } from '../redis/invalidation-bus.js';
import { UserSessionCache } from './user-session-cache.js';
import type { UserEntity } from './user.entity.js';

/** The bus as the cache sees it: whether it vouches for caches, and who listens. */
class TestBus {
  live = true;
  listener?: InvalidationListener;
  listen(_topic: string, listener: InvalidationListener) {
    this.listener = listener;
  }
  async publish(_topic: string, key: string) {
    this.listener?.invalidate(key);
  }
}

type Load = () => Promise<UserEntity | null>;
const row = (tokenVersion: number) => ({ id: 'u1', tokenVersion }) as UserEntity;

/** A loader the test answers by hand, to interleave an invalidation with a load. */
function deferredLoad() {
  let answer!: (user: UserEntity | null) => void;
  const load = jest.fn<Load>(() => new Promise<UserEntity | null>((resolve) => (answer = resolve)));
  return { load, answer: (user: UserEntity | null) => answer(user) };
}

describe('UserSessionCache', () => {
  let bus: TestBus;
  let now: number;
  let cache: UserSessionCache;

  beforeEach(() => {
    bus = new TestBus();
    now = 0;
    cache = new UserSessionCache(2000, 100, bus, { now: () => now });
  });

  it('reuses a loaded row until the TTL ends', async () => {
    const load = jest.fn<Load>(async () => row(1));
    await cache.get('u1', load);
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 2000;
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('does not keep a user that does not exist', async () => {
    const load = jest.fn<Load>(async () => null);
    await cache.get('u1', load);
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('loads again after forget, or an invalidation or reset from another instance', async () => {
    const load = jest.fn<Load>(async () => row(1));
    await cache.get('u1', load);
    await cache.forget('u1');
    await cache.get('u1', load);
    bus.listener!.invalidate('u1');
    await cache.get('u1', load);
    bus.listener!.reset();
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(4);
  });

  it('answers but does not keep a load that an invalidation overtook (it may hold the old row)', async () => {
    const first = deferredLoad();
    const pending = cache.get('u1', first.load);
    bus.listener!.invalidate('u1');
    first.answer(row(1));
    expect(await pending).toEqual(row(1));
    const next = jest.fn<Load>(async () => row(2));
    expect(await cache.get('u1', next)).toEqual(row(2));
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('does not keep a load that a reset overtook', async () => {
    const first = deferredLoad();
    const pending = cache.get('u1', first.load);
    bus.listener!.reset();
    first.answer(row(1));
    await pending;
    const next = jest.fn<Load>(async () => row(2));
    await cache.get('u1', next);
    expect(next).toHaveBeenCalledTimes(1);
  });

  it('reads every time while the bus cannot vouch for it, and keeps nothing from that time', async () => {
    const load = jest.fn<Load>(async () => row(1));
    await cache.get('u1', load);
    bus.live = false;
    bus.listener!.reset();
    await cache.get('u1', load);
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(3);
    // A load that began while the bus was down is not kept even if the bus is back when it ends.
    const late = deferredLoad();
    const pending = cache.get('u1', late.load);
    bus.live = true;
    late.answer(row(1));
    await pending;
    await cache.get('u1', load);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
