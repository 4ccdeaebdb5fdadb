import { startSampleCrm } from '../../examples/sample-crm/sample-crm.js';
import { connectBoundProvider } from './kit-connection.js';
import { describeProviderKit } from './provider-kit.js';
import { sampleCrmCredentials } from './sample-crm-credentials.js';

/**
 * The provider kit against every provider this repository binds, each through crm-bridge's own
 * configuration and a real sample CRM: the OAuth and API-key classes, and the JSON file.
 */
const crm = await startSampleCrm();
afterAll(() => crm.close());

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
