/** The editor test: a real n8n driven in Debian's Chromium. Neither the default config nor test:e2e runs it. */
const path = require('node:path');

module.exports = {
  rootDir: path.resolve(__dirname, '../../..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e/editor'],
  testMatch: ['**/*.editor.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  testTimeout: 180_000,
  maxWorkers: 1,
};
