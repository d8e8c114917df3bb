/** @type {import('jest').Config} */
module.exports = {
  // Only the TypeScript sources under test/: compiled copies in dist/ must not run twice.
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  testEnvironment: 'node',
  // Many tests run the CLI as a real process or build PDFs: a hang still fails, a busy CI machine does not.
  testTimeout: 30_000,
};
