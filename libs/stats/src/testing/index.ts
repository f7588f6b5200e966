// Test helpers shared by every project's specs: `import { ... } from '@threshold/stats/testing'`.
export * from './expect-close.js';
export * from './expect-report-matches.js';
export * from './reference-data.js';
export * from './expect-adjusted-comparison-matches.js';
