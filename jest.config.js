/** Jest runs the TypeScript sources through ts-jest (TypeScript 5.x: see README, "Why TypeScript 5.9"). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  // test/cluster/ needs the cluster of scripts/cluster.sh: `npm run test:cluster` (jest.cluster.config.js) runs it.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cluster/'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', isolatedModules: true }],
    // Kysely and @noble ship ES modules only; Node loads them with require(), Jest's module loader needs them as CommonJS.
    '/node_modules/(kysely|@noble/(ed25519|hashes))/.+\\.js$': [
      'ts-jest',
      { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, isolatedModules: true },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!kysely/|@noble/(ed25519|hashes)/)'],
  globalSetup: '<rootDir>/test/support/globalSetup.ts',
  globalTeardown: '<rootDir>/test/support/globalTeardown.ts',
  testTimeout: 120000,
  maxWorkers: 2,
};
