// Unit specs live beside the code (src/**/*.spec.ts); database and HTTP specs in test/;
// fault, attack and two-instance runs in test/hard/.
const common = {
  // A few dependencies ship ES modules only; ts-jest turns them into CommonJS for jest.
  transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: 'tsconfig.jest.json' }] },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition|meilisearch|feed)/)'],
  moduleNameMapper: { '^src/(.*)$': '<rootDir>/src/$1' },
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
};

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 60000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.spec.ts'] },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/*.e2e-spec.ts', '<rootDir>/test/browser/*.e2e-spec.ts'] },
    // Load, fault and attack tests: `npm run test:hard`, which CI runs after `npm test`.
    { ...common, displayName: 'hard', testMatch: ['<rootDir>/test/hard/**/*.e2e-spec.ts'] },
  ],
};
