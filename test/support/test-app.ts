import type { LoggerService } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test, type TestingModuleBuilder } from '@nestjs/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';

export type TestAgent = ReturnType<typeof request>;

import { DataSource } from 'typeorm';
import {
  startSampleCrm,
  type RunningSampleCrm,
  type StartSampleCrmOptions,
} from '../../examples/sample-crm/sample-crm.js';
import { startFieldCrm, type RunningFieldCrm } from '../../examples/field-crm/field-crm.js';
import { AppModule } from '../../src/app.module.js';
import { createHttpAdapter, setupApp } from '../../src/app.setup.js';
import type { Env } from '../../src/config/define-config.js';
import { SILENT_LOGGER } from './quiet-logs.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface TestApp {
  app: NestFastifyApplication;
  /** Real HTTP against the listening app. */
  http: TestAgent;
  url: string;
  /** Every route Fastify's router serves, as "METHOD /path" (the automatic HEAD twins left out). */
  routes: string[];
  crm: RunningSampleCrm;
  /** The second example CRM, bound by its JSON file as platform `field-crm`. */
  fieldCrm: RunningFieldCrm;
  db: TestDatabase;
  dataSource: DataSource;
  env: Env;
  close(): Promise<void>;
}

export interface TestAppOptions {
  env?: Env;
  /** Share one sample CRM between apps (several instances); started here when absent. */
  crm?: RunningSampleCrm;
  /** Options for the sample CRM started here (when no crm is given). */
  crmOptions?: StartSampleCrmOptions;
  /** Share one field CRM between apps; started here when absent. */
  fieldCrm?: RunningFieldCrm;
  db?: TestDatabase;
  /** Overrides on the app's module before it compiles (replace providers, the DNS resolver...). */
  configure?: (builder: TestingModuleBuilder) => TestingModuleBuilder;
  /** The app's logger (e.g. one capturing output). Default: silent. */
  logger?: LoggerService;
}

/**
 * The real app on a fresh database (per TEST_DATABASE), listening on a loopback port, bound to a
 * real sample CRM and a real field CRM, both started in this process.
 */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const crm = options.crm ?? (await startSampleCrm(options.crmOptions));
  const fieldCrm = options.fieldCrm ?? (await startFieldCrm({ testApi: true }));
  const db = options.db ?? (await createTestDatabase());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-data-'));
  const env: Env = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    SAMPLE_CRM_URL: crm.url,
    FIELD_CRM_URL: fieldCrm.url,
    PUBLIC_URL: 'http://crm-bridge.test',
    // Never the real platform: suites that check RingCentral tokens start ringcentral-stub.ts.
    RINGCENTRAL_SERVER: 'http://127.0.0.1:9',
    // Caches off unless a suite turns them on: most suites count the requests the CRM receives.
    USER_CACHE_TTL_MS: '0',
    CONTACT_CACHE_TTL_SECONDS: '0',
    CONTACT_CACHE_MISS_TTL_SECONDS: '0',
    // Suites send bursts from one address that no client sends; rate-limits.spec.ts tests the
    // limits themselves. The guard still runs on every request.
    RATE_LIMIT_PER_IP: '1000000',
    RATE_LIMIT_PER_USER: '1000000',
    RATE_LIMIT_LOGIN_PER_IP: '1000000',
    RATE_LIMIT_LOGIN_PER_PLATFORM: '1000000',
    RATE_LIMIT_USER_INFO_HASH_PER_IP: '1000000',
    ...options.env,
  };
  const logger = options.logger ?? SILENT_LOGGER;
  const builder = Test.createTestingModule({ imports: [AppModule.forEnv(env)] }).setLogger(logger);
  const moduleRef = await (options.configure?.(builder) ?? builder).compile();
  const app = moduleRef.createNestApplication<NestFastifyApplication>(createHttpAdapter(env), {
    bodyParser: false,
    logger,
  });
  await setupApp(app);
  const routes: string[] = [];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        if (method !== 'HEAD') routes.push(`${method} ${route.url}`);
      }
    });
  try {
    await app.listen(0, '127.0.0.1');
  } catch (error) {
    // A refused start-up (e.g. a provider breaking the host rules): release what did start.
    await app.close().catch(() => undefined);
    if (!options.crm) await crm.close();
    if (!options.fieldCrm) await fieldCrm.close();
    if (!options.db) await db.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  const address = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${address.port}`;
  return {
    app,
    http: request(url),
    url,
    routes,
    crm,
    fieldCrm,
    db,
    dataSource: app.get(DataSource),
    env,
    close: async () => {
      await app.close();
      if (!options.crm) await crm.close();
      if (!options.fieldCrm) await fieldCrm.close();
      if (!options.db) await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
