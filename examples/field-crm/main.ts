import { startFieldCrm } from './field-crm.js';
import { parseRateLimit } from './rate-limiter.js';

const env = process.env;

/** One JSON object per line on stdout, like crm-bridge's own logs. */
const log = (level: 'info' | 'error', entry: Record<string, unknown>) =>
  console.log(
    JSON.stringify({ time: new Date().toISOString(), level, service: 'field-crm', ...entry }),
  );

function wholeNumber(name: string, fallback: number, max: number): number {
  const text = env[name]?.trim();
  if (!text) return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value > max) {
    throw new Error(`${name} must be a whole number from 0 to ${max}, got ${text}`);
  }
  return value;
}

let crm: Awaited<ReturnType<typeof startFieldCrm>>;
try {
  crm = await startFieldCrm({
    port: wholeNumber('FIELD_CRM_PORT', 3200, 65535),
    host: env.FIELD_CRM_HOST?.trim() || '127.0.0.1',
    testApi: env.FIELD_CRM_TEST_API === 'true',
    rateLimit: parseRateLimit(env.FIELD_CRM_RATE_LIMIT),
    pageSize: wholeNumber('FIELD_CRM_PAGE_SIZE', 2, 10),
    log: (entry) => log('info', entry),
  });
} catch (err) {
  // A configuration mistake is one line naming it, not a stack trace.
  log('error', { msg: 'cannot start', error: (err as Error).message });
  process.exit(1);
}
log('info', { msg: 'field CRM listening', url: crm.url });

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    crm.close().catch((err: unknown) => {
      log('error', { msg: 'close failed', error: String(err) });
      process.exitCode = 1;
    });
  });
}
