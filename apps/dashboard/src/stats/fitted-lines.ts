/**
 * The mixed model's fitted (population-average) line for each group, from the report's fixed
 * effects (report-contract.md, "trajectory"): value ~ time * group with time = session - 1 and
 * treatment coding, so for a group B other than the reference
 *
 *   fitted(session) = (Intercept) + group[B] + (time + time:group[B]) * (session - 1)
 *
 * and for the reference group (and a report of one group) the group terms are zero.
 */
import type { OutcomesReport } from '../api/report-types.js';

export interface FittedPoint {
  group: string;
  session: number;
  fitted: number;
}

export interface FittedLine {
  group: string;
  intercept: number;
  /** Change per session. */
  slope: number;
  points: FittedPoint[];
}

function estimates(report: OutcomesReport): Map<string, number> {
  const byTerm = new Map<string, number>();
  for (const effect of report.trajectory?.fixedEffects ?? []) {
    if (effect.estimate !== null && Number.isFinite(effect.estimate))
      byTerm.set(effect.term, effect.estimate);
  }
  return byTerm;
}

/**
 * One line per group, drawn over the sessions the group has pre values at (from its first to its
 * last such session, one point per whole session). A group whose terms are missing from the model
 * (no trajectory, or a term the fit could not estimate) gets no line rather than a wrong one.
 */
export function fittedLines(report: OutcomesReport): FittedLine[] {
  if (report.trajectory === null) return [];
  const byTerm = estimates(report);
  const intercept = byTerm.get('(Intercept)');
  const time = byTerm.get('time');
  if (intercept === undefined || time === undefined) return [];

  const lines: FittedLine[] = [];
  for (const group of report.groups) {
    const isReference = report.groups.length === 1 || group.name === report.reference;
    const groupShift = isReference ? 0 : byTerm.get(`group[${group.name}]`);
    const slopeShift = isReference ? 0 : byTerm.get(`time:group[${group.name}]`);
    if (groupShift === undefined || slopeShift === undefined) continue;

    const preSessions = group.sessions
      // Drawn over the sessions with published pre values only (not over withheld ones).
      .filter((row) => row.phase === 'pre' && !row.suppressed && (row.n ?? 0) > 0)
      .map((row) => row.session);
    if (preSessions.length === 0) continue;
    const first = Math.min(...preSessions);
    const last = Math.max(...preSessions);

    const lineIntercept = intercept + groupShift;
    const slope = time + slopeShift;
    const points: FittedPoint[] = [];
    for (let session = first; session <= last; session += 1) {
      points.push({ group: group.name, session, fitted: lineIntercept + slope * (session - 1) });
    }
    lines.push({ group: group.name, intercept: lineIntercept, slope, points });
  }
  return lines;
}
