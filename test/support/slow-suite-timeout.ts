import { jest } from '@jest/globals';

// Suites that start servers, databases or a browser: 30 s per test and hook. Jest reads
// `testTimeout` only from the root config, not from a project's, so the projects that need more
// than the 5 s default set it here.
jest.setTimeout(30000);
