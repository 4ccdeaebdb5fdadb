import { activityLogsConfig } from './activity-logs.config.js';
import { crmConfig } from './crm.config.js';

describe('crm and activity-logs config', () => {
  it('has the documented defaults', () => {
    expect(crmConfig.read({})).toEqual(
      expect.objectContaining({
        timeoutMs: 25000,
        attemptTimeoutMs: 10000,
        connectTimeoutMs: 5000,
        maxAttempts: 3,
        retryBaseDelayMs: 200,
        retryMaxDelayMs: 2000,
        retryAfterCapSeconds: 10,
        breakerThreshold: 5,
        breakerHalfOpenMs: 10000,
        maxConcurrent: 20,
        maxQueued: 1000,
      }),
    );
    expect(activityLogsConfig.read({})).toMatchObject({
      callLogClaimTtlSeconds: 120,
      messageLogLockTtlSeconds: 120,
    });
  });

  it.each([
    [{ CRM_TIMEOUT_MS: 'soon' }, 'CRM_TIMEOUT_MS must be an integer'],
    [{ CRM_ATTEMPT_TIMEOUT_MS: '50' }, 'CRM_ATTEMPT_TIMEOUT_MS must be at least 100'],
    [{ CRM_CONNECT_TIMEOUT_MS: '60001' }, 'CRM_CONNECT_TIMEOUT_MS must be at most 60000'],
    [{ CRM_MAX_ATTEMPTS: '0' }, 'CRM_MAX_ATTEMPTS must be at least 1'],
    [{ CRM_RETRY_AFTER_CAP_SECONDS: '-1' }, 'CRM_RETRY_AFTER_CAP_SECONDS must be an integer'],
    [{ CRM_BREAKER_THRESHOLD: '0' }, 'CRM_BREAKER_THRESHOLD must be at least 1'],
    [{ CRM_BREAKER_HALF_OPEN_MS: '10' }, 'CRM_BREAKER_HALF_OPEN_MS must be at least 100'],
    [{ CRM_MAX_CONCURRENT: '0' }, 'CRM_MAX_CONCURRENT must be at least 1'],
    [{ CRM_MAX_QUEUED: 'many' }, 'CRM_MAX_QUEUED must be an integer'],
  ])('refuses %j', (env, message) => {
    expect(() => crmConfig.read(env)).toThrow(message);
  });

  it('requires a claim to outlast the CRM budget', () => {
    expect(() => activityLogsConfig.read({ CALL_LOG_CLAIM_TTL_SECONDS: '20' })).toThrow(
      'CALL_LOG_CLAIM_TTL_SECONDS must be longer than CRM_TIMEOUT_MS',
    );
    expect(() =>
      activityLogsConfig.read({ MESSAGE_LOG_LOCK_TTL_SECONDS: '25', CRM_TIMEOUT_MS: '25000' }),
    ).toThrow('MESSAGE_LOG_LOCK_TTL_SECONDS must be longer than CRM_TIMEOUT_MS');
    expect(
      activityLogsConfig.read({ CALL_LOG_CLAIM_TTL_SECONDS: '2', CRM_TIMEOUT_MS: '1000' })
        .callLogClaimTtlSeconds,
    ).toBe(2);
  });
});
