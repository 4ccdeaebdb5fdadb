import fs from 'node:fs';
import { parseEnv } from 'node:util';
import type { PhoneVariantKind } from '../../src/crm/phone/index.js';
import { connectBoundProvider } from './kit-connection.js';
import { describeProviderKit } from './provider-kit.js';

/**
 * The provider kit against a team's own CRM sandbox, run by
 * `npm run provider-kit -- --platform <name> --env-file <file>` (scripts/provider-kit.mjs).
 * The env file holds crm-bridge's configuration for the provider (e.g. DECLARATIVE_PROVIDERS and
 * the secrets it names) and the sandbox user's credentials: KIT_API_KEY, or KIT_ACCESS_TOKEN
 * (and KIT_REFRESH_TOKEN). docs/providers.md lists every KIT_ variable.
 */
const platform = process.env.PROVIDER_KIT_PLATFORM ?? '';
const envFile = process.env.PROVIDER_KIT_ENV_FILE;
const env = {
  ...process.env,
  ...(envFile ? parseEnv(fs.readFileSync(envFile, 'utf8')) : {}),
};
const apiKey = env.KIT_API_KEY?.trim();
const accessToken = env.KIT_ACCESS_TOKEN?.trim();
if (!apiKey && !accessToken) {
  throw new Error(
    'Set KIT_API_KEY (API-key, basic or bearer sign-in) or KIT_ACCESS_TOKEN (OAuth) in the env file',
  );
}
const formats = env.KIT_STORED_FORMATS?.trim();

describeProviderKit(
  await connectBoundProvider(env, platform, {
    credentials: apiKey
      ? { apiKey }
      : { accessToken, refreshToken: env.KIT_REFRESH_TOKEN?.trim() || undefined },
    hostname: env.KIT_HOSTNAME?.trim() || undefined,
    expectedUserName: env.KIT_USER_NAME?.trim() || undefined,
  }),
  {
    storedFormats:
      formats === undefined || formats === ''
        ? undefined
        : formats === 'none'
          ? []
          : (formats.split(',').map((format) => format.trim()) as PhoneVariantKind[]),
    skipLogout: /^(1|true|yes)$/i.test(env.KIT_SKIP_LOGOUT?.trim() ?? ''),
  },
);
