import type { SeededUser } from './crm-under-test.js';
import { SAMPLE_CRM_APIKEY, type PlatformUnderTest } from './platforms.js';
import { startTestApp, type TestApp, type TestAppOptions } from './test-app.js';

export type { SeededUser };

export interface SignedInAppOptions<U extends SeededUser> extends TestAppOptions {
  /** Seeded users to sign in, in this order. */
  users: readonly U[];
  /** How they sign in; default: the sample CRM with an API key. */
  platform?: PlatformUnderTest;
}

/**
 * The real app (startTestApp) with seeded users signed in the way the client does:
 * `({ t, tokens: { alice, bob } } = await startSignedInApp({ users: ['alice', 'bob'] }))`.
 */
export async function startSignedInApp<U extends SeededUser>(
  options: SignedInAppOptions<U>,
): Promise<{ t: TestApp; tokens: Record<U, string> }> {
  const { users, platform = SAMPLE_CRM_APIKEY, ...appOptions } = options;
  const t = await startTestApp(appOptions);
  const tokens = {} as Record<U, string>;
  try {
    for (const user of users) tokens[user] = await platform.login(t.http, user);
  } catch (error) {
    await t.close();
    throw error;
  }
  return { t, tokens };
}
