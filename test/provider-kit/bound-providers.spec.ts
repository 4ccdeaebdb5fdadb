import { startFieldCrm } from '../../examples/field-crm/field-crm.js';
import { startSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import fs from 'node:fs';
import { FieldCrmClassProvider } from '../support/field-crm-class.provider.js';
import { FIELD_CRM_KEYS, FIELD_CRM_NUMBERS } from './field-crm-kit.js';
import { connectBoundProvider, connectProvider } from './kit-connection.js';
import { describeProviderKit } from './provider-kit.js';
import { sampleCrmCredentials } from './sample-crm-credentials.js';

/**
 * The provider kit against every provider this repository binds, each through crm-bridge's own
 * configuration and a real CRM: the sample CRM's OAuth and API-key classes and its JSON file, and
 * field CRM's JSON file.
 */
const crm = await startSampleCrm();
const fieldCrm = await startFieldCrm();
afterAll(() => Promise.all([crm.close(), fieldCrm.close()]));

const bound = [
  { platform: 'sample-crm', auth: 'oauth' },
  { platform: 'sample-crm-apikey', auth: 'apiKey' },
  { platform: 'sample-crm-json', auth: 'oauth' },
] as const;

for (const { platform, auth } of bound) {
  describeProviderKit(
    await connectBoundProvider({ SAMPLE_CRM_URL: crm.url }, platform, {
      credentials: await sampleCrmCredentials(crm, auth, 'alice'),
      expectedUserName: 'Alice Example',
    }),
  );
}

describeProviderKit(
  await connectBoundProvider({ FIELD_CRM_URL: fieldCrm.url, SAMPLE_CRM: 'false' }, 'field-crm', {
    credentials: { apiKey: FIELD_CRM_KEYS.alice },
    expectedUserName: 'Alice Keller',
  }),
  { knownNumbers: FIELD_CRM_NUMBERS },
);

// The class worked example (docs/providers.md), as Bob: the JSON run's logout revoked Alice's key.
describeProviderKit(
  await connectProvider(new FieldCrmClassProvider(fieldCrm.url), {
    credentials: { apiKey: FIELD_CRM_KEYS.bob },
    expectedUserName: 'Bob Turner',
  }),
  { knownNumbers: FIELD_CRM_NUMBERS },
);

it('keeps the class binding of field CRM within 150 non-blank lines', () => {
  const text = fs.readFileSync('test/support/field-crm-class.provider.ts', 'utf8');
  expect(text.split('\n').filter((line) => line.trim() !== '').length).toBeLessThanOrEqual(150);
});
