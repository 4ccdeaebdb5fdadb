import fs from 'node:fs';
import module from 'node:module';

// V8's compiled code is kept on disk (os.tmpdir()/node-compile-cache): a warm start skips most
// parsing. Enabled before anything else is imported, so every module below benefits.
module.enableCompileCache?.();
const { PinoLogger } = await import('../../src/common/logging/pino-logger.js');
const { appConfig } = await import('../../src/config/app.config.js');
const { startSampleCrmFor } = await import('./beside-the-server.js');

// `npm start` (and `npm run start:cluster` with `--cluster`): the sample CRM, then crm-bridge
// pointed at it by SAMPLE_CRM_URL. Cluster workers run this file too and inherit SAMPLE_CRM_URL,
// so one sample CRM serves them all (one each would spread its in-memory sign-ins over several).
if (fs.existsSync('.env')) process.loadEnvFile('.env');
// Its OAuth server (oidc-provider) is built on the first sign-in: most starts never need it.
const crm = await startSampleCrmFor(process.env, { lazyOAuth: true });
if (crm) {
  const logger = new PinoLogger({ level: appConfig.read(process.env).logLevel });
  logger.log(`Sample CRM listening on ${crm.url}`, 'SampleCrm');
}
if (process.argv.includes('--cluster')) await import('../../src/cluster.js');
else await import('../../src/main.js');
