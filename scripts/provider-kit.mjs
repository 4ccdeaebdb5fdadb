#!/usr/bin/env node
// Runs the provider kit (test/provider-kit) against one platform crm-bridge binds, with the
// configuration and sandbox credentials of an env file:
//   npm run provider-kit -- --platform acme --env-file acme.env
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { parseArgs } from 'node:util';

const usage = 'usage: npm run provider-kit -- --platform <name> [--env-file <file>]';
let values;
try {
  ({ values } = parseArgs({
    options: {
      platform: { type: 'string' },
      'env-file': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n${usage}`);
  process.exit(2);
}
if (values.help) {
  console.log(`${usage}\nSee docs/providers.md, "Testing with the kit".`);
  process.exit(0);
}
if (!values.platform) {
  console.error(`--platform is required\n${usage}`);
  process.exit(2);
}
const envFile = values['env-file'];
if (envFile && !fs.existsSync(envFile)) {
  console.error(`env file not found: ${envFile}`);
  process.exit(2);
}

const result = spawnSync(
  process.execPath,
  [
    '--experimental-vm-modules',
    '--disable-warning=ExperimentalWarning',
    'node_modules/jest/bin/jest.js',
    '--config',
    'test/provider-kit/jest.sandbox.config.js',
    '--verbose',
  ],
  {
    stdio: 'inherit',
    env: {
      ...process.env,
      PROVIDER_KIT_PLATFORM: values.platform,
      ...(envFile ? { PROVIDER_KIT_ENV_FILE: envFile } : {}),
    },
  },
);
process.exit(result.status ?? 1);
