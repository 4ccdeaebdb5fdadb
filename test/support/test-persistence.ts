import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { appConfigModule } from '../../src/app-config.module.js';
import { DatabaseModule } from '../../src/database/database.module.js';
import { ENTITIES } from '../../src/entities.js';
import { metricsConfig } from '../../src/config/metrics.config.js';
import { MetricsModule } from '../../src/metrics/metrics.module.js';
import { RedisModule } from '../../src/redis/redis.module.js';
import { UserEntity } from '../../src/users/user.entity.js';
import { SILENT_LOGGER } from './quiet-logs.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export interface PersistenceHarness {
  module: TestingModule;
  dataSource: DataSource;
  db: TestDatabase;
  close(): Promise<void>;
}

/**
 * The database layer alone (config, TypeORM with migrations, repositories, the local invalidation
 * bus) plus the given services, on a fresh database of the kind TEST_DATABASE selects.
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
      DatabaseModule.forRoot(ENTITIES),
      // No REDIS_URL here: the user cache's invalidation bus stays local to the process.
      RedisModule,
      TypeOrmModule.forFeature(ENTITIES),
    ],
    providers: providers as never[],
  })
    .setLogger(SILENT_LOGGER)
    .compile();
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

/**
 * Inserts a signed-in user's row straight into the database: a sample-crm API-key user without
 * credentials, with `fields` on top. Returns its id.
 */
export async function insertUser(
  dataSource: DataSource,
  fields: Record<string, unknown> = {},
): Promise<string> {
  const id = typeof fields.id === 'string' ? fields.id : randomUUID();
  await dataSource.getRepository(UserEntity).insert({
    id,
    platform: 'sample-crm',
    hostname: '',
    crmUserId: id,
    name: id,
    authType: 'apiKey',
    settings: {},
    ...fields,
  } as never);
  return id;
}
