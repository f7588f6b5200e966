/**
 * The session form's payload (docs/api.md, "Session form"): one session of one client as a
 * therapist records it at the table, and the contract's rows it becomes (report-contract.md
 * section 1). The payload is only checked for its shape here (a 400 naming each field); every value
 * is then checked by the one pipeline (libs/ingest's reader of JSON rows, the store's conflicts)
 * like any file's, and its errors are named back by the form's field (`sites[0].post[1]`).
 */
import { createHash } from 'node:crypto';

/** The most sites, and the most trials at a site in one phase. */
export const MAX_SITES = 12;
export const MAX_TRIALS = 3;
const MAX_TEXT_LENGTH = 200;

export interface SiteReadings {
  site: string;
  /** Trials 1 to 3 before the session's treatment; null: not read. */
  pre: (number | null)[];
  post: (number | null)[];
}

export interface SessionForm {
  clientId: string;
  session: number;
  date: string | null;
  technique: string | null;
  condition: string | null;
  /** The clinic (its id or stored key); a therapist's or owner's one clinic when absent. */
  clinic: string | null;
  /** The therapist (id or stored key): an owner's or admin's choice; a therapist is always themself. */
  therapist: string | null;
  /** The unit the algometer shows: kg/cm2, kPa, N/cm2 or lbf/in2 (the reader converts). */
  unit: string;
  sites: SiteReadings[];
  painNrs: { pre: number | null; post: number | null };
  headacheDays: number | null;
  /** A correction of the stored readings of this session (admin, or owner of the clinic). */
  correction: { reason: string } | null;
}

/** A problem of the payload, named by its field. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class SessionFormProblems extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`the session is not valid: ${problems.map((problem) => `${problem.field}: ${problem.message}`).join('; ')}`);
  }
}

const FIELDS = ['clientId', 'session', 'date', 'technique', 'condition', 'clinic', 'therapist', 'unit', 'sites', 'painNrs', 'headacheDays', 'correction'];

/** Checks the payload's shape (types, sizes, known fields), naming every problem; values are the pipeline's to judge. */
export function parseSessionForm(body: unknown): SessionForm {
  const problems: FieldProblem[] = [];
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new SessionFormProblems([{ field: '(body)', message: 'a JSON object: the session' }]);
  const value = body as Record<string, unknown>;
  const text = (field: string, required: boolean): string | null => {
    const raw = value[field];
    if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) {
      if (required) problems.push({ field, message: 'required' });
      return null;
    }
    if (typeof raw !== 'string' || raw.length > MAX_TEXT_LENGTH) {
      problems.push({ field, message: `text of 1 to ${MAX_TEXT_LENGTH} characters` });
      return null;
    }
    return raw.trim();
  };
  const number = (field: string, raw: unknown): number | null => {
    if (raw === undefined || raw === null || raw === '') return null;
    if (typeof raw !== 'number' || !Number.isFinite(raw)) {
      problems.push({ field, message: 'a number' });
      return null;
    }
    return raw;
  };

  const clientId = text('clientId', true);
  const session = number('session', value.session);
  if (session === null && !problems.some((problem) => problem.field === 'session')) problems.push({ field: 'session', message: 'required: the session number' });
  const unit = text('unit', false) ?? 'kPa';
  const sites = parseSites(value.sites, number, problems);
  const pain = value.painNrs ?? {};
  let painNrs = { pre: null as number | null, post: null as number | null };
  if (typeof pain !== 'object' || pain === null || Array.isArray(pain) || Object.keys(pain).some((key) => key !== 'pre' && key !== 'post')) {
    problems.push({ field: 'painNrs', message: '{"pre": number, "post": number}, each optional' });
  } else {
    painNrs = { pre: number('painNrs.pre', (pain as Record<string, unknown>).pre), post: number('painNrs.post', (pain as Record<string, unknown>).post) };
  }
  const headacheDays = number('headacheDays', value.headacheDays);
  let correction: SessionForm['correction'] = null;
  if (value.correction !== undefined && value.correction !== null) {
    const reason = (value.correction as { reason?: unknown }).reason;
    if (typeof reason !== 'string' || reason.trim() === '') problems.push({ field: 'correction.reason', message: 'a correction needs a reason' });
    else correction = { reason: reason.trim() };
  }
  const unknown = Object.keys(value).filter((key) => !FIELDS.includes(key));
  if (unknown.length > 0) problems.push({ field: unknown[0], message: `unknown field${unknown.length > 1 ? `s: ${unknown.join(', ')}` : ''}` });

  const form: SessionForm = {
    clientId: clientId ?? '',
    session: session ?? 0,
    date: text('date', false),
    technique: text('technique', false),
    condition: text('condition', false),
    clinic: text('clinic', false),
    therapist: text('therapist', false),
    unit,
    sites,
    painNrs,
    headacheDays,
    correction,
  };
  const readings = sites.reduce((count, site) => count + [...site.pre, ...site.post].filter((reading) => reading !== null).length, 0);
  if (problems.length === 0 && readings + (painNrs.pre === null ? 0 : 1) + (painNrs.post === null ? 0 : 1) + (headacheDays === null ? 0 : 1) === 0) {
    problems.push({ field: 'sites', message: 'no readings: give at least one' });
  }
  if (problems.length > 0) throw new SessionFormProblems(problems);
  return form;
}

function parseSites(raw: unknown, number: (field: string, raw: unknown) => number | null, problems: FieldProblem[]): SiteReadings[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw) || raw.length > MAX_SITES) {
    problems.push({ field: 'sites', message: `a list of at most ${MAX_SITES} sites` });
    return [];
  }
  const seen = new Set<string>();
  return raw.map((entry: unknown, index) => {
    const field = `sites[${index}]`;
    const site = (entry ?? {}) as Record<string, unknown>;
    if (typeof site.site !== 'string' || site.site.trim() === '' || site.site.length > MAX_TEXT_LENGTH) problems.push({ field: `${field}.site`, message: 'the site, e.g. upper_trapezius_left' });
    else if (seen.has(site.site.trim())) problems.push({ field: `${field}.site`, message: 'given twice: one entry per site' });
    else seen.add(site.site.trim());
    const trials = (phase: 'pre' | 'post'): (number | null)[] => {
      const values = site[phase] ?? [];
      if (!Array.isArray(values) || values.length > MAX_TRIALS) {
        problems.push({ field: `${field}.${phase}`, message: `a list of at most ${MAX_TRIALS} readings` });
        return [];
      }
      return values.map((reading: unknown, trial) => number(`${field}.${phase}[${trial}]`, reading));
    };
    return { site: typeof site.site === 'string' ? site.site.trim() : '', pre: trials('pre'), post: trials('post') };
  });
}

/** Where the session is recorded: stored keys, from the account or the form (see SessionFormService.placeOf). */
export interface SessionPlace {
  clinicKey: string | null;
  therapistKey: string | null;
}

/** The contract's rows of a session, as NDJSON (row i on line i + 1), and the form's field of each row's value. */
export interface FormRows {
  ndjson: string;
  /** The field of line n's value at index n - 1. */
  valueFields: string[];
  /** The site entry of line n at index n - 1 (null for a reading without a site). */
  siteIndexes: (number | null)[];
}

export function formRows(form: SessionForm, place: SessionPlace): FormRows {
  const shared = {
    client_id: form.clientId,
    session: form.session,
    ...(form.date === null ? {} : { session_date: form.date }),
    ...(form.technique === null ? {} : { technique: form.technique }),
    ...(form.condition === null ? {} : { condition: form.condition }),
    ...(place.clinicKey === null ? {} : { clinic_id: place.clinicKey }),
    ...(place.therapistKey === null ? {} : { therapist_id: place.therapistKey }),
  };
  const lines: string[] = [];
  const valueFields: string[] = [];
  const siteIndexes: (number | null)[] = [];
  const add = (row: Record<string, string | number>, field: string, site: number | null): void => {
    lines.push(JSON.stringify({ ...shared, ...row }));
    valueFields.push(field);
    siteIndexes.push(site);
  };
  form.sites.forEach((site, index) => {
    for (const phase of ['pre', 'post'] as const) {
      site[phase].forEach((value, trial) => {
        if (value !== null) add({ measure: 'ppt', phase, site: site.site, trial: trial + 1, value, unit: form.unit }, `sites[${index}].${phase}[${trial}]`, index);
      });
    }
  });
  for (const phase of ['pre', 'post'] as const) {
    const value = form.painNrs[phase];
    if (value !== null) add({ measure: 'pain_nrs', phase, value, unit: 'score' }, `painNrs.${phase}`, null);
  }
  if (form.headacheDays !== null) add({ measure: 'headache_days', phase: 'pre', value: form.headacheDays, unit: 'days' }, 'headacheDays', null);
  return { ndjson: `${lines.join('\n')}\n`, valueFields, siteIndexes };
}

/** The form's field a column of a row stands for (`value` of line 3: `sites[0].pre[2]`). */
export function fieldOf(rows: FormRows, line: number, column: string | null): string {
  const valueField = rows.valueFields[line - 1];
  if (valueField === undefined) return '(session)';
  switch (column) {
    case 'client_id':
      return 'clientId';
    case 'session':
      return 'session';
    case 'session_date':
      return 'date';
    case 'technique':
    case 'condition':
    case 'therapist':
      return column;
    case 'therapist_id':
      return 'therapist';
    case 'clinic_id':
      return 'clinic';
    case 'site':
      return `sites[${rows.siteIndexes[line - 1]}].site`;
    case 'unit':
      return valueField.startsWith('sites[') ? 'unit' : valueField;
    default:
      // value, phase, trial, measure, or a reading as a whole (a conflict): the reading's field.
      return valueField;
  }
}

/**
 * The SHA-256 of the session as read (whatever the spacing or key order of the JSON sent): a
 * repeat under the same Idempotency-Key must be the same session.
 */
export function requestChecksum(form: SessionForm): string {
  return createHash('sha256').update(JSON.stringify(form)).digest('hex');
}
