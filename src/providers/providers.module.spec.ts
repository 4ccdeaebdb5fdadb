import { Test } from '@nestjs/testing';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { appConfigModule } from '../app-config.module.js';
import type { Env } from '../config/define-config.js';
import { sampleCrmConfig } from '../config/sample-crm.config.js';
import { CRM_PROVIDERS, type CrmProvider } from '../crm/crm-provider.js';
import { ProvidersModule } from './providers.module.js';

/** The platforms ProvidersModule binds under `env`, as the app module configures it. */
async function boundPlatforms(env: Env): Promise<string[]> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'providers-module-'));
  const full: Env = { NODE_ENV: 'test', DATA_DIR: dataDir, ...env };
  const module = await Test.createTestingModule({
    imports: [
      appConfigModule(full),
      ProvidersModule.forConfig({ sampleCrm: sampleCrmConfig.read(full) }),
    ],
  }).compile();
  try {
    return module.get<CrmProvider[]>(CRM_PROVIDERS).map((provider) => provider.platform);
  } finally {
    await module.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

describe('ProvidersModule', () => {
  it('binds the sample CRM three ways when SAMPLE_CRM is on (the default)', async () => {
    await expect(boundPlatforms({ SAMPLE_CRM_URL: 'http://127.0.0.1:3999' })).resolves.toEqual([
      'sample-crm',
      'sample-crm-apikey',
      'sample-crm-json',
    ]);
  });

  it('leaves the sample CRM module out when SAMPLE_CRM is off', async () => {
    await expect(
      boundPlatforms({ SAMPLE_CRM: 'false', FIELD_CRM_URL: 'http://127.0.0.1:3998' }),
    ).resolves.toEqual(['field-crm']);
  });
});
