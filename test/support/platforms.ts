import { FIELD_CRM_KEYS } from '../provider-kit/field-crm-kit.js';
import {
  FIELD_CRM_UNDER_TEST,
  SAMPLE_CRM_UNDER_TEST,
  type CrmUnderTest,
  type SeededUser,
} from './crm-under-test.js';
import { loginWithApiKey } from './factories.js';
import { loginWithOAuth } from './oauth-login.js';
import type { TestAgent } from './test-app.js';

/** A CRM binding the data suites (contacts, call logs, message logs) run against. */
export interface PlatformUnderTest {
  platform: string;
  /** What the client's messages call the CRM (`<displayName> is unavailable`). */
  displayName: string;
  auth: 'apiKey' | 'oauth';
  /** Signs a seeded user in the way the client does; the session token. */
  login(http: TestAgent, who: SeededUser): Promise<string>;
  /** The example CRM behind the binding: its seed, features and store. */
  crm: CrmUnderTest;
}

/** The sample CRM's class provider, signed into with an API key. */
export const SAMPLE_CRM_APIKEY: PlatformUnderTest = {
  platform: 'sample-crm-apikey',
  displayName: 'Sample CRM (API key)',
  auth: 'apiKey',
  login: (http, who) => loginWithApiKey(http, who),
  crm: SAMPLE_CRM_UNDER_TEST,
};

/** The sample CRM bound by its JSON file only (src/providers/sample-crm/sample-crm.json), OAuth. */
export const SAMPLE_CRM_JSON: PlatformUnderTest = {
  platform: 'sample-crm-json',
  displayName: 'Sample CRM (JSON)',
  auth: 'oauth',
  login: (http, who) => loginWithOAuth(http, who, 'sample-crm-json'),
  crm: SAMPLE_CRM_UNDER_TEST,
};

/** The sample CRM's class provider, signed into with OAuth 2.0. */
export const SAMPLE_CRM_OAUTH: PlatformUnderTest = {
  platform: 'sample-crm',
  displayName: 'Sample CRM',
  auth: 'oauth',
  login: (http, who) => loginWithOAuth(http, who, 'sample-crm'),
  crm: SAMPLE_CRM_UNDER_TEST,
};

/** The field CRM bound by its JSON file only (src/providers/field-crm/field-crm.json), API key. */
export const FIELD_CRM: PlatformUnderTest = {
  platform: 'field-crm',
  displayName: 'Field CRM',
  auth: 'apiKey',
  login: async (http, who) => {
    const res = await http
      .post('/apiKeyLogin')
      .send({ platform: 'field-crm', apiKey: FIELD_CRM_KEYS[who] })
      .expect(200);
    return res.body.jwtToken as string;
  },
  crm: FIELD_CRM_UNDER_TEST,
};

const ALL = [SAMPLE_CRM_APIKEY, SAMPLE_CRM_JSON, FIELD_CRM];
const SAMPLE = [SAMPLE_CRM_APIKEY, SAMPLE_CRM_JSON];
const OAUTH = [SAMPLE_CRM_OAUTH, SAMPLE_CRM_JSON];

/**
 * The platforms the data suites run against, for `describe.each`: every one by default;
 * `TEST_PLATFORMS=sample-crm-json` (comma-separated) narrows a run to some of them.
 */
export function platformsUnderTest(): PlatformUnderTest[] {
  return narrowed(ALL);
}

/** The sample-CRM platforms, for suites written against its seed and store; narrowed likewise. */
export function samplePlatformsUnderTest(): PlatformUnderTest[] {
  return narrowed(SAMPLE);
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
