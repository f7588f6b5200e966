/**
 * What each column of a clinic's sheet holds, as the mapping step edits it, and the mapping
 * (docs/mappings.md) made of it: a field of the contract, one reading of a wide layout (its site,
 * phase and trial), or nothing (not read: a name or a phone number never reaches the data). A
 * first guess comes from the headers; a saved mapping is turned back into roles to edit it.
 */
import type { SpreadsheetMapping } from '../../../api/api-types.js';

export type ColumnRole =
  | { kind: 'skip' }
  | { kind: 'field'; field: MappableField }
  | { kind: 'reading'; site: string; phase: 'pre' | 'post'; trial: string };

/** The contract's fields a column can hold (report-contract.md section 1). */
export const MAPPABLE_FIELDS = [
  'client_id',
  'session',
  'session_date',
  'technique',
  'condition',
  'clinic_id',
  'therapist_id',
  'measure',
  'value',
  'unit',
  'phase',
  'site',
  'trial',
] as const;
export type MappableField = (typeof MAPPABLE_FIELDS)[number];

/** Fields given once for every reading when no column holds them (the step's defaults). */
export const DEFAULT_FIELDS = ['measure', 'unit', 'clinic_id', 'therapist_id', 'technique', 'condition'] as const;
export type Defaults = Partial<Record<(typeof DEFAULT_FIELDS)[number], string>>;

/** The units an algometer shows, as the contract names them. */
export const UNITS = ['kg/cm2', 'kPa', 'N/cm2', 'lbf/in2'] as const;

/** Headers clinics use for the contract's fields (lower case, spaces for _ and -). */
const FIELD_HEADERS: Record<string, MappableField> = {
  client: 'client_id',
  'client id': 'client_id',
  patient: 'client_id',
  'patient id': 'client_id',
  visit: 'session',
  'visit no': 'session',
  session: 'session',
  'session no': 'session',
  date: 'session_date',
  'visit date': 'session_date',
  'session date': 'session_date',
  technique: 'technique',
  treatment: 'technique',
  condition: 'condition',
  diagnosis: 'condition',
  clinic: 'clinic_id',
  'clinic id': 'clinic_id',
  therapist: 'therapist_id',
  'therapist id': 'therapist_id',
  measure: 'measure',
  value: 'value',
  unit: 'unit',
  phase: 'phase',
  site: 'site',
  trial: 'trial',
};

/** Short names of sites in wide headers (`UT L pre`), and the contract's site codes. */
const SITE_LABELS: Record<string, string> = {
  'ut l': 'upper_trapezius_left',
  'ut r': 'upper_trapezius_right',
  'so l': 'suboccipital_left',
  'so r': 'suboccipital_right',
};

/** `UT L pre`, `ut_l_post`, `UT L pre 2`: a site label, a phase and perhaps a trial. */
const READING_HEADER = /^(.+?)[\s_-]+(pre|post)(?:[\s_-]*(\d+))?$/i;

/** The first guess at what a header's column holds. */
export function guessRole(header: string): ColumnRole {
  const words = header.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  const field = FIELD_HEADERS[words];
  if (field !== undefined) return { kind: 'field', field };
  const reading = READING_HEADER.exec(header.trim());
  if (reading !== null) {
    return { kind: 'reading', site: siteCode(reading[1]), phase: reading[2].toLowerCase() as 'pre' | 'post', trial: reading[3] ?? '' };
  }
  return { kind: 'skip' };
}

/** A site code from a header's label: a known short name, else its words joined (`L` and `R` as left and right). */
export function siteCode(label: string): string {
  const words = label.trim().toLowerCase().replace(/[_-]+/g, ' ').replace(/\s+/g, ' ');
  const known = SITE_LABELS[words];
  if (known !== undefined) return known;
  return words
    .split(' ')
    .map((word, index, all) => (index === all.length - 1 && word === 'l' ? 'left' : index === all.length - 1 && word === 'r' ? 'right' : word))
    .join('_')
    .replace(/[^a-z0-9_]/g, '');
}

/** The mapping of the sheet's columns by their roles, with the defaults where no column gives a field. */
export function mappingFrom(sheet: string | null, headers: readonly string[], roles: readonly ColumnRole[], defaults: Defaults): SpreadsheetMapping {
  const columns: Record<string, string> = {};
  const readings: SpreadsheetMapping['readings'] = [];
  headers.forEach((header, k) => {
    const role = roles[k];
    if (role === undefined || header === '') return;
    if (role.kind === 'field') columns[role.field] = header;
    if (role.kind === 'reading') {
      const trial = Number.parseInt(role.trial, 10);
      readings.push({ column: header, site: role.site.trim(), phase: role.phase, ...(Number.isInteger(trial) ? { trial } : {}) });
    }
  });
  const values: Record<string, string> = {};
  for (const field of DEFAULT_FIELDS) {
    const value = defaults[field]?.trim() ?? '';
    if (value !== '' && columns[field] === undefined) values[field] = value;
  }
  return { ...(sheet === null ? {} : { sheet }), columns, values, readings };
}

/** The roles and defaults of a saved mapping, for a sheet with these headers (a header it does not name is not read). */
export function rolesOf(mapping: SpreadsheetMapping, headers: readonly string[]): { roles: ColumnRole[]; defaults: Defaults } {
  const roles = headers.map((header): ColumnRole => {
    const field = Object.entries(mapping.columns).find(([, column]) => column === header)?.[0];
    if (field !== undefined && (MAPPABLE_FIELDS as readonly string[]).includes(field)) return { kind: 'field', field: field as MappableField };
    const reading = mapping.readings.find((entry) => entry.column === header);
    if (reading !== undefined) {
      return { kind: 'reading', site: String(reading.site ?? ''), phase: reading.phase === 'post' ? 'post' : 'pre', trial: reading.trial === undefined ? '' : String(reading.trial) };
    }
    return { kind: 'skip' };
  });
  const defaults: Defaults = {};
  for (const field of DEFAULT_FIELDS) if (mapping.values[field] !== undefined) defaults[field] = String(mapping.values[field]);
  return { roles, defaults };
}
