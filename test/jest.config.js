import preset from '../jest.preset.js';

// End-to-end: each spec file starts the real API on a fresh database and drives the built
// dashboard in Debian's Chromium. One file at a time: two APIs and two browsers at once would
// compete for a 2-core machine and make timings (and so timeouts) unpredictable.
// The specs need the built dashboard and the built API (the embedded database's worker thread is
// loaded from apps/api/dist): package.json's nx dependsOn has Nx build both first.
export default {
  ...preset,
  displayName: 'e2e',
  testTimeout: 120_000,
  maxWorkers: 1,
};
