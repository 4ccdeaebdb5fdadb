/**
 * Six projects: `unit` (specs beside the code), `persistence` (test/persistence, run once per
 * database: SQLite file, and MariaDB/MySQL when TEST_DATABASE=mysql), `e2e` (HTTP against the
 * real app and the sample CRM), `contract` (every client call replayed in the client's exact
 * wire format), `provider-kit` (the provider kit against every bound provider) and `tooling`
 * (the repository's commands, e.g. the provider generator). Native ESM: run through `npm test`,
 * which passes --experimental-vm-modules.
 */
const base = {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  // Relative `.js` imports resolve to the `.ts` sources (but `x.json.js` files are real JS).
  moduleNameMapper: { '^(\\.{1,2}/.*(?<!\\.json))\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // CommonJS that requires ESM-only Nest 12: see test/support/cjs-to-esm.transform.js.
    '/node_modules/@nestjs/throttler/dist/.+\\.js$':
      '<rootDir>/test/support/cjs-to-esm.transform.js',
  },
  transformIgnorePatterns: ['/node_modules/(?!@nestjs/throttler/)'],
  // No framework log lines in test output unless a test captures them.
  setupFilesAfterEnv: ['<rootDir>/test/support/quiet-logs.ts'],
};

/** @type {import('jest').Config} */
export default {
  projects: [
    {
      ...base,
      displayName: 'unit',
      testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/examples/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'persistence',
      setupFilesAfterEnv: [
        ...base.setupFilesAfterEnv,
        '<rootDir>/test/support/slow-suite-timeout.ts',
      ],
      testMatch: ['<rootDir>/test/persistence/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'e2e',
      setupFilesAfterEnv: [
        ...base.setupFilesAfterEnv,
        '<rootDir>/test/support/slow-suite-timeout.ts',
      ],
      testMatch: ['<rootDir>/test/e2e/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'contract',
      setupFilesAfterEnv: [
        ...base.setupFilesAfterEnv,
        '<rootDir>/test/support/slow-suite-timeout.ts',
      ],
      testMatch: ['<rootDir>/test/contract/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'provider-kit',
      testMatch: ['<rootDir>/test/provider-kit/**/*.spec.ts'],
    },
    {
      ...base,
      displayName: 'tooling',
      testMatch: ['<rootDir>/test/tooling/**/*.spec.ts'],
    },
  ],
};
