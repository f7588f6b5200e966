/**
 * `pre` and `post` are readings before and after a session's treatment; `followup` (contract 1.1) a
 * reading at a visit without treatment after the course.
 */
export type Phase = 'pre' | 'post' | 'followup';

/** The phases of a treated session. */
export type TreatedPhase = 'pre' | 'post';

/**
 * One measurement as the report sees it: already validated and converted to the measure's
 * canonical unit, and already restricted to the report's measure. `group` is the value of the
 * report's grouping column on that row (technique unless asked otherwise).
 */
export interface Observation {
  clientId: string;
  session: number;
  phase: Phase;
  /** Body site, or null when the row names none (all such rows count as one site). */
  site: string | null;
  value: number;
  group: string | null;
  /** ISO 8601 date of the session (`yyyy-mm-dd`), when the row has one. */
  sessionDate?: string | null;
}

/** The group of clients whose rows carry no value in the grouping column (e.g. no condition). */
export const UNSPECIFIED_GROUP = 'unspecified';
