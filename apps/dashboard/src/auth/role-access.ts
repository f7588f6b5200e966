/**
 * What each role is offered: pages, filter controls and the Data page's panels. One table, so that
 * "who sees what" can be read (and changed) in one place; everything the dashboard hides or shows
 * by role asks this module.
 *
 * The API enforces every rule (apps/api/src/auth/bearer-token.guard.ts and the @Roles of each
 * controller); this table only keeps the dashboard from offering what the API would refuse. It
 * mirrors the API's routes:
 *
 * | route                                     | admin | owner       | therapist         | marketing                        |
 * | ----------------------------------------- | ----- | ----------- | ----------------- | -------------------------------- |
 * | GET /api/reports                          | yes   | own clinics | own clinics       | suppressed, measure filter only  |
 * | GET /api/cohorts/filters                  | yes   | own clinics | own clinics       | no clinics or therapists listed  |
 * | GET /api/cohorts/summary                  | yes   | own clinics | own clinics       | whole practice, small counts out |
 * | GET /api/cohorts/coverage                 | yes   | own clinics | own clinics       | no                               |
 * | POST /api/ingest                          | yes   | own clinics | no                | no                               |
 * | POST /api/ingest/form (record a session)  | yes   | own clinics | own clinics, as themself | no                        |
 * | GET /api/ingest/batches                   | all   | own batches | no                | no                               |
 * | GET /api/export                           | yes   | own clinics | own sessions only | no                               |
 * | GET /api/claims                           | yes   | own clinics | no                | yes                              |
 * | /api/users (create, reset, revoke, …)     | all   | therapists of own clinics | no  | no                               |
 * | GET /api/directory (names)                | all   | own clinics | own clinics       | no                               |
 * | POST, DELETE /api/directory               | all   | own clinics and their therapists | no | no                     |
 * | POST /api/clients/erase, /export          | yes   | own clinics | no                | no                               |
 * | GET, PUT /api/clinics/:clinic/retention   | yes   | own clinics | no                | no                               |
 *
 * Marketing's reports are the margins (by technique, by condition) of one technique-by-condition
 * table, suppressed once (apps/api/src/reports/suppression/marketing-view.ts), so they take no
 * filter but the measure: a site, technique or condition filter made views that are not margins of
 * that table, and subtracting them from the unfiltered ones recovered suppressed clients' readings;
 * clinic, therapist and date filters would likewise cut tables whose margins are not suppressed
 * together. The API refuses them all (400). Its summary is of the whole practice (only `measure=`).
 */
import type { PageId } from '../layout/pages.js';
import { EMPTY_FILTERS, type Filters, type ListFilter, type ViewState } from '../state/url-state.js';
import type { CurrentUser } from './current-user.js';

/** The filter controls of the filter bar (state/filter-bar.ts). */
export type FilterControl = 'measure' | 'site' | ListFilter | 'dates';

export interface DataAccess {
  /** Upload a file (POST /api/ingest). */
  upload: boolean;
  /** The list of loaded files (GET /api/ingest/batches): every batch, the user's own (an owner), or none. */
  batches: 'all' | 'own' | 'none';
  /** The map of missing measurements (GET /api/cohorts/coverage). */
  coverage: boolean;
  /** Row-level export (GET /api/export): of the view, of the user's own sessions (a therapist), or none. */
  export: 'view' | 'own-sessions' | 'none';
  /** A client's rights (erasure, access) and the clinics' retention periods (docs/privacy.md). */
  clientRights: boolean;
}

export interface RoleAccess {
  role: string;
  /** The role as the header and messages name it. */
  label: string;
  /** Pages in the navigation; any other page shows "your role may not see this". */
  pages: readonly PageId[];
  /** Filter controls offered; filters of other kinds are dropped from the URL. */
  filters: readonly FilterControl[];
  /** List filters that take one value at most (a single choice instead of checkboxes). */
  singleChoice: readonly ListFilter[];
  /** The lists of values to filter by (GET /api/cohorts/filters). */
  filterValues: boolean;
  /**
   * Counts of clients and sessions (GET /api/cohorts/summary): of the view's filters, of the whole
   * practice only (marketing: the API takes no filter but the measure, and blanks small counts), or none.
   */
  counts: 'view' | 'whole-practice' | 'none';
  /** Clinics in the clinic filter: every clinic, or the user's own (the API answers 403 for others). */
  clinics: 'all' | 'own';
  data: DataAccess;
  /** Aggregates reach this role small-cell suppressed (pages say so). */
  suppressed: boolean;
  /** Marks the user's own point on the therapists' funnel (a therapist against peers). */
  highlightSelf: boolean;
  /** The People page: users of every role, or therapist users of the user's own clinics, or none. */
  people: PeopleAccess;
}

export interface PeopleAccess {
  /** Roles of the users this role creates and manages (empty: none). */
  manages: readonly string[];
  /** Names clinics and therapists (every one, or those of the user's clinics: the API decides which). */
  names: boolean;
}

const NO_PEOPLE: PeopleAccess = { manages: [], names: false };

const REPORT_PAGES: readonly PageId[] = ['overview', 'within-session', 'across-sessions', 'course', 'techniques'];
const ALL_FILTERS: readonly FilterControl[] = [
  'measure',
  'site',
  'condition',
  'technique',
  'clinic',
  'therapist',
  'dates',
];

const EVERYTHING: DataAccess = { upload: true, batches: 'all', coverage: true, export: 'view', clientRights: true };
const NOTHING: DataAccess = { upload: false, batches: 'none', coverage: false, export: 'none', clientRights: false };

export const ROLE_ACCESS: Readonly<Record<string, RoleAccess>> = {
  admin: {
    role: 'admin',
    label: 'admin',
    pages: [...REPORT_PAGES, 'therapists', 'data', 'record', 'claims', 'report-card', 'users'],
    filters: ALL_FILTERS,
    singleChoice: [],
    filterValues: true,
    counts: 'view',
    clinics: 'all',
    data: EVERYTHING,
    suppressed: false,
    highlightSelf: false,
    people: { manages: ['admin', 'owner', 'therapist', 'marketing'], names: true },
  },
  owner: {
    role: 'owner',
    label: 'owner',
    pages: [...REPORT_PAGES, 'therapists', 'data', 'record', 'claims', 'report-card', 'users'],
    filters: ALL_FILTERS,
    singleChoice: [],
    filterValues: true,
    counts: 'view',
    clinics: 'own',
    data: { ...EVERYTHING, batches: 'own' },
    suppressed: false,
    highlightSelf: false,
    people: { manages: ['therapist'], names: true },
  },
  therapist: {
    role: 'therapist',
    label: 'therapist',
    pages: [...REPORT_PAGES, 'therapists', 'data', 'record', 'report-card'],
    filters: ALL_FILTERS,
    singleChoice: [],
    filterValues: true,
    counts: 'view',
    clinics: 'own',
    data: { ...NOTHING, coverage: true, export: 'own-sessions' },
    suppressed: false,
    highlightSelf: true,
    people: NO_PEOPLE,
  },
  marketing: {
    role: 'marketing',
    label: 'marketing',
    // Not the course of treatment: its curves follow clients one by one (the number still followed
    // falls to 1), so the API withholds them from marketing's suppressed reports.
    pages: [...REPORT_PAGES.filter((page) => page !== 'course'), 'claims'],
    // Only the measure: see the header (the API refuses every other filter from marketing).
    filters: ['measure'],
    singleChoice: [],
    filterValues: true,
    counts: 'whole-practice',
    clinics: 'all',
    data: NOTHING,
    suppressed: true,
    highlightSelf: false,
    people: NO_PEOPLE,
  },
};

/** The access of a role; a role this dashboard does not know is offered nothing. */
export function accessFor(role: string): RoleAccess {
  return (
    ROLE_ACCESS[role] ?? {
      role,
      label: role,
      pages: [],
      filters: [],
      singleChoice: [],
      filterValues: false,
      counts: 'none',
      clinics: 'own',
      data: NOTHING,
      suppressed: true,
      highlightSelf: false,
      people: NO_PEOPLE,
    }
  );
}

export function mayOpen(access: RoleAccess, page: PageId): boolean {
  return access.pages.includes(page);
}

export function offersFilter(access: RoleAccess, control: FilterControl): boolean {
  return access.filters.includes(control);
}

/** Whether the Data page has anything for this role. */
export function hasDataPanels(access: RoleAccess): boolean {
  const { upload, batches, coverage, export: rows } = access.data;
  return upload || batches !== 'none' || coverage || rows !== 'none';
}

/** The clinic keys a user may filter by: all of `available`, or those that are the user's own. */
export function clinicChoices<T extends { value: string }>(
  available: readonly T[],
  access: RoleAccess,
  user: CurrentUser,
): T[] {
  if (access.clinics === 'all' || user.clinics.length === 0) return [...available];
  return available.filter((option) => user.clinics.includes(option.value));
}

/**
 * The view a role may ask for: filters it is not offered are dropped, single-choice lists keep
 * their first value, and clinics outside the user's own are removed (a shared link from an admin
 * then opens as the widest view this user may see, instead of a 403).
 */
export function viewForRole(view: ViewState, access: RoleAccess, user: CurrentUser): ViewState {
  const filters: Filters = { ...view.filters };
  if (!offersFilter(access, 'measure')) filters.measure = EMPTY_FILTERS.measure;
  if (!offersFilter(access, 'site')) filters.site = EMPTY_FILTERS.site;
  if (!offersFilter(access, 'dates')) {
    filters.from = undefined;
    filters.to = undefined;
  }
  for (const key of ['condition', 'technique', 'clinic', 'therapist'] as const) {
    if (!offersFilter(access, key)) filters[key] = [];
    else if (access.singleChoice.includes(key)) filters[key] = filters[key].slice(0, 1);
  }
  if (access.clinics === 'own' && user.clinics.length > 0) {
    filters.clinic = filters.clinic.filter((key) => user.clinics.includes(key));
  }
  return { ...view, filters };
}

/**
 * What `viewForRole` took out of a view, in words, so that a user who opens someone else's link
 * is told the view was limited instead of being shown their own data as if it were the link's.
 * Empty when nothing was taken out.
 */
export function limitedViewNotes(asked: ViewState, permitted: ViewState): string[] {
  const notes: string[] = [];
  const dropped = asked.filters.clinic.filter((key) => !permitted.filters.clinic.includes(key));
  if (dropped.length > 0) {
    const shortKeys = dropped.map((key) => (key.length > 12 ? `${key.slice(0, 8)}…` : key)).join(', ');
    notes.push(
      `This link asked for ${dropped.length === 1 ? 'a clinic that is' : `${dropped.length} clinics that are`} not one of yours (${shortKeys}): the view was limited to your clinics.`,
    );
  }
  const removed: string[] = [];
  if (asked.filters.measure !== permitted.filters.measure) removed.push('measure');
  if (asked.filters.site !== permitted.filters.site) removed.push('site');
  if (asked.filters.from !== permitted.filters.from || asked.filters.to !== permitted.filters.to) removed.push('dates');
  for (const key of ['condition', 'technique', 'therapist'] as const)
    if (asked.filters[key].join(',') !== permitted.filters[key].join(',')) removed.push(key);
  if (removed.length > 0)
    notes.push(`This link set filters your role does not offer (${removed.join(', ')}): they were left out.`);
  return notes;
}

/** "Your role (marketing) may not see this page." */
export function forbiddenTitle(access: RoleAccess, what = 'this page'): string {
  return `Your role (${access.label}) may not see ${what}`;
}
