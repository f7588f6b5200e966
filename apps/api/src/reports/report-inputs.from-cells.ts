/**
 * From the report statement's rows, one per (group, session) (report-inputs.sql.ts), to the
 * ReportInputs that `buildReport` takes: the same shape the command line's summarizeCohort fills.
 * Only additions of counts and choices of rows happen here; every number is the database's.
 */
import {
  compareCodePoints,
  EMPTY_CROSS_PRODUCTS,
  EMPTY_MOMENTS,
  medianOf,
  mergeMoments,
  type ChangeInputs,
  type CrossProducts,
  type DurabilityInputs,
  type EventTime,
  type GroupInputs,
  type Moments,
  type ReportInputs,
  type SessionCellInputs,
  TRAJECTORY_SUMS,
} from '@threshold/stats';
import { concatFloats } from './packed-floats.js';

/** [n, Σt, Σt², Σy, Σty, Σy²]: a client's trajectory sums (libs/stats, report-inputs.ts). */
export { TRAJECTORY_SUMS };

/** One (group, session) row of the report statement. Counts are 0 and statistics null where there are no values. */
export interface ReportCell {
  group: string;
  session: number;
  /** Clients whose first selected session this is. */
  clients: number;
  preN: number;
  preMean: number | null;
  preVariance: number | null;
  preMedian: number | null;
  postN: number;
  postMean: number | null;
  postVariance: number | null;
  postMedian: number | null;
  withinN: number;
  withinMean: number | null;
  withinVariance: number | null;
  cumulativeN: number;
  cumulativeMean: number | null;
  cumulativeVariance: number | null;
  /** Clients whose last pre session this is, with a session-1 pre value; and the responders among them. */
  respondersN: number;
  respondersCount: number;
  /** Mean and variance of those clients' changes since session 1 (their count is respondersN). */
  courseMean: number | null;
  courseVariance: number | null;
  /** Cross-products of (session-1 pre, this session's pre), over clients with both. */
  endpointN: number;
  endpointMeanX: number | null;
  endpointMeanY: number | null;
  endpointSxx: number | null;
  endpointSxy: number | null;
  endpointSyy: number | null;
  /**
   * [n, Σt, Σt², Σy, Σty, Σy²] of each client whose first session this is and who has pre values,
   * client after client in one array (TRAJECTORY_SUMS values each).
   */
  trajectoryClients: Float64Array | null;
  /**
   * Time to response (contract section 5), t = session - 1: clients with a session-1 pre value who
   * first reach the MCID at this session, and those who never do and whose last pre session this is.
   */
  responseEvents: number;
  responseCensored: number;
  /** Clients whose first follow-up reading is at this session. */
  followupClients: number;
  /** Durability: the clients whose first follow-up after the end of their course is this session. */
  durabilityN: number;
  sinceStartMean: number | null;
  sinceStartVariance: number | null;
  sinceEndMean: number | null;
  sinceEndVariance: number | null;
  /** Of those clients: responders at follow-up, at the end of the course, and at both. */
  followupResponders: number;
  endResponders: number;
  heldResponders: number;
  /** Days from the end-of-course session's date to the follow-up's, of the clients with both dated. */
  daysToFollowup: number[];
  /** Those clients with either date missing. */
  undatedFollowups: number;
}

export function reportInputsFromCells(cells: readonly ReportCell[]): ReportInputs {
  const preSessions = new Set(cells.filter((cell) => cell.preN > 0).map((cell) => cell.session));
  const endpointSession = preSessions.size === 0 ? null : Math.max(...preSessions);

  const byGroup = new Map<string, ReportCell[]>();
  for (const cell of cells) {
    const members = byGroup.get(cell.group);
    if (members === undefined) byGroup.set(cell.group, [cell]);
    else members.push(cell);
  }
  const names = [...byGroup.keys()].sort(compareCodePoints);
  const groups = names.map((name) => groupInputs(name, byGroup.get(name) ?? [], endpointSession));

  // Columns (libs/stats, TrajectoryClients): the cells' packed sums put end to end, in cell order.
  const groupIndex = new Map(names.map((name, index) => [name, index]));
  const withClients = cells.filter((cell) => cell.trajectoryClients !== null);
  const sums = concatFloats(withClients.map((cell) => cell.trajectoryClients as Float64Array));
  const clientGroups = new Uint32Array(sums.length / TRAJECTORY_SUMS);
  let client = 0;
  for (const cell of withClients) {
    const count = (cell.trajectoryClients as Float64Array).length / TRAJECTORY_SUMS;
    clientGroups.fill(groupIndex.get(cell.group) ?? 0, client, client + count);
    client += count;
  }
  const trajectoryClients = { groups: clientGroups, sums, origins: null };
  return { groups, endpointSession, trajectoryClients, distinctPreSessions: preSessions.size };
}

function groupInputs(
  name: string,
  cells: readonly ReportCell[],
  endpointSession: number | null,
): GroupInputs {
  const bySession = [...cells].sort((a, b) => a.session - b.session);
  const sessions: SessionCellInputs[] = [];
  const withinSession: ChangeInputs[] = [];
  const cumulative: ChangeInputs[] = [];
  for (const cell of bySession) {
    if (cell.preN > 0)
      sessions.push({
        session: cell.session,
        phase: 'pre',
        moments: moments(cell.preN, cell.preMean, cell.preVariance),
        median: cell.preMedian,
      });
    if (cell.postN > 0)
      sessions.push({
        session: cell.session,
        phase: 'post',
        moments: moments(cell.postN, cell.postMean, cell.postVariance),
        median: cell.postMedian,
      });
    if (cell.withinN > 0)
      withinSession.push({
        session: cell.session,
        moments: moments(cell.withinN, cell.withinMean, cell.withinVariance),
      });
    if (cell.cumulativeN > 0)
      cumulative.push({
        session: cell.session,
        moments: moments(cell.cumulativeN, cell.cumulativeMean, cell.cumulativeVariance),
      });
  }
  // The endpoint comparison uses the clients with a pre value at the report's endpoint session.
  const atEndpoint =
    endpointSession !== null && endpointSession > 1
      ? bySession.find((cell) => cell.session === endpointSession)
      : undefined;
  return {
    name,
    nClients: sum(cells, (cell) => cell.clients),
    sessions,
    withinSession,
    cumulative,
    responders: {
      n: sum(cells, (cell) => cell.respondersN),
      count: sum(cells, (cell) => cell.respondersCount),
    },
    // Each client's last pre session is one cell: the group's moments are the merge over its cells.
    courseChange: bySession.reduce(
      (sofar, cell) => mergeMoments(sofar, moments(cell.respondersN, cell.courseMean, cell.courseVariance)),
      EMPTY_MOMENTS,
    ),
    endpoint: atEndpoint === undefined ? EMPTY_CROSS_PRODUCTS : crossProducts(atEndpoint),
    timeToResponse: bySession
      .filter((cell) => cell.responseEvents + cell.responseCensored > 0)
      .map<EventTime>((cell) => ({
        t: cell.session - 1,
        nEvent: cell.responseEvents,
        nCensor: cell.responseCensored,
      })),
    durability: durabilityInputs(bySession),
  };
}

/** The group's durability sums: counts add, moments merge, and the median of days is taken of all the days. */
function durabilityInputs(cells: readonly ReportCell[]): DurabilityInputs {
  let sinceStart = EMPTY_MOMENTS;
  let sinceEndOfCourse = EMPTY_MOMENTS;
  const days: number[] = [];
  for (const cell of cells) {
    sinceStart = mergeMoments(
      sinceStart,
      moments(cell.durabilityN, cell.sinceStartMean, cell.sinceStartVariance),
    );
    sinceEndOfCourse = mergeMoments(
      sinceEndOfCourse,
      moments(cell.durabilityN, cell.sinceEndMean, cell.sinceEndVariance),
    );
    for (const value of cell.daysToFollowup) days.push(value);
  }
  const n = sum(cells, (cell) => cell.durabilityN);
  return {
    clientsWithFollowup: sum(cells, (cell) => cell.followupClients),
    sinceStart,
    sinceEndOfCourse,
    respondersAtFollowup: { n, count: sum(cells, (cell) => cell.followupResponders) },
    heldByResponders: {
      n: sum(cells, (cell) => cell.endResponders),
      count: sum(cells, (cell) => cell.heldResponders),
    },
    medianDaysToFollowup: sum(cells, (cell) => cell.undatedFollowups) > 0 ? null : medianOf(days),
  };
}

/** Moments from count, mean and sample variance: m2 = variance · (n - 1), and 0 for a single value. */
export function moments(n: number, mean: number | null, variance: number | null): Moments {
  return { n, mean: mean ?? 0, m2: variance === null ? 0 : variance * (n - 1) };
}

/** The cell's endpoint cross-products, (session-1 pre, this session's pre). */
export function crossProducts(
  cell: Pick<
    ReportCell,
    'endpointN' | 'endpointMeanX' | 'endpointMeanY' | 'endpointSxx' | 'endpointSxy' | 'endpointSyy'
  >,
): CrossProducts {
  if (cell.endpointN === 0) return EMPTY_CROSS_PRODUCTS;
  return {
    n: cell.endpointN,
    meanX: cell.endpointMeanX ?? 0,
    meanY: cell.endpointMeanY ?? 0,
    sxx: cell.endpointSxx ?? 0,
    sxy: cell.endpointSxy ?? 0,
    syy: cell.endpointSyy ?? 0,
  };
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  return items.reduce((total, item) => total + value(item), 0);
}
