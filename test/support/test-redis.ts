import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';

/** The local Redis the rate-limit tests use (TEST_REDIS_URL, default redis://127.0.0.1:6379). */
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL?.trim() || 'redis://127.0.0.1:6379';

/**
 * Whether Redis answers. Without it the Redis tests are skipped, unless REQUIRE_REDIS=1 (CI), which
 * makes a missing Redis a failure rather than a silent skip.
 */
export async function redisAvailable(): Promise<boolean> {
  const client = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 1000,
    retryStrategy: () => null,
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
    return (await client.ping()) === 'PONG';
  } catch {
    if (process.env.REQUIRE_REDIS === '1') {
      throw new Error(`REQUIRE_REDIS=1 but Redis does not answer at ${TEST_REDIS_URL}`);
    }
    return false;
  } finally {
    client.disconnect();
  }
}

/** A key prefix no other test run uses, so runs never share counters. */
export function uniqueKeyPrefix(): string {
  return `crm-bridge-test:${randomBytes(6).toString('hex')}:`;
}

/** Deletes every key under a prefix. */
export async function deleteKeys(prefix: string): Promise<void> {
  const client = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length > 0) await client.del(...keys);
  } finally {
    client.disconnect();
  }
}
