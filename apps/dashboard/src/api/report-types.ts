/**
 * The outcomes report (report v1, shared/docs/report-contract.md section 3) as the dashboard reads
 * it. The shapes are the ones @threshold/stats builds the report with (type-only import: nothing of
 * the library is bundled), so a renamed field breaks the dashboard's type check, not its charts.
 *
 * Two shapes, on purpose:
 *
 * - `ApiReport` is what the API sends. For the marketing role it is small-cell suppressed: a group
 *   of fewer clients than the minimum arrives as `{name, suppressed: true, sizeBand, nClients: null,
 *   sessions: [], …, responders: null}`, and a cell of too few clients inside a published group as
 *   `{session, phase, suppressed: true, sizeBand, n: null, mean: null, …}`.
 * - `OutcomesReport` is what pages and charts get, from `readReport` (suppression/suppression.ts):
 *   published groups in `groups`, withheld groups apart in `suppressedGroups`, and every cell with
 *   `suppressed` and `sizeBand`, its counts typed `number | null`. The type checker therefore makes
 *   every chart deal with a withheld cell; none can draw one by forgetting it exists.
 */
import type * as Stats from '@threshold/stats';
import type { DisplayNames } from '../format/display-names.js';

export type {
  AncovaContrast,
  FixedEffect,
  GroupComparison,
  RandomEffects,
  TrajectoryReport,
} from '@threshold/stats';

/** Whether the API withheld a cell's numbers (fewer clients than the minimum), and its size band. */
export interface Withheld {
  suppressed: boolean;
  /** "1-10" for a withheld cell; null for a published one. */
  sizeBand: string | null;
}

/** A cell's counts are null when it is withheld. */
type Counted<T, K extends keyof T> = Omit<T, K> & { [P in K]: number | null } & Withheld;

export type SessionSummary = Counted<Stats.SessionSummary, 'n'>;
export type WithinSessionChange = Counted<Stats.WithinSessionChange, 'n'>;
export type CumulativeChange = Counted<Stats.CumulativeChange, 'n'>;
export type ResponderSummary = Counted<Stats.ResponderSummary, 'n' | 'count'>;
export type CourseChange = Counted<Stats.CourseChange, 'n'>;

/** A group whose numbers are published (some of its cells may still be withheld). */
export interface GroupReport {
  name: string;
  nClients: number;
  sessions: SessionSummary[];
  withinSession: WithinSessionChange[];
  cumulative: CumulativeChange[];
  /** Session 1 to each client's last session with a pre value, over the responders' clients. */
  courseChange: CourseChange;
  responders: ResponderSummary;
  /** Contract 1.1: sessions to a meaningful change; null without clients to follow (or for marketing). */
  timeToResponse: Stats.TimeToResponseSummary | null;
  /** Contract 1.1: did it hold at follow-up; null without follow-up visits (or for marketing). */
  durability: Stats.DurabilitySummary | null;
}

/** A group the API withheld whole: only its name and how big it is, as a band. */
export interface SuppressedGroup {
  name: string;
  sizeBand: string;
}

export interface OutcomesReport extends Omit<Stats.OutcomesReport, 'groups'> {
  /** The published groups. */
  groups: GroupReport[];
  /** Groups with fewer clients than the minimum: named, never drawn. */
  suppressedGroups: SuppressedGroup[];
  /** The smallest number of clients the API publishes a number for; null when nothing is suppressed by design (not a marketing view). */
  suppressionMinimum: number | null;
  /** Display names of the groups' clinics or therapists (reports by clinic_id or therapist_id). */
  names: DisplayNames;
}

/** A cell as it may arrive: numbers possibly null, possibly marked as withheld. */
export type WireCell<T> = { [K in keyof T]: T[K] | null } & {
  suppressed?: boolean;
  sizeBand?: string | null;
};

export interface WireGroup {
  name: string;
  suppressed?: boolean;
  sizeBand?: string | null;
  nClients: number | null;
  sessions: WireCell<Stats.SessionSummary>[];
  withinSession: WireCell<Stats.WithinSessionChange>[];
  cumulative: WireCell<Stats.CumulativeChange>[];
  /** Absent from an older API's reports; null for a withheld group. */
  courseChange?: WireCell<Stats.CourseChange> | null;
  responders: WireCell<Stats.ResponderSummary> | null;
  timeToResponse?: Stats.TimeToResponseSummary | null;
  durability?: Stats.DurabilitySummary | null;
}

/** The report as the API sends it (docs/api.md; suppressed for marketing). */
export interface ApiReport extends Omit<Stats.OutcomesReport, 'groups'> {
  groups: WireGroup[];
  suppression?: { minimum: number; groups: string[] } | null;
  names?: unknown;
}
