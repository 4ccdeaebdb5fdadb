import { loginWithApiKey } from './factories.js';
import { loginWithOAuth } from './oauth-login.js';
import type { TestAgent } from './test-app.js';

/** A sample-CRM binding the data suites (contacts, call logs, message logs) run against. */
export interface PlatformUnderTest {
  platform: string;
  /** What the client's messages call the CRM (`<displayName> is unavailable`). */
  displayName: string;
  auth: 'apiKey' | 'oauth';
  /** Signs a seeded sample-CRM user in the way the client does; the session token. */
  login(http: TestAgent, who: 'alice' | 'bob'): Promise<string>;
}

/** The sample CRM's class provider, signed into with an API key. */
export const SAMPLE_CRM_APIKEY: PlatformUnderTest = {
  platform: 'sample-crm-apikey',
  displayName: 'Sample CRM (API key)',
  auth: 'apiKey',
  login: (http, who) => loginWithApiKey(http, who),
};

/** The sample CRM bound by its JSON file only (src/providers/sample-crm/sample-crm.json), OAuth. */
export const SAMPLE_CRM_JSON: PlatformUnderTest = {
  platform: 'sample-crm-json',
  displayName: 'Sample CRM (JSON)',
  auth: 'oauth',
  login: (http, who) => loginWithOAuth(http, who, 'sample-crm-json'),
};

const ALL = [SAMPLE_CRM_APIKEY, SAMPLE_CRM_JSON];

/**
 * The platforms the data suites run against, for `describe.each`: every one by default;
 * `TEST_PLATFORMS=sample-crm-json` (comma-separated) narrows a run to some of them.
 */
export function platformsUnderTest(): PlatformUnderTest[] {
  const wanted = process.env.TEST_PLATFORMS?.split(',').map((name) => name.trim());
  if (!wanted?.length || wanted.every((name) => name === '')) return ALL;
  const unknown = wanted.filter((name) => !ALL.some((p) => p.platform === name));
  if (unknown.length > 0) throw new Error(`TEST_PLATFORMS names unknown platforms: ${unknown}`);
  return ALL.filter((p) => wanted.includes(p.platform));
}
