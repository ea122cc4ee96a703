/**
 * Two projects: `unit` (pure code, *.spec.ts beside it) and `integration` (*.integration-spec.ts, against the
 * machine's real PostgreSQL and Redis; each file gets its own database cloned from a migrated template and its
 * own queue prefix, so files run in parallel).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];
const common = {
  transform: { '^.+\\.ts$': swc },
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper: {
    '^@app/domain$': '<rootDir>/libs/domain/src',
    '^@app/domain/(.*)$': '<rootDir>/libs/domain/src/$1',
    '^@app/reporting$': '<rootDir>/libs/reporting/src',
    '^@app/reporting/(.*)$': '<rootDir>/libs/reporting/src/$1',
  },
  testEnvironment: 'node',
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/apps/web'],
};
module.exports = {
  // a global option: jest ignores it inside a project
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs,test,scripts}/**/*.integration-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
    // the web console in Debian's Chromium (playwright-core), against the API serving apps/web/dist
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/test/global-setup.ts',
    },
  ],
};
