/**
 * A CONSORT-style flow of how many clients are measured at each session, per group, from the
 * report's pre-phase session summaries (n = clients with a pre value at that session).
 *
 * Clinic data is measured unevenly: a client can miss the algometer at session 7 and be measured
 * at session 8, so the count can rise again. The flow therefore reports, between consecutive
 * measured sessions, how many fewer (or more) clients were measured, and the share of the
 * session-1 cohort still measured, rather than calling every difference a dropout.
 */
import type { GroupReport } from '../api/report-types.js';

export interface AttritionStep {
  group: string;
  session: number;
  /** Clients with a pre value at this session. */
  n: number;
  /** n at the previous measured session minus n here (positive: fewer measured); null at the first. */
  fewerThanPrevious: number | null;
  /** n as a share of the group's clients at its first measured session. */
  shareOfFirst: number;
}

export function attritionFlow(groups: readonly GroupReport[]): AttritionStep[] {
  const steps: AttritionStep[] = [];
  for (const group of groups) {
    const pre = group.sessions
      .filter((row) => row.phase === 'pre' && row.n > 0)
      .sort((a, b) => a.session - b.session);
    const first = pre[0]?.n ?? 0;
    let previous: number | null = null;
    for (const row of pre) {
      steps.push({
        group: group.name,
        session: row.session,
        n: row.n,
        fewerThanPrevious: previous === null ? null : previous - row.n,
        shareOfFirst: first > 0 ? row.n / first : 0,
      });
      previous = row.n;
    }
  }
  return steps;
}
