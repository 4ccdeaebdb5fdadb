/**
 * The provider kit against a sandbox (test/provider-kit/sandbox.kit.ts), for
 * `npm run provider-kit`; `npm test` runs the kit against the repository's own providers instead.
 */
/** @type {import('jest').Config} */
export default {
  rootDir: '../..',
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*(?<!\\.json))\\.js$': '$1' },
  transform: { '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }] },
  testMatch: ['<rootDir>/test/provider-kit/sandbox.kit.ts'],
  testTimeout: 60000,
};
