// Public surface of @threshold/stats: every definition of report-contract.md, pure and deterministic.
export * from './measures/measures.js';

// Closed-form statistics of report-contract.md section 2, one folder per feature.
export * from './numeric/finite-or-null.js';
export * from './ordering/compare-code-points.js';
export * from './distributions/confidence-level.js';
export * from './distributions/student-t.js';
export * from './distributions/normal.js';
export * from './distributions/f.js';
export * from './distributions/chi-square.js';
export * from './descriptive/moments.js';
export * from './descriptive/median.js';
export * from './descriptive/mean-confidence-interval.js';
export * from './descriptive/describe-sample.js';
export * from './t-test/essentially-constant.js';
export * from './t-test/paired-t-test.js';
export * from './t-test/welch-t-test.js';
export * from './effect-size/pooled-sd.js';
export * from './effect-size/hedges-g.js';
export * from './proportion/wilson-interval.js';
export * from './multiplicity/holm.js';
export * from './multiplicity/benjamini-hochberg.js';
export { fitOls, type OlsFit } from './linear-model/ols.js';
export * from './linear-model/contrast.js';
export * from './linear-model/cross-products.js';
export * from './linear-model/ancova.js';
export { isResponder, MCID_RELATIVE_TOLERANCE } from './responders/responder.js';
export * from './responders/responder-summary.js';

// The mixed-model trajectory: REML fit from per-client sums, Satterthwaite df, conditional modes.
export * from './mixed-model/index.js';

// Therapists and clinics compared fairly: case-mix adjusted, shrunken (report-contract.md section 6).
export * from './adjusted-comparison/index.js';
// Course of treatment: time to response (Kaplan-Meier, log-rank) and durability at follow-up.
export * from './survival/index.js';

// The outcomes report: from observations to report v1 (report-contract.md sections 2 and 3).
export * from './report/observation.js';
export * from './report/report-types.js';
export * from './report/cohort.js';
export * from './report/report-inputs.js';
export * from './report/summarize-cohort.js';
export * from './report/build-report.js';

// Small-cell suppression of published aggregates.
export * from './disclosure/complementary-suppression.js';
export * from './disclosure/size-band.js';
