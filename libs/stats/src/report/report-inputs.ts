/**
 * Everything the outcomes report needs from the data, as mergeable sufficient statistics
 * (design.md principle 2). Two producers fill it: `summarizeCohort` from clients held in memory
 * (the command line), and the API's SQL (GROUP BY queries on PostgreSQL). `buildReport` turns it
 * into report v1, so both paths share every definition of inference.
 */
import type { Moments } from '../descriptive/moments.js';
import type { CrossProducts } from '../linear-model/cross-products.js';
import type { DurabilityInputs } from '../survival/durability.js';
import type { EventTime } from '../survival/event-times.js';
import type { TreatedPhase } from './observation.js';
import { CLIENT_SUMS, type ClientColumns } from '../mixed-model/cross-products.js';

export interface SessionCellInputs {
  session: number;
  phase: TreatedPhase;
  moments: Moments;
  median: number | null;
}

export interface ChangeInputs {
  session: number;
  /** Moments of the per-client changes (post - pre within a session; pre_k - pre_1 across sessions). */
  moments: Moments;
}

export interface GroupInputs {
  name: string;
  nClients: number;
  /** Sorted by session, then pre before post. */
  sessions: SessionCellInputs[];
  /** Sorted by session. */
  withinSession: ChangeInputs[];
  /** Sessions k > 1, sorted. */
  cumulative: ChangeInputs[];
  /** Clients with a session-1 pre value and a later one, and how many of them responded. */
  responders: { n: number; count: number };
  /** Moments of the responders' changes: last pre value - session-1 pre, over the same clients. */
  courseChange: Moments;
  /** x = session-1 pre value, y = pre value at the report's endpoint session, over clients with both. */
  endpoint: CrossProducts;
  /**
   * Time to response (contract section 5) of the clients with a session-1 pre value, as counts of
   * responses and censorings per time t, ascending.
   */
  timeToResponse: EventTime[];
  /** Durability at follow-up (contract section 5). */
  durability: DurabilityInputs;
}

/** Values per client in TrajectoryClients.sums: n, Σt, Σt², Σy, Σty, Σy², as the fit's columns (mixed-model/cross-products.ts). */
export const TRAJECTORY_SUMS = CLIENT_SUMS;

/**
 * Every client's sums for the mixed model, as columns that the fit reads as they are (its groups
 * renumbered): a network report has a million clients, and an object each, made here and again
 * for the fit, was half of its inference in allocation and garbage collection.
 */
export interface TrajectoryClients extends ClientColumns {
  /** Each client's group, as its index in ReportInputs.groups (not yet the fit's, whose first is the reference). */
  groups: Uint32Array;
  /** TRAJECTORY_SUMS values per client, in the order of `groups`, time = session - 1. */
  sums: Float64Array;
  /**
   * The value subtracted from each client's values before the sums (the in-memory producer takes the
   * client's first value, so that Σy² keeps the spread of values near 2000 kPa); null: 0 for all.
   */
  origins: Float64Array | null;
}

export interface ReportInputs {
  /** Every group with at least one client, in code-point order of name. */
  groups: GroupInputs[];
  /** The largest session number that has pre values; null when there are none. */
  endpointSession: number | null;
  /** Per-client sums of the pre values, of the clients with any. */
  trajectoryClients: TrajectoryClients;
  /** Distinct session numbers among the pre values. */
  distinctPreSessions: number;
}
