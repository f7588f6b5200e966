/**
 * Reads a FHIR R4 Bundle of Observations (docs/fhir.md): each Observation is one reading of the
 * canonical long format, its fields taken from the elements below, then validated as any row is.
 *
 * - `code`: LOINC 72514-3 (pain severity 0-10) is `pain_nrs`; a coding of system
 *   `urn:threshold:measure` names any measure of the contract by its code (`ppt`, ...);
 * - `subject`: `Patient/ID`, ID being the client id (keyed like any other);
 * - session: an extension `urn:threshold:session` (valueInteger), or else the rank of the
 *   Observation's `encounter` among the client's encounters by date (an Encounter entry's
 *   period.start, else the earliest effectiveDateTime of its Observations);
 * - phase, technique, condition, clinic, therapist: extensions `urn:threshold:phase` (default pre),
 *   `urn:threshold:technique`, ... with valueString; trial: `urn:threshold:trial` with valueInteger;
 * - `effectiveDateTime`: the session date (its date part); `bodySite`: a coding with the site code;
 * - `valueQuantity`: the value, its UCUM unit in `code` (else `unit`): kg/cm2, kPa, N/cm2,
 *   [lbf_av]/[in_i]2, {score}, d.
 *
 * An error's line is the entry's number (entry[0] is line 1) and its location the element's path,
 * `entry[3].resource.valueQuantity.unit`. Patient entries are not read (their names and birth dates
 * are what must not be stored); any other resource but Observation and Encounter is an error.
 */
import { Column, COLUMNS, newFieldValues, type FieldValues } from '../columns.js';
import { FatalInputError } from '../fatal-input-error.js';
import type { RecordSink } from '../record-sink.js';
import type { IngestError } from '../types.js';
import { parseBundleJson } from './bundle-json.js';

export const LOINC_SYSTEM = 'http://loinc.org';
export const LOINC_PAIN_SEVERITY = '72514-3';
export const MEASURE_SYSTEM = 'urn:threshold:measure';

/** The Threshold extensions, each the column it fills and the type of its value. */
const EXTENSIONS: Readonly<Record<string, { column: number; value: 'valueString' | 'valueInteger' }>> = {
  'urn:threshold:session': { column: Column.session, value: 'valueInteger' },
  'urn:threshold:phase': { column: Column.phase, value: 'valueString' },
  'urn:threshold:technique': { column: Column.technique, value: 'valueString' },
  'urn:threshold:condition': { column: Column.condition, value: 'valueString' },
  'urn:threshold:clinic': { column: Column.clinicId, value: 'valueString' },
  'urn:threshold:therapist': { column: Column.therapistId, value: 'valueString' },
  'urn:threshold:trial': { column: Column.trial, value: 'valueInteger' },
};

/** UCUM codes and the contract's names of the units they are. */
const UCUM_UNITS: Readonly<Record<string, string>> = {
  'kg/cm2': 'kg/cm2',
  kPa: 'kPa',
  'N/cm2': 'N/cm2',
  '[lbf_av]/[in_i]2': 'lbf/in2',
  '[psi]': 'lbf/in2',
  '{score}': 'score',
  d: 'days',
};

type Json = Record<string, unknown>;

/** One Observation read into the columns, with the path of the element behind each column. */
interface ObservationReading {
  readonly line: number;
  readonly values: FieldValues;
  readonly paths: (string | null)[];
  /** The encounter that numbers the session when no session extension does, with its path. */
  readonly encounter: { id: string; path: string } | null;
  /** Set when the encounter cannot number the session. */
  sessionProblem: IngestError | null;
}

export async function readFhir(source: AsyncIterable<Uint8Array>, sink: RecordSink): Promise<void> {
  const bundle = await parseBundleJson(source);
  const entries = bundleEntries(bundle);
  // Two passes: sessions numbered by encounters need every entry first; then each entry's reading
  // or problems go to the sink in the bundle's order.
  const read: (ObservationReading | IngestError[] | null)[] = [];
  const encounterStarts = new Map<string, string>();
  for (let index = 0; index < entries.length; index++) {
    const problems: IngestError[] = [];
    const reading = readEntry(entries[index], index, problems, encounterStarts);
    read.push(problems.length > 0 ? problems : reading);
  }
  const readings = read.filter((item): item is ObservationReading => item !== null && !Array.isArray(item));
  numberSessionsByEncounter(readings, encounterStarts);
  for (const item of read) {
    if (item === null) continue;
    if (Array.isArray(item)) sink.addUnreadableRow(...item);
    else if (item.sessionProblem !== null) sink.addUnreadableRow(item.sessionProblem);
    else sink.addRow(item.values, item.line, (column) => locationOf(item, column));
    if (sink.hasFullBatch) await sink.deliverFullBatches();
  }
}

/** The bundle's entries; FatalInputError when it is not a Bundle. */
function bundleEntries(bundle: unknown): unknown[] {
  if (!isObject(bundle) || bundle.resourceType !== 'Bundle') {
    throw failure('resourceType', 'not a FHIR Bundle: send {"resourceType": "Bundle", "type": "collection", "entry": [...]}');
  }
  if (bundle.entry === undefined) return [];
  if (!Array.isArray(bundle.entry)) throw failure('entry', 'entry is not an array: list the Observations in it');
  return bundle.entry;
}

function failure(path: string, message: string): FatalInputError {
  return new FatalInputError([{ line: 0, column: null, message, location: path }]);
}

/**
 * One entry: an Observation read into its columns (or null with its problems recorded), an
 * Encounter's start kept for numbering sessions, a Patient passed over.
 */
function readEntry(entry: unknown, index: number, problems: IngestError[], encounterStarts: Map<string, string>): ObservationReading | null {
  const line = index + 1;
  const at = `entry[${index}]`;
  const problem = (path: string, column: string | null, message: string): null => {
    problems.push({ line, column, message, location: path });
    return null;
  };
  if (!isObject(entry) || !isObject(entry.resource)) return problem(at, null, 'the entry has no resource: give each entry a resource');
  const resource = entry.resource;
  const base = `${at}.resource`;
  switch (resource.resourceType) {
    case 'Observation':
      break;
    case 'Encounter':
      readEncounter(resource, base, encounterStarts, problem);
      return null;
    case 'Patient':
      // Not read: a Patient holds names and birth dates, which are not stored. The subject reference
      // of each Observation gives the client id.
      return null;
    default:
      return problem(`${base}.resourceType`, null, 'only Observation, Encounter and Patient entries are read: remove the others');
  }

  const values = newFieldValues();
  const paths: (string | null)[] = COLUMNS.map(() => null);
  const set = (column: number, value: string | number, path: string): void => {
    values[column] = value;
    paths[column] = path;
  };

  // The measure: a LOINC code the contract knows, or the Threshold measure coding.
  const codings = isObject(resource.code) && Array.isArray(resource.code.coding) ? resource.code.coding : [];
  const measureAt = codings.findIndex((coding) => isObject(coding) && (coding.system === MEASURE_SYSTEM || (coding.system === LOINC_SYSTEM && coding.code === LOINC_PAIN_SEVERITY)));
  if (measureAt === -1) {
    problem(`${base}.code.coding`, 'measure', `no coding names the measure: add {"system": "${MEASURE_SYSTEM}", "code": "ppt"} (or LOINC ${LOINC_PAIN_SEVERITY} for pain_nrs)`);
  } else {
    const coding = codings[measureAt] as Json;
    const path = `${base}.code.coding[${measureAt}].code`;
    if (coding.system === LOINC_SYSTEM) set(Column.measure, 'pain_nrs', path);
    else if (typeof coding.code === 'string') set(Column.measure, coding.code, path);
    else problem(path, 'measure', 'the measure coding has no code: give the measure code (ppt, pain_nrs, ...)');
  }

  // The client, by the subject's reference.
  const reference = isObject(resource.subject) ? resource.subject.reference : undefined;
  const patient = typeof reference === 'string' ? /^Patient\/(.+)$/.exec(reference) : null;
  if (patient === null) problem(`${base}.subject.reference`, 'client_id', 'the subject is not a reference Patient/ID: the client is named by the Patient id');
  else set(Column.clientId, patient[1], `${base}.subject.reference`);

  readExtensions(resource.extension, base, set, problem);

  let encounter: ObservationReading['encounter'] = null;
  if (values[Column.session] === null) {
    const encounterReference = isObject(resource.encounter) ? resource.encounter.reference : undefined;
    const match = typeof encounterReference === 'string' ? /^Encounter\/(.+)$/.exec(encounterReference) : null;
    if (match === null) {
      problem(`${base}.extension`, 'session', 'no session: add the extension urn:threshold:session (valueInteger), or an encounter Encounter/ID that numbers the sessions by date');
    } else {
      encounter = { id: match[1], path: `${base}.encounter.reference` };
    }
  }

  if (resource.effectiveDateTime !== undefined) {
    const path = `${base}.effectiveDateTime`;
    if (typeof resource.effectiveDateTime !== 'string') problem(path, 'session_date', 'effectiveDateTime is not a string: write the date yyyy-mm-dd');
    else set(Column.sessionDate, datePart(resource.effectiveDateTime), path);
  }

  if (resource.bodySite !== undefined) {
    const path = `${base}.bodySite.coding[0].code`;
    const coding = isObject(resource.bodySite) && Array.isArray(resource.bodySite.coding) ? resource.bodySite.coding[0] : undefined;
    if (!isObject(coding) || typeof coding.code !== 'string') problem(path, 'site', 'bodySite has no coding with a code: give the site code of the contract (e.g. upper_trapezius_left)');
    else set(Column.site, coding.code, path);
  }

  const quantity = resource.valueQuantity;
  if (!isObject(quantity)) {
    problem(`${base}.valueQuantity`, 'value', 'no valueQuantity: give the reading as {"value": 412, "unit": "kPa"}');
  } else {
    if (typeof quantity.value === 'number') set(Column.value, quantity.value, `${base}.valueQuantity.value`);
    else problem(`${base}.valueQuantity.value`, 'value', 'the value is not a number: write it as a JSON number');
    const unitKey = quantity.code !== undefined ? 'code' : 'unit';
    const unit = quantity[unitKey];
    const path = `${base}.valueQuantity.${unitKey}`;
    if (typeof unit !== 'string') {
      problem(path, 'unit', `no unit: give the UCUM unit (${Object.keys(UCUM_UNITS).join(', ')})`);
    } else if (!Object.hasOwn(UCUM_UNITS, unit)) {
      problem(path, 'unit', `not a unit read here: use the UCUM unit ${Object.keys(UCUM_UNITS).join(', ')}`);
    } else {
      set(Column.unit, UCUM_UNITS[unit], path);
    }
  }
  return { line, values, paths, encounter, sessionProblem: null };
}

/** The Threshold extensions of an Observation; any other extension is left alone, as FHIR allows. */
function readExtensions(
  extensions: unknown,
  base: string,
  set: (column: number, value: string | number, path: string) => void,
  problem: (path: string, column: string | null, message: string) => null,
): void {
  if (extensions === undefined) return;
  if (!Array.isArray(extensions)) {
    problem(`${base}.extension`, null, 'extension is not an array');
    return;
  }
  const seen = new Set<string>();
  extensions.forEach((extension: unknown, k) => {
    const path = `${base}.extension[${k}]`;
    if (!isObject(extension) || typeof extension.url !== 'string') return void problem(path, null, 'the extension has no url');
    if (!extension.url.startsWith('urn:threshold:')) return;
    if (!Object.hasOwn(EXTENSIONS, extension.url)) {
      return void problem(`${path}.url`, null, `not a Threshold extension: use ${Object.keys(EXTENSIONS).join(', ')}`);
    }
    const { column, value: valueKey } = EXTENSIONS[extension.url];
    if (seen.has(extension.url)) return void problem(path, COLUMNS[column], 'the extension appears twice: keep one');
    seen.add(extension.url);
    const value = extension[valueKey];
    const wanted = valueKey === 'valueInteger' ? 'number' : 'string';
    if (typeof value !== wanted) return void problem(`${path}.${valueKey}`, COLUMNS[column], `no ${valueKey}: give the ${COLUMNS[column]} as ${valueKey}`);
    set(column, value as string | number, `${path}.${valueKey}`);
  });
}

/** An Encounter's start (period.start), by its id, for the sessions its Observations are in. */
function readEncounter(
  resource: Json,
  base: string,
  encounterStarts: Map<string, string>,
  problem: (path: string, column: string | null, message: string) => null,
): void {
  if (typeof resource.id !== 'string') return void problem(`${base}.id`, null, 'the Encounter has no id: Observations refer to it by Encounter/ID');
  const start = isObject(resource.period) ? resource.period.start : undefined;
  if (start === undefined) return;
  if (typeof start !== 'string') return void problem(`${base}.period.start`, 'session_date', 'period.start is not a date: write yyyy-mm-dd');
  encounterStarts.set(resource.id, datePart(start));
}

/**
 * Numbers the sessions of Observations without a session extension: a client's encounters in the
 * order of their dates (the Encounter's start, else its Observations' earliest date), 1, 2, 3, ...
 * Encounters on the same date keep the order in which the bundle first names them.
 */
function numberSessionsByEncounter(readings: readonly ObservationReading[], encounterStarts: ReadonlyMap<string, string>): void {
  const byClient = new Map<string, Map<string, string | null>>();
  for (const reading of readings) {
    if (reading.encounter === null) continue;
    const client = String(reading.values[Column.clientId]);
    const encounters = byClient.get(client) ?? new Map<string, string | null>();
    byClient.set(client, encounters);
    const date = encounterStarts.get(reading.encounter.id) ?? (reading.values[Column.sessionDate] as string | null);
    const known = encounters.get(reading.encounter.id);
    if (known === undefined || (date !== null && (known === null || date < known))) encounters.set(reading.encounter.id, date ?? known ?? null);
  }
  const sessionOf = new Map<string, Map<string, number>>();
  for (const [client, encounters] of byClient) {
    const ordered = [...encounters].filter(([, date]) => date !== null).sort((a, b) => (a[1]! < b[1]! ? -1 : a[1]! > b[1]! ? 1 : 0));
    sessionOf.set(client, new Map(ordered.map(([id], k) => [id, k + 1])));
  }
  for (const reading of readings) {
    if (reading.encounter === null) continue;
    const session = sessionOf.get(String(reading.values[Column.clientId]))?.get(reading.encounter.id);
    if (session === undefined) {
      reading.sessionProblem = {
        line: reading.line,
        column: 'session',
        message: 'the encounter has no date to number the session by: give the Encounter a period.start or the Observation an effectiveDateTime, or add the extension urn:threshold:session',
        location: reading.encounter.path,
      };
    } else {
      reading.values[Column.session] = session;
      reading.paths[Column.session] = reading.encounter.path;
    }
  }
}

/** Where a column's value was in the bundle (the Observation itself when it was not given). */
function locationOf(reading: ObservationReading, column: string | null): string {
  const index = column === null ? -1 : COLUMNS.indexOf(column as (typeof COLUMNS)[number]);
  return (index === -1 ? null : reading.paths[index]) ?? `entry[${reading.line - 1}].resource`;
}

/** The date of a FHIR dateTime (`2024-03-05T10:30:00+01:00` is 2024-03-05, the date where it was taken); the rest is checked as a date. */
function datePart(dateTime: string): string {
  return /^\d{4}-\d{2}-\d{2}T/.test(dateTime) ? dateTime.slice(0, 10) : dateTime;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
