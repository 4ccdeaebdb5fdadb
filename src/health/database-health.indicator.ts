import { Injectable, Logger } from '@nestjs/common';
import {
  HealthIndicatorService,
  TypeOrmHealthIndicator,
  type HealthIndicatorResult,
} from '@nestjs/terminus';
import { OutageLog } from './outage-log.js';

const PING_TIMEOUT_MS = 1500;

/** Fails with a fixed message: the driver's may name hosts or users, so it goes to the log only. */
@Injectable()
export class DatabaseHealthIndicator {
  private readonly outage = new OutageLog(new Logger('Health'), 'the database');

  constructor(
    private readonly typeorm: TypeOrmHealthIndicator,
    private readonly health: HealthIndicatorService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const result = await this.typeorm.pingCheck(key, { timeout: PING_TIMEOUT_MS });
    const detail = result[key];
    if (detail?.status === 'up') {
      this.outage.up();
      return result;
    }
    this.outage.down(String(detail?.message));
    return this.health.check(key).down({ message: 'The database did not answer' });
  }
}
