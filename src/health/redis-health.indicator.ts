import { Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisConnection } from '../redis/redis-connection.js';
import { OutageLog } from './outage-log.js';

const PING_TIMEOUT_MS = 1000;

@Injectable()
export class RedisHealthIndicator {
  private readonly outage = new OutageLog(new Logger('Health'), 'Redis');

  constructor(
    private readonly redis: RedisConnection,
    private readonly health: HealthIndicatorService,
  ) {}

  get configured(): boolean {
    return this.redis.client !== undefined;
  }

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.health.check(key);
    const client = this.redis.client;
    if (!client) return indicator.up();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        client.ping(),
        new Promise((_resolve, reject) => {
          timer = setTimeout(() => reject(new Error('no answer in time')), PING_TIMEOUT_MS);
        }),
      ]);
      this.outage.up();
      return indicator.up();
    } catch (error) {
      this.outage.down((error as Error).message);
      // A fixed message: the client's errors may carry the host.
      return indicator.down({ message: 'Redis did not answer' });
    } finally {
      clearTimeout(timer);
    }
  }
}
