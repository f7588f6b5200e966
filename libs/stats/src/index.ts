// Public surface of @threshold/stats: every definition of report-contract.md, pure and deterministic.
export * from './measures/measures.js';
