/** End-to-end tests against real tools (n8n on Node 24); the default config skips test/e2e. */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '../..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  // A cold tools install takes minutes; n8n itself takes about 15 s to start.
  testTimeout: 120_000,
  maxWorkers: 1,
};
