/**
 * The view a reader is looking at (filters and a few page options) lives in the query string, so
 * that a link reproduces the view exactly: "?measure=ppt&technique=swedish,deep_tissue&from=2024-01-01".
 *
 * Pure functions only: parse a query string into a ViewState, write one back, and turn the filters
 * into the API's query parameters (docs/api.md, "Common filters"). Values that cannot be valid
 * (a date that is not YYYY-MM-DD, a code with spaces) are dropped on read rather than sent to the
 * API, so a mangled link degrades to a wider view instead of an error.
 */

/** The filters every page shares; list filters are empty when not filtering. */
export interface Filters {
  measure: string | undefined;
  site: string | undefined;
  condition: string[];
  technique: string[];
  clinic: string[];
  therapist: string[];
  from: string | undefined;
  to: string | undefined;
}

export type ListFilter = 'condition' | 'technique' | 'clinic' | 'therapist';

export const LIST_FILTERS: readonly ListFilter[] = ['condition', 'technique', 'clinic', 'therapist'];

/** Page options that are not filters (kept in the URL too): e.g. `session` on the therapists page. */
export type PageOptions = Readonly<Record<string, string>>;

export interface ViewState {
  filters: Filters;
  options: PageOptions;
}

export const EMPTY_FILTERS: Filters = {
  measure: undefined,
  site: undefined,
  condition: [],
  technique: [],
  clinic: [],
  therapist: [],
  from: undefined,
  to: undefined,
};

const FILTER_KEYS = new Set<string>(['measure', 'site', 'from', 'to', ...LIST_FILTERS]);

/** Page options a page may keep in the URL; anything else in the query string is ignored. */
export const OPTION_KEYS: readonly string[] = ['mcid', 'session', 'limit', 'offset'];

/** Codes and keys: letters, digits, underscore, dot, hyphen (no commas: they separate list values). */
const CODE = /^[A-Za-z0-9_.-]{1,128}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const OPTION_VALUE = /^[A-Za-z0-9_.-]{1,64}$/;

function code(value: string | null): string | undefined {
  const trimmed = value?.trim();
  return trimmed !== undefined && CODE.test(trimmed) ? trimmed : undefined;
}

function isoDate(value: string | null): string | undefined {
  const trimmed = value?.trim();
  if (trimmed === undefined || !ISO_DATE.test(trimmed)) return undefined;
  // Reject 2024-02-31 and friends: the date must survive a round trip through Date.
  const parsed = new Date(`${trimmed}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().startsWith(trimmed) ? trimmed : undefined;
}

/** Comma-separated values (also accepted as repeated parameters), deduplicated and sorted. */
function codeList(params: URLSearchParams, key: string): string[] {
  const values = params
    .getAll(key)
    .flatMap((value) => value.split(','))
    .map((value) => code(value))
    .filter((value): value is string => value !== undefined);
  return [...new Set(values)].sort();
}

export function parseViewState(search: string): ViewState {
  const params = new URLSearchParams(search);
  const site = code(params.get('site'));
  const filters: Filters = {
    measure: code(params.get('measure')),
    // "all" is the API's default: keep the URL short by not storing it.
    site: site === 'all' ? undefined : site,
    condition: codeList(params, 'condition'),
    technique: codeList(params, 'technique'),
    clinic: codeList(params, 'clinic'),
    therapist: codeList(params, 'therapist'),
    from: isoDate(params.get('from')),
    to: isoDate(params.get('to')),
  };
  const options: Record<string, string> = {};
  for (const key of OPTION_KEYS) {
    const value = params.get(key)?.trim();
    if (value !== undefined && OPTION_VALUE.test(value)) options[key] = value;
  }
  return { filters, options };
}

/**
 * The query string for a view, without "?", in a fixed key order (so equal views give equal
 * links), with commas left readable.
 */
export function serializeViewState(state: ViewState): string {
  const parts: string[] = [];
  const add = (key: string, value: string | undefined): void => {
    if (value !== undefined && value !== '')
      parts.push(`${key}=${encodeURIComponent(value).replace(/%2C/g, ',')}`);
  };
  const { filters } = state;
  add('measure', filters.measure);
  add('site', filters.site === 'all' ? undefined : filters.site);
  for (const key of LIST_FILTERS) add(key, [...new Set(filters[key])].sort().join(','));
  add('from', filters.from);
  add('to', filters.to);
  for (const key of Object.keys(state.options).sort()) {
    if (!FILTER_KEYS.has(key)) add(key, state.options[key]);
  }
  return parts.join('&');
}

/** The filters as query parameters of the API (reports, cohorts, export). */
export function filtersToApiQuery(filters: Filters, omit: readonly (keyof Filters)[] = []): URLSearchParams {
  const params = new URLSearchParams();
  const skip = new Set<keyof Filters>(omit);
  if (filters.measure !== undefined && !skip.has('measure')) params.set('measure', filters.measure);
  if (filters.site !== undefined && !skip.has('site')) params.set('site', filters.site);
  for (const key of LIST_FILTERS) {
    if (filters[key].length > 0 && !skip.has(key)) params.set(key, filters[key].join(','));
  }
  if (filters.from !== undefined && !skip.has('from')) params.set('from', filters.from);
  if (filters.to !== undefined && !skip.has('to')) params.set('to', filters.to);
  return params;
}

/** True when any filter narrows the data (the measure and site choose what to show, not whom). */
export function narrowsCohort(filters: Filters): boolean {
  return (
    LIST_FILTERS.some((key) => filters[key].length > 0) ||
    filters.from !== undefined ||
    filters.to !== undefined
  );
}

export function withFilters(state: ViewState, change: Partial<Filters>): ViewState {
  return { ...state, filters: { ...state.filters, ...change } };
}

export function withOption(state: ViewState, key: string, value: string | undefined): ViewState {
  const options: Record<string, string> = { ...state.options };
  if (value === undefined || value === '') delete options[key];
  else options[key] = value;
  return { ...state, options };
}
