/** @type {import('jest').Config} */
module.exports = {
  // Only the TypeScript sources under test/: compiled copies in dist/ must not run twice.
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
};
