/**
 * The outcomes report (report v1, shared/docs/report-contract.md section 3) as the dashboard reads
 * it. The types are the ones @threshold/stats builds the report with (type-only import: nothing of
 * the library is bundled), so a renamed field breaks the dashboard's type check, not its charts.
 */
export type {
  CumulativeChange,
  FixedEffect,
  GroupComparison,
  GroupReport,
  OutcomesReport,
  ResponderSummary,
  SessionSummary,
  TrajectoryReport,
  WithinSessionChange,
} from '@threshold/stats';
