import fs from 'node:fs';
import { PinoLoggerService } from '../../src/common/logging/pino-logger.service.js';
import { appConfig } from '../../src/config/app.config.js';
import { ConfigError } from '../../src/config/define-config.js';
import { EMBEDDABLE_REDIRECT_URI } from '../../src/config/oauth.config.js';
import { sampleCrmConfig } from '../../src/config/sample-crm.config.js';
import { startSampleCrm } from './sample-crm.js';

/**
 * `npm start` (and `npm run start:cluster` with `--cluster`): the sample CRM in this process on
 * SAMPLE_CRM_PORT, then crm-bridge pointed at it by SAMPLE_CRM_URL. Nothing is started when
 * SAMPLE_CRM=false or SAMPLE_CRM_URL names one that runs elsewhere. Cluster workers inherit
 * SAMPLE_CRM_URL, so one sample CRM serves them all (each starting its own would spread its
 * in-memory sign-ins over several stores).
 */
async function startBesideTheServer(env: NodeJS.ProcessEnv): Promise<void> {
  let config;
  let app;
  try {
    config = sampleCrmConfig.read(env);
    app = appConfig.read(env);
  } catch (error) {
    // The server reports a configuration mistake itself, one line each.
    if (error instanceof ConfigError) return;
    throw error;
  }
  if (!config.enabled || config.url) return;
  const crm = await startSampleCrm({
    port: config.port,
    publicUrl: config.publicUrl,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    accessTokenTtlSeconds: config.accessTokenTtlSeconds,
    redirectUris: [
      EMBEDDABLE_REDIRECT_URI,
      `${app.publicUrl}/auth/sample-crm/callback`,
      `${app.publicUrl}/auth/sample-crm-json/callback`,
    ],
  });
  env.SAMPLE_CRM_URL = crm.url;
  new PinoLoggerService({ level: app.logLevel }).log(
    `Sample CRM listening on ${crm.url}`,
    'SampleCrm',
  );
}

if (fs.existsSync('.env')) process.loadEnvFile('.env');
await startBesideTheServer(process.env);
if (process.argv.includes('--cluster')) await import('../../src/cluster.js');
else await import('../../src/main.js');
