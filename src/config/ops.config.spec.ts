import os from 'node:os';
import { clusterConfig } from './cluster.config.js';
import { docsConfig } from './docs.config.js';
import { metricsConfig } from './metrics.config.js';
import { shutdownConfig } from './shutdown.config.js';

describe('operations config (metrics, docs, shutdown, cluster)', () => {
  it('has metrics and docs on, a 10 s grace period and a worker per core by default', () => {
    expect(metricsConfig.read({})).toMatchObject({ enabled: true, token: undefined });
    expect(docsConfig.read({}).enabled).toBe(true);
    expect(shutdownConfig.read({}).graceMs).toBe(10_000);
    expect(clusterConfig.read({}).workers).toBe(os.availableParallelism());
  });

  it('reads the switches, the token, the grace period and the worker count', () => {
    expect(metricsConfig.read({ METRICS_ENABLED: 'off' }).enabled).toBe(false);
    expect(metricsConfig.read({ METRICS_TOKEN: ' scrape-token-0123456789 ' }).token).toBe(
      'scrape-token-0123456789',
    );
    expect(docsConfig.read({ DOCS_ENABLED: 'false' }).enabled).toBe(false);
    expect(shutdownConfig.read({ SHUTDOWN_GRACE_MS: '0' }).graceMs).toBe(0);
    expect(clusterConfig.read({ WORKERS: '3' }).workers).toBe(3);
  });

  it.each([
    [
      () => metricsConfig.read({ METRICS_ENABLED: 'maybe' }),
      'METRICS_ENABLED must be true or false',
    ],
    [() => metricsConfig.read({ METRICS_TOKEN: 'short' }), 'METRICS_TOKEN must be 16-256'],
    [() => metricsConfig.read({ METRICS_TOKEN: 'has a space in it ok' }), 'METRICS_TOKEN must be'],
    [() => docsConfig.read({ DOCS_ENABLED: '2' }), 'DOCS_ENABLED must be true or false'],
    [
      () => shutdownConfig.read({ SHUTDOWN_GRACE_MS: '-1' }),
      'SHUTDOWN_GRACE_MS must be an integer',
    ],
    [
      () => shutdownConfig.read({ SHUTDOWN_GRACE_MS: '600001' }),
      'SHUTDOWN_GRACE_MS must be between',
    ],
    [() => clusterConfig.read({ WORKERS: '0' }), 'WORKERS must be between 1 and 256'],
    [() => clusterConfig.read({ WORKERS: 'two' }), 'WORKERS must be an integer'],
  ])('refuses a bad value without echoing it (%#)', (read, message) => {
    expect(read).toThrow(message);
  });

  it('never puts the metrics token into its error message', () => {
    expect(() => metricsConfig.read({ METRICS_TOKEN: 'tiny-secret' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('tiny-secret') }),
    );
  });
});
