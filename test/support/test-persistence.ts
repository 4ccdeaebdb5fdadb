import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { appConfigModule } from '../../src/config/config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { ENTITIES } from '../../src/database/entities.js';
import { metricsConfig } from '../../src/config/metrics.config.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface PersistenceHarness {
  module: TestingModule;
  dataSource: DataSource;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The database layer alone (config, TypeORM with migrations, repositories) plus the given services,
 * on a fresh database of the kind TEST_DATABASE selects.
 */
export async function startPersistence(
  providers: unknown[] = [],
  env: Record<string, string> = {},
): Promise<PersistenceHarness> {
  const db = await createTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'crm-bridge-data-'));
  const appEnv = {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    DATABASE_URL: db.url,
    SAMPLE_CRM: 'false',
    ...env,
  };
  const module = await Test.createTestingModule({
    imports: [
      appConfigModule(appEnv),
      MetricsModule.forConfig(metricsConfig.read(appEnv)),
      DatabaseModule,
      TypeOrmModule.forFeature(ENTITIES),
    ],
    providers: providers as never[],
  }).compile();
  await module.init();
  return {
    module,
    dataSource: module.get(DataSource),
    db,
    close: async () => {
      await module.close();
      await db.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
