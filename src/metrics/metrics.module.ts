import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { MetricsConfig } from '../config/metrics.config.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsService } from './metrics.service.js';

/** The metrics registry for every module; GET /metrics only when METRICS_ENABLED. */
@Global()
@Module({})
export class MetricsModule {
  static forConfig(config: MetricsConfig): DynamicModule {
    return {
      module: MetricsModule,
      controllers: config.enabled ? [MetricsController] : [],
      providers: [MetricsService],
      exports: [MetricsService],
    };
  }
}
