/**
 * The JSON outcomes report, version 1 (report-contract.md section 3). Field names and meanings are
 * fixed by the contract; fields may be added, never renamed. Every number that cannot be computed
 * is null.
 */
import type { LogRankResult } from '../survival/log-rank.js';
import type { DurabilitySummary } from '../survival/durability.js';
import type { TimeToResponseSummary } from '../survival/time-to-response.js';
import type { TreatedPhase } from './observation.js';

export interface SessionSummary {
  session: number;
  phase: TreatedPhase;
  n: number;
  mean: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  median: number | null;
}

export interface WithinSessionChange {
  session: number;
  n: number;
  meanChange: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  dz: number | null;
}

export interface CumulativeChange {
  session: number;
  n: number;
  meanChange: number | null;
  /** SD of the changes (added to the contract: funnel plots need it). */
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
}

/**
 * Change over the whole course (added to the contract): from session 1 to each client's last session
 * with a pre value, over the clients `responders` counts. The figure "all my clients" quote: unlike
 * `cumulative` at one session, every client with a later value counts, however long they stayed.
 */
export interface CourseChange {
  n: number;
  meanChange: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
}

export interface ResponderSummary {
  threshold: number;
  n: number;
  count: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export interface GroupReport {
  name: string;
  nClients: number;
  sessions: SessionSummary[];
  withinSession: WithinSessionChange[];
  cumulative: CumulativeChange[];
  /** Session 1 to each client's last session with a pre value (the responders' change). */
  courseChange: CourseChange;
  responders: ResponderSummary;
  /** Contract 1.1: sessions to a meaningful change; null when no client has a session-1 pre value. */
  timeToResponse: TimeToResponseSummary | null;
  /** Contract 1.1: did it hold at follow-up; null when no client of the group has a follow-up reading. */
  durability: DurabilitySummary | null;
}

export interface AncovaContrast {
  diff: number | null;
  se: number | null;
  df: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
}

export interface GroupComparison {
  a: string;
  b: string;
  endpointSession: number;
  nA: number;
  nB: number;
  diff: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  t: number | null;
  df: number | null;
  p: number | null;
  pHolm: number | null;
  hedgesG: number | null;
  gCiLow: number | null;
  gCiHigh: number | null;
  ancova: AncovaContrast | null;
}

export interface FixedEffect {
  term: string;
  estimate: number | null;
  se: number | null;
  df: number | null;
  t: number | null;
  p: number | null;
}

export interface RandomEffects {
  structure: 'intercept+slope' | 'intercept';
  interceptVar: number | null;
  slopeVar: number | null;
  interceptSlopeCov: number | null;
  residualVar: number | null;
}

export interface TrajectoryReport {
  fixedEffects: FixedEffect[];
  randomEffects: RandomEffects;
  logLikREML: number | null;
  nObs: number;
  nClients: number;
  singular: boolean;
  /** Added to the contract: honest convergence of the REML optimiser. */
  converged: boolean;
  iterations: number;
  /** Norm of the REML criterion's gradient at the reported optimum. */
  gradientNorm: number;
  /** Non-convergence, and warnings about the Hessian of the variance parameters. */
  warnings: string[];
}

export interface OutcomesReport {
  version: 1;
  measure: string;
  unit: string;
  site: string;
  by: string;
  mcid: number;
  reference: string | null;
  endpointSession: number | null;
  groups: GroupReport[];
  comparisons: GroupComparison[];
  /**
   * Contract 1.1: the log-rank test of time to response across the groups; null with fewer than 2
   * groups that have clients, or when nobody responded (docs/report-notes.md).
   */
  responseComparison: LogRankResult | null;
  trajectory: TrajectoryReport | null;
}
