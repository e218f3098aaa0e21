// Unit specs live beside the code (src/, *.spec.ts); integration specs under test/ use a real PostgreSQL.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The bench harness smoke run takes minutes of CPU: its own step (`npm run bench:smoke`, .ci/run).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/cross-cutting/bench-smoke.spec.ts'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  globalSetup: '<rootDir>/test/setup/global-setup.ts',
  globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
  // Every supertest response is checked against openapi.yaml (status, content type, body schema).
  setupFilesAfterEnv: ['<rootDir>/test/setup/response-contract.ts'],
  testTimeout: 60000,
  maxWorkers: 2,
};
