import { sampleCrmLog } from './sample-crm-log.js';
import { startSampleCrm } from './sample-crm.js';

const env = process.env;

/** A bad setting stops the process with one JSON line naming it. */
function fail(message: string): never {
  sampleCrmLog('fatal', message);
  process.exit(1);
}

const port = Number(env.SAMPLE_CRM_PORT ?? 3100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  fail(`SAMPLE_CRM_PORT must be a port number, got ${env.SAMPLE_CRM_PORT}`);
}

const ttlText = env.SAMPLE_CRM_ACCESS_TOKEN_TTL?.trim();
const accessTokenTtlSeconds = ttlText ? Number(ttlText) : undefined;
if (accessTokenTtlSeconds !== undefined && !/^\d+$/.test(ttlText!)) {
  fail(`SAMPLE_CRM_ACCESS_TOKEN_TTL must be a number of seconds, got ${ttlText}`);
}

const redirectUris = env.SAMPLE_CRM_REDIRECT_URIS?.split(',')
  .map((uri) => uri.trim())
  .filter(Boolean);

const crm = await startSampleCrm({
  port,
  host: env.SAMPLE_CRM_HOST ?? '127.0.0.1',
  publicUrl: env.SAMPLE_CRM_PUBLIC_URL?.trim() || undefined,
  testApi: env.SAMPLE_CRM_TEST_API === 'true',
  clientId: env.SAMPLE_CRM_CLIENT_ID?.trim() || undefined,
  clientSecret: env.SAMPLE_CRM_CLIENT_SECRET?.trim() || undefined,
  redirectUris: redirectUris?.length ? redirectUris : undefined,
  accessTokenTtlSeconds,
  countGrants: env.SAMPLE_CRM_COUNT_GRANTS === 'true',
});
sampleCrmLog('info', `Sample CRM listening on ${crm.url} (OAuth issuer ${crm.issuer})`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    crm.close().catch((err: unknown) => {
      sampleCrmLog('error', 'Close failed', err);
      process.exitCode = 1;
    });
  });
}
