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

/** The sample CRM's class provider, signed into with OAuth 2.0. */
export const SAMPLE_CRM_OAUTH: PlatformUnderTest = {
  platform: 'sample-crm',
  displayName: 'Sample CRM',
  auth: 'oauth',
  login: (http, who) => loginWithOAuth(http, who, 'sample-crm'),
};

const ALL = [SAMPLE_CRM_APIKEY, SAMPLE_CRM_JSON];
const OAUTH = [SAMPLE_CRM_OAUTH, SAMPLE_CRM_JSON];

/**
 * The platforms the data suites run against, for `describe.each`: every one by default;
 * `TEST_PLATFORMS=sample-crm-json` (comma-separated) narrows a run to some of them.
 */
export function platformsUnderTest(): PlatformUnderTest[] {
  return narrowed(ALL);
}

/** The OAuth platforms, for the token suites (refresh, revocation); narrowed like the others. */
export function oauthPlatformsUnderTest(): PlatformUnderTest[] {
  return narrowed(OAUTH);
}

function narrowed(platforms: PlatformUnderTest[]): PlatformUnderTest[] {
  const wanted = process.env.TEST_PLATFORMS?.split(',').map((name) => name.trim());
  if (!wanted?.length || wanted.every((name) => name === '')) return platforms;
  const known = [...ALL, ...OAUTH];
  const unknown = wanted.filter((name) => !known.some((p) => p.platform === name));
  if (unknown.length > 0) throw new Error(`TEST_PLATFORMS names unknown platforms: ${unknown}`);
  return platforms.filter((p) => wanted.includes(p.platform));
}
