import { startSampleCrm } from './sample-crm.js';

const port = Number(process.env.SAMPLE_CRM_PORT ?? 3100);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  throw new Error(`SAMPLE_CRM_PORT must be a port number, got ${process.env.SAMPLE_CRM_PORT}`);
}

const crm = await startSampleCrm({
  port,
  host: process.env.SAMPLE_CRM_HOST ?? '127.0.0.1',
  testApi: process.env.SAMPLE_CRM_TEST_API === 'true',
});
console.log(`sample CRM listening on ${crm.url}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    crm.close().catch((err: unknown) => {
      console.error('sample CRM: close failed', err);
      process.exitCode = 1;
    });
  });
}
