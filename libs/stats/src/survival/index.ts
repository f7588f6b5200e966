// Course of treatment (report-contract.md section 5): time to response and durability at follow-up.
export * from './event-times.js';
export * from './kaplan-meier.js';
export * from './survival-quantile.js';
export * from './log-rank.js';
export * from './time-to-response.js';
export * from './durability.js';
