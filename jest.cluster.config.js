/**
 * `npm run test:cluster`: the tests that matter most, on the production-shaped cluster of scripts/cluster.sh (four
 * server processes, PostgreSQL persistence and SQL visibility) instead of the dev server: a whole village, the approvals
 * inbox by visibility, the replay suite; and in test/cluster/ the cluster's own checks and a chaos run that kills and
 * restarts the history service.
 */
const base = require('./jest.config');

module.exports = {
  ...base,
  testMatch: [
    '<rootDir>/test/workflows/villageElection.test.ts',
    '<rootDir>/test/client/inbox.test.ts',
    '<rootDir>/test/replay/replay.test.ts',
    '<rootDir>/test/cluster/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/support/clusterGlobalSetup.ts',
  globalTeardown: '<rootDir>/test/support/clusterGlobalTeardown.ts',
};
