/** The fast inner loop (`npm run test:unit`): the rules and machine tests, no Temporal server, no workflow bundle. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/test/machines'],
  globalSetup: undefined,
  globalTeardown: undefined,
  testTimeout: 30000,
};
