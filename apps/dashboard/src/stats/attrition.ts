/**
 * A CONSORT-style flow of how many clients are measured at each session, per group, from the
 * report's pre-phase session summaries (n = clients with a pre value at that session).
 *
 * Clinic data is measured unevenly: a client can miss the algometer at session 7 and be measured
 * at session 8, so the count can rise again. The flow therefore reports, between consecutive
 * measured sessions, how many fewer (or more) clients were measured, and the share of the
 * session-1 cohort still measured, rather than calling every difference a dropout.
 */
import type { GroupReport, Withheld } from '../api/report-types.js';

export interface AttritionStep extends Withheld {
  group: string;
  session: number;
  /** Clients with a pre value at this session; null when withheld (too few to publish). */
  n: number | null;
  /** n at the previous measured session minus n here (positive: fewer measured); null at the first, and next to a withheld count. */
  fewerThanPrevious: number | null;
  /** n as a share of the group's clients at its first measured session; null when either is withheld. */
  shareOfFirst: number | null;
}

/**
 * A withheld count (small-cell suppression) stays a step, with its size band and no numbers; the
 * steps beside it give no difference to it, so that nothing withheld can be worked out from them.
 */
export function attritionFlow(groups: readonly GroupReport[]): AttritionStep[] {
  const steps: AttritionStep[] = [];
  for (const group of groups) {
    const pre = group.sessions
      .filter((row) => row.phase === 'pre' && (row.suppressed || (row.n ?? 0) > 0))
      .sort((a, b) => a.session - b.session);
    const first = pre[0]?.suppressed === false ? (pre[0].n ?? 0) : null;
    let previous: number | null = null;
    for (const row of pre) {
      const n = row.suppressed ? null : row.n;
      steps.push({
        group: group.name,
        session: row.session,
        n,
        fewerThanPrevious: previous === null || n === null ? null : previous - n,
        shareOfFirst: first !== null && first > 0 && n !== null ? n / first : null,
        suppressed: row.suppressed,
        sizeBand: row.sizeBand,
      });
      previous = n;
    }
  }
  return steps;
}
