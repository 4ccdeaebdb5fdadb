import type { KitConnection } from './kit-connection.js';
import { kitChecks, type ProviderKitOptions } from './kit-checks.js';

export { DEFAULT_STORED_FORMATS, type ProviderKitOptions } from './kit-checks.js';

/**
 * The provider kit as a jest suite: each check of kitChecks (test/provider-kit/kit-checks.ts) is a
 * test, and a check the provider cannot take (an optional operation it lacks) is reported as
 * skipped, saying why.
 */
export function describeProviderKit(
  connection: KitConnection,
  options: ProviderKitOptions = {},
): void {
  const { provider } = connection;
  describe(`provider kit: ${provider.platform} (${provider.displayName})`, () => {
    afterAll(() => connection.close());
    for (const check of kitChecks(connection, options)) {
      if (check.skip) it.skip(`${check.title} (skipped: ${check.skip})`, check.run);
      else it(check.title, check.run);
    }
  });
}
