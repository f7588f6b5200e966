// Shared Jest settings: TypeScript is compiled by swc to ES modules (the workspace is ESM,
// and NestJS 12 ships ESM only), so Jest runs with --experimental-vm-modules (set in nx.json).
// The "@threshold/source" export condition makes workspace libraries resolve to their
// TypeScript sources, so tests never need a build first.
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
          target: 'es2023',
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironmentOptions: { customExportConditions: ['@threshold/source', 'node', 'node-addons'] },
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  // Many tests start a server, a database or a child process, and CI shares a 2-core machine that
  // may be busy: Jest's 5 s default failed such tests on a loaded machine though nothing was wrong.
  // A test that needs longer still says so itself; a hung test still fails, after a minute.
  testTimeout: 60_000,
};
