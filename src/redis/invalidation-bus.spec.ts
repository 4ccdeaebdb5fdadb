import { Logger } from '@nestjs/common';
import { startTcpProxy, type TcpProxy } from '../../test/support/tcp-proxy.js';
import { redisAvailable, TEST_REDIS_URL, uniqueKeyPrefix } from '../../test/support/test-redis.js';
import { InvalidationBus, type InvalidationListener } from './invalidation-bus.js';
import { RedisConnection } from './redis-connection.js';

const describeRedis = (await redisAvailable()) ? describe : describe.skip;

/** What a cache was told. */
class Recorder implements InvalidationListener {
  invalidated: string[] = [];
  resets = 0;
  invalidate(key: string) {
    this.invalidated.push(key);
  }
  reset() {
    this.resets += 1;
  }
}

/** Waits for a condition the bus reaches by itself (a reconnect, a delivered message). */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
}

describe('InvalidationBus without Redis', () => {
  it('is always live and invalidates only this process', async () => {
    const bus = await InvalidationBus.open(
      { keyPrefix: 'x:' },
      await RedisConnection.open({ keyPrefix: 'x:' }),
    );
    const users = new Recorder();
    const other = new Recorder();
    bus.listen('users', users);
    bus.listen('other', other);
    expect(bus.live).toBe(true);
    await bus.publish('users', 'u1');
    expect(users.invalidated).toEqual(['u1']);
    expect(other.invalidated).toEqual([]);
    await bus.onApplicationShutdown();
  });
});

/** Against the real local Redis (skipped without one unless REQUIRE_REDIS=1). */
describeRedis('InvalidationBus with Redis', () => {
  const prefix = uniqueKeyPrefix();
  const opened: { bus: InvalidationBus; connection: RedisConnection }[] = [];
  let proxy: TcpProxy;

  /** One instance's bus; `viaProxy` puts the proxy between it and Redis. */
  async function instance(options: { keyPrefix?: string; viaProxy?: boolean } = {}) {
    const url = new URL(TEST_REDIS_URL);
    if (options.viaProxy) {
      url.hostname = '127.0.0.1';
      url.port = String(proxy.port);
    }
    const config = { url: url.toString(), keyPrefix: options.keyPrefix ?? prefix };
    const connection = await RedisConnection.open(config);
    const bus = await InvalidationBus.open(config, connection);
    opened.push({ bus, connection });
    const users = new Recorder();
    bus.listen('users', users);
    return { bus, users };
  }

  beforeAll(() => Logger.overrideLogger(false));
  beforeEach(async () => {
    const redis = new URL(TEST_REDIS_URL);
    proxy = await startTcpProxy({ host: redis.hostname, port: Number(redis.port || 6379) });
  });
  afterEach(async () => {
    for (const { bus, connection } of opened.splice(0)) {
      await bus.onApplicationShutdown();
      await connection.onApplicationShutdown();
    }
    await proxy.close();
  });

  it('tells every instance sharing the key prefix, and no other deployment', async () => {
    const a = await instance();
    const b = await instance();
    const elsewhere = await instance({ keyPrefix: uniqueKeyPrefix() });
    expect([a.bus.live, b.bus.live]).toEqual([true, true]);
    await a.bus.publish('users', 'u1');
    expect(a.users.invalidated).toContain('u1');
    await until(() => b.users.invalidated.includes('u1'));
    await b.bus.publish('users', 'u2');
    await until(() => a.users.invalidated.includes('u2'));
    expect(elsewhere.users.invalidated).toEqual([]);
  });

  it('stops vouching for caches as soon as Redis is lost, and resets them again once resubscribed', async () => {
    const a = await instance();
    const b = await instance({ viaProxy: true });
    const resetsWhenUp = b.users.resets;
    proxy.cut();
    await until(() => !b.bus.live);
    expect(b.users.resets).toBe(resetsWhenUp + 1);
    // Published while B cannot hear it: lost for B, so B must start again from nothing.
    await a.bus.publish('users', 'u1');
    proxy.restore();
    await until(() => b.bus.live);
    expect(b.users.invalidated).not.toContain('u1');
    expect(b.users.resets).toBe(resetsWhenUp + 2);
  });

  it('treats a subscription that stops answering as lost (a half-open connection)', async () => {
    const b = await instance({ viaProxy: true });
    const resetsWhenUp = b.users.resets;
    proxy.freeze();
    await until(() => !b.bus.live);
    expect(b.users.resets).toBeGreaterThan(resetsWhenUp);
    proxy.cut();
    proxy.restore();
    await until(() => b.bus.live);
  }, 15_000);

  it('sends an invalidation it could not publish again once Redis is back', async () => {
    const a = await instance({ viaProxy: true });
    const b = await instance();
    proxy.cut();
    await until(() => !a.bus.live);
    await expect(a.bus.publish('users', 'u3')).resolves.toBeUndefined();
    expect(a.users.invalidated).toContain('u3');
    proxy.restore();
    await until(() => b.users.invalidated.includes('u3'));
  });
});
