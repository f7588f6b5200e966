/**
 * Turns a report into what marketing may see: suppressed groups carry their name and a size band
 * and no numbers; inside the published groups, every session, change or responder cell of fewer
 * than `minimum` clients carries no numbers either; comparisons keep only pairs of published
 * groups with at least `minimum` clients each. The report was computed without the suppressed
 * groups' clients (ReportQuery.excludeGroups), so pooled estimates do not carry them either.
 *
 * The course-of-treatment fields (contract 1.1: timeToResponse, durability, responseComparison)
 * are withheld whole: their curves count clients at risk step by step down to 1 and their
 * follow-up sets are cells of their own, which this suppression does not cover yet.
 */
import { compareCodePoints, sizeBand, type GroupReport, type OutcomesReport } from '@threshold/stats';

export interface SuppressedGroup {
  name: string;
  suppressed: true;
  sizeBand: string;
  nClients: null;
  sessions: [];
  withinSession: [];
  cumulative: [];
  courseChange: null;
  responders: null;
  timeToResponse: null;
  durability: null;
}

export interface SuppressionNote {
  minimum: number;
  /** The suppressed groups, by name. */
  groups: string[];
}

export type MarketingReport = Omit<OutcomesReport, 'groups'> & {
  groups: (GroupReport | SuppressedGroup)[];
  suppression: SuppressionNote;
  /**
   * How many comparisons the Holm adjustment of `pHolm` was made over: every pair of the report as
   * computed, including pairs withheld here for small groups (so fewer may be listed).
   */
  holmFamily: number;
};

/** A cell of fewer than `minimum` clients: its numbers become null, its size a band. */
function suppressCell<T extends { n: number }>(cell: T, minimum: number): T | (Record<keyof T, unknown> & { suppressed: true; sizeBand: string }) {
  if (cell.n >= minimum) return cell;
  const hidden = Object.fromEntries(
    Object.entries(cell).map(([key, value]) => [key, key === 'session' || key === 'phase' ? value : null]),
  ) as Record<keyof T, unknown>;
  return { ...hidden, suppressed: true, sizeBand: sizeBand(cell.n, minimum) };
}

export function suppressReport(
  report: OutcomesReport,
  suppressedGroups: readonly { name: string; clients: number }[],
  minimum: number,
): MarketingReport {
  const published = report.groups.map((group) => ({
    ...group,
    sessions: group.sessions.map((cell) => suppressCell(cell, minimum)),
    withinSession: group.withinSession.map((cell) => suppressCell(cell, minimum)),
    cumulative: group.cumulative.map((cell) => suppressCell(cell, minimum)),
    courseChange: suppressCell(group.courseChange, minimum),
    responders: group.responders.n >= minimum ? group.responders : { ...suppressCell(group.responders, minimum), threshold: group.responders.threshold },
    timeToResponse: null,
    durability: null,
  })) as GroupReport[];
  const hidden: SuppressedGroup[] = suppressedGroups.map(({ name, clients }) => ({
    name,
    suppressed: true,
    sizeBand: sizeBand(clients, minimum),
    nClients: null,
    sessions: [],
    withinSession: [],
    cumulative: [],
    courseChange: null,
    responders: null,
    timeToResponse: null,
    durability: null,
  }));
  return {
    ...report,
    groups: [...published, ...hidden].sort((a, b) => compareCodePoints(a.name, b.name)),
    comparisons: report.comparisons.filter((comparison) => comparison.nA >= minimum && comparison.nB >= minimum),
    responseComparison: null,
    holmFamily: report.comparisons.length,
    suppression: { minimum, groups: hidden.map((group) => group.name).sort(compareCodePoints) },
  };
}
