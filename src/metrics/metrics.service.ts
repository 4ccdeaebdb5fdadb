import { Inject, Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { metricsConfig, type MetricsConfig } from '../config/metrics.config.js';
import { methodLabel, nameLabel } from './metric-labels.js';

export interface CrmCallObservation {
  operation: string;
  outcome: string;
  durationMs: number;
}

export type TokenRefreshOutcome = 'refreshed' | 'raced' | 'revoked' | 'failed';

/** Prometheus metrics in a registry of their own (docs/operations.md lists every one). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  readonly enabled: boolean;

  private readonly httpSeries = new Map<string, { observe: (seconds: number) => void }>();

  private readonly httpDuration = new Histogram({
    name: 'crm_bridge_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route pattern and status code.',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });

  private readonly crmDuration = new Histogram({
    name: 'crm_bridge_crm_call_duration_seconds',
    help: 'Time of one CRM call, retries included, by provider, operation and outcome.',
    labelNames: ['provider', 'operation', 'outcome'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25],
    registers: [this.registry],
  });

  private readonly crmErrors = new Counter({
    name: 'crm_bridge_crm_call_errors_total',
    help: 'CRM calls that failed after their last attempt, by provider, operation and error code.',
    labelNames: ['provider', 'operation', 'code'] as const,
    registers: [this.registry],
  });

  private readonly bulkheadRefusals = new Counter({
    name: 'crm_bridge_crm_bulkhead_refusals_total',
    help: 'CRM calls this instance refused itself (its concurrency limit had no slot in time; the CRM was not asked), by provider.',
    labelNames: ['provider'] as const,
    registers: [this.registry],
  });

  private readonly tokenRefreshes = new Counter({
    name: 'crm_bridge_token_refreshes_total',
    help: 'OAuth token refreshes this instance asked a CRM for, by platform and outcome.',
    labelNames: ['platform', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly cacheHits = new Counter({
    name: 'crm_bridge_cache_hits_total',
    help: 'In-process cache lookups that found a live entry, by cache.',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });

  private readonly cacheMisses = new Counter({
    name: 'crm_bridge_cache_misses_total',
    help: 'In-process cache lookups that found nothing (or an expired entry), by cache.',
    labelNames: ['cache'] as const,
    registers: [this.registry],
  });

  constructor(@Inject(metricsConfig.KEY) config: MetricsConfig) {
    this.enabled = config.enabled;
    if (this.enabled) collectDefaultMetrics({ register: this.registry });
  }

  observeHttp(method: string, route: string, status: number, seconds: number): void {
    if (!this.enabled) return;
    const methodName = methodLabel(method);
    const key = `${methodName} ${status} ${route}`;
    let series = this.httpSeries.get(key);
    if (!series) {
      // Bounded: route patterns, methods and statuses, never raw URLs.
      series = this.httpDuration.labels(methodName, route, String(status));
      this.httpSeries.set(key, series);
    }
    series.observe(seconds);
  }

  crmCallObserver(platform: string): ((call: CrmCallObservation) => void) | undefined {
    if (!this.enabled) return undefined;
    const provider = nameLabel(platform, 'unknown');
    return (call) => {
      const operation = nameLabel(call.operation, 'unnamed');
      this.crmDuration.labels(provider, operation, call.outcome).observe(call.durationMs / 1000);
      if (call.outcome !== 'ok') this.crmErrors.labels(provider, operation, call.outcome).inc();
      if (call.outcome === 'BUSY') this.bulkheadRefusals.labels(provider).inc();
    };
  }

  tokenRefreshed(platform: string, outcome: TokenRefreshOutcome): void {
    if (!this.enabled) return;
    this.tokenRefreshes.labels(nameLabel(platform, 'unknown'), outcome).inc();
  }

  cacheObserver(cache: string): ((hit: boolean) => void) | undefined {
    if (!this.enabled) return undefined;
    const hits = this.cacheHits.labels(cache);
    const misses = this.cacheMisses.labels(cache);
    return (hit) => (hit ? hits : misses).inc();
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
