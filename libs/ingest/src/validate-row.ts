/**
 * Validates one row of the canonical long format and converts its value to the measure's
 * canonical unit: every error of report-contract.md section 1, each with its line and column.
 */
import { findMeasure, MEASURES, toCanonical, type MeasureDefinition } from '@threshold/stats';
import { Column, COLUMNS, type FieldValue, type FieldValues } from './columns.js';
import { isPositiveInteger, looksLikeDecimalComma, parseDecimal, parseIsoDate } from './parse-values.js';
import { personalIdentifierIn } from './personal-identifiers.js';
import { quoteInput } from './quote-input.js';
import { StringPool } from './string-pool.js';
import type { IngestError, MeasurementRow, Phase } from './types.js';
import { loneSurrogateProblem } from './well-formed-text.js';

export interface IngestErrorSink {
  addError(error: IngestError): void;
}

const MEASURE_CODES = Object.keys(MEASURES).join(', ');


/**
 * The largest session or trial number: the database stores them as 32-bit integers, and a file
 * the report command takes must also be one the API can store.
 */
export const LARGEST_NUMBER_OF_A_READING = 2_147_483_647;

/**
 * The longest field, in UTF-16 code units. Codes, keys and names are short; the bound keeps a site
 * (part of a reading's key) within what a PostgreSQL B-tree entry can hold (2,704 bytes), and a
 * pasted document out of every stored text.
 */
export const LONGEST_FIELD = 200;

/** The longest display name, as the directory takes it (apps/api/src/directory). */
export const LONGEST_DISPLAY_NAME = 120; // MAX_NAME_LENGTH of apps/api/src/directory/directory-entry.ts

/**
 * Validates rows one at a time. It keeps one string pool per text column (see StringPool), so use
 * one validator per input.
 */
export class RowValidator {
  private readonly pools = {
    clientId: new StringPool(),
    site: new StringPool(),
    technique: new StringPool(),
    condition: new StringPool(),
    clinicId: new StringPool(),
    therapistId: new StringPool(),
    unit: new StringPool(),
    clinicName: new StringPool(),
    therapistName: new StringPool(),
  };
  /** The last measure, unit and date read, and what they were read as: consecutive rows mostly repeat them. */
  private lastMeasure: MeasureDefinition | null = null;
  private lastUnitMeasure: MeasureDefinition | null = null;
  private lastUnit = '';
  private lastDateText = '';
  private lastDate = '';
  /** Set when the row being validated has produced an error. */
  private rowFailed = false;
  private line = 0;

  /**
   * `withdrawals`: a row whose value and unit are both empty is a withdrawal of the stored reading
   * with its key (corrections only: see ReadOutcomesOptions.withdrawals).
   */
  constructor(
    private readonly errors: IngestErrorSink,
    private readonly withdrawals = false,
  ) {}

  /** The validated row, or null after reporting every problem the row has. */
  validate(values: FieldValues, line: number): MeasurementRow | null {
    this.rowFailed = false;
    this.line = line;

    const clientId = this.key(values, Column.clientId, true, this.pools.clientId);
    const session = this.positiveInteger(values, Column.session, true, 'sessions are numbered 1, 2, 3, ...');
    const measure = this.measure(values);
    const withdrawn = this.withdrawals && isEmpty(values[Column.value]) && isEmpty(values[Column.unit]);
    const rawValue = withdrawn ? null : this.number(values, Column.value, true);
    const rawUnit = withdrawn ? null : this.unit(values, measure);
    const phase = this.phase(values);
    const site = this.text(values, Column.site, this.pools.site);
    const technique = this.text(values, Column.technique, this.pools.technique) ?? 'all';
    const condition = this.text(values, Column.condition, this.pools.condition);
    const clinicId = this.key(values, Column.clinicId, false, this.pools.clinicId);
    const therapistId = this.key(values, Column.therapistId, false, this.pools.therapistId);
    const sessionDate = this.date(values);
    const trial = this.positiveInteger(
      values,
      Column.trial,
      false,
      'repeat readings are numbered 1, 2, 3, ...',
    );
    const clinicName = this.displayName(values, Column.clinicName, clinicId, 'clinic_id', this.pools.clinicName);
    const therapistName = this.displayName(values, Column.therapistName, therapistId, 'therapist_id', this.pools.therapistName);
    if (this.rowFailed) return null;
    const names = {
      ...(clinicName === null ? {} : { clinicName }),
      ...(therapistName === null ? {} : { therapistName }),
    };

    // Everything below was checked above; the guards only narrow the types.
    if (withdrawn && clientId !== null && session !== null && measure !== null) {
      const key = { line, clientId, session, phase, measure: measure.code, site, technique, condition, clinicId, therapistId, sessionDate, trial };
      return { ...key, ...names, value: Number.NaN, rawValue: Number.NaN, rawUnit: '', withdrawn: true };
    }
    if (clientId === null || session === null || measure === null || rawValue === null || rawUnit === null) {
      return null;
    }
    const value = this.canonicalValue(measure, rawValue, rawUnit);
    if (value === null) return null;
    return {
      line,
      clientId,
      session,
      phase,
      measure: measure.code,
      value,
      rawValue,
      rawUnit,
      site,
      technique,
      condition,
      clinicId,
      therapistId,
      sessionDate,
      trial,
      ...names,
    };
  }

  /**
   * A display name for the key on the same row: it names nothing without that key. Any text a
   * field may hold (a name is not a key: no personal-data check), at most LONGEST_DISPLAY_NAME long.
   */
  private displayName(
    values: FieldValues,
    column: number,
    key: string | null,
    keyColumn: string,
    pool: StringPool,
  ): string | null {
    const name = this.text(values, column, pool);
    if (name === null) return null;
    if (name.length > LONGEST_DISPLAY_NAME) {
      return this.fail(column, `${name.length} characters long: a name may have at most ${LONGEST_DISPLAY_NAME}`);
    }
    // eslint-disable-next-line no-control-regex
    if (/[\u0000-\u001f\u007f]/.test(name)) return this.fail(column, 'one line of text, without control characters');
    if (key === null) return this.fail(column, `names nothing: ${keyColumn} is empty on this row`);
    return name;
  }

  private fail(column: number, message: string): null {
    this.rowFailed = true;
    this.errors.addError({ line: this.line, column: COLUMNS[column], message });
    return null;
  }

  /** The text of a field, null when absent; refuses leading and trailing spaces rather than trim them. */
  private rawText(values: FieldValues, column: number, required: boolean): string | null {
    const value: FieldValue = values[column];
    if (value === null || value === '') {
      return required ? this.fail(column, 'empty, but required: fill it in or remove the row') : null;
    }
    const text = typeof value === 'number' ? String(value) : value;
    if (text.charCodeAt(0) <= 32 || text.charCodeAt(text.length - 1) <= 32) {
      return this.fail(column, 'has spaces at the start or end: remove them');
    }
    if (text.length > LONGEST_FIELD) {
      return this.fail(column, `${text.length} characters long: a field may have at most ${LONGEST_FIELD}`);
    }
    return text;
  }

  private text(values: FieldValues, column: number, pool: StringPool): string | null {
    const text = this.rawText(values, column, false);
    if (text === null) return null;
    return pool.get(text) ?? this.newText(column, text, pool);
  }

  /**
   * A text the pool has not seen: checked for NUL (which JSON escapes and Arrow strings can carry,
   * and PostgreSQL text cannot hold) and for lone surrogates (which JSON escapes can write, and
   * UTF-8 turns into U+FFFD: see well-formed-text.ts) before it is pooled. Pooled values have
   * passed these checks. (The other text columns take only a known code or a date, and refuse
   * anything else anyway.)
   */
  private newText(column: number, text: string, pool: StringPool): string | null {
    if (text.includes('\0')) return this.fail(column, 'contains a NUL character: remove it');
    const unicodeProblem = loneSurrogateProblem(text);
    if (unicodeProblem !== null) return this.fail(column, unicodeProblem);
    return pool.intern(text);
  }

  /** A pseudonymous key: refused when it looks like personal data. The value is never repeated in the message. */
  private key(values: FieldValues, column: number, required: boolean, pool: StringPool): string | null {
    const text = this.rawText(values, column, required);
    if (text === null) return null;
    // A key in the pool has passed the checks before; clients have many rows, so this saves most checks.
    const known = pool.get(text);
    if (known !== undefined) return known;
    const identifier = personalIdentifierIn(text);
    if (identifier !== null) {
      return this.fail(
        column,
        `looks like ${identifier}: use the clinic's pseudonymous key here, never personal data`,
      );
    }
    return this.newText(column, text, pool);
  }

  private number(values: FieldValues, column: number, required: boolean): number | null {
    const value = values[column];
    if (typeof value === 'number') {
      return Number.isFinite(value) ? value : this.fail(column, `not a finite number: ${value}`);
    }
    const text = this.rawText(values, column, required);
    if (text === null) return null;
    const number = parseDecimal(text);
    if (Number.isNaN(number)) {
      const hint = looksLikeDecimalComma(text) ? ' (write decimals with a point, e.g. 12.5)' : '';
      return this.fail(column, `not a number: ${quoteInput(text)}${hint}`);
    }
    return Number.isFinite(number) ? number : this.fail(column, `not a finite number: ${quoteInput(text)}`);
  }

  private positiveInteger(
    values: FieldValues,
    column: number,
    required: boolean,
    hint: string,
  ): number | null {
    const number = this.number(values, column, required);
    if (number === null) return number;
    if (!isPositiveInteger(number)) return this.fail(column, `not a positive integer (${number}): ${hint}`);
    if (number > LARGEST_NUMBER_OF_A_READING) {
      return this.fail(column, `too large (${number}): numbers up to ${LARGEST_NUMBER_OF_A_READING} are stored; ${hint}`);
    }
    return number;
  }

  private measure(values: FieldValues): MeasureDefinition | null {
    const code = this.rawText(values, Column.measure, true);
    if (code === null) return null;
    if (code === this.lastMeasure?.code) return this.lastMeasure;
    this.lastMeasure = findMeasure(code) ?? null;
    return (
      this.lastMeasure ??
      this.fail(Column.measure, `unknown measure ${quoteInput(code)}: use one of ${MEASURE_CODES}`)
    );
  }

  /** The unit as written; checked against the measure's accepted units when the measure is known. */
  private unit(values: FieldValues, measure: MeasureDefinition | null): string | null {
    const unit = this.rawText(values, Column.unit, true);
    if (unit === null || measure === null) return unit;
    if (unit === this.lastUnit && measure === this.lastUnitMeasure) return this.lastUnit;
    if (!Object.hasOwn(measure.units, unit)) {
      const accepted = Object.keys(measure.units).join(', ');
      return this.fail(
        Column.unit,
        `unit ${quoteInput(unit)} is not accepted for ${measure.code}: use one of ${accepted}`,
      );
    }
    this.lastUnitMeasure = measure;
    this.lastUnit = this.pools.unit.intern(unit);
    return this.lastUnit;
  }

  private phase(values: FieldValues): Phase {
    const phase = this.rawText(values, Column.phase, false);
    if (phase === null || phase === 'pre') return 'pre';
    if (phase === 'post' || phase === 'followup') return phase;
    this.fail(Column.phase, `${quoteInput(phase)} is not a phase: use pre, post or followup (empty means pre)`);
    return 'pre';
  }

  private date(values: FieldValues): string | null {
    const text = this.rawText(values, Column.sessionDate, false);
    if (text === null) return null;
    if (text === this.lastDateText) return this.lastDate;
    const date = parseIsoDate(text);
    if (date === null) {
      return this.fail(
        Column.sessionDate,
        `${quoteInput(text)} is not an ISO 8601 date: write it yyyy-mm-dd, e.g. 2024-03-07`,
      );
    }
    this.lastDateText = text;
    this.lastDate = date;
    return date;
  }

  /** The value in the canonical unit, refused outside the measure's plausible range (which is in that unit). */
  private canonicalValue(measure: MeasureDefinition, rawValue: number, rawUnit: string): number | null {
    const value = toCanonical(measure, rawValue, rawUnit);
    if (value === undefined) return null; // unreachable: unit() has refused units the measure does not accept
    if (value >= measure.plausibleMin && value <= measure.plausibleMax) return value;
    const canonical = measure.canonicalUnit;
    const converted = rawUnit === canonical ? '' : ` (${formatNumber(value)} ${canonical})`;
    const range = `${measure.plausibleMin} to ${measure.plausibleMax} ${canonical}`;
    return this.fail(
      Column.value,
      `${rawValue} ${rawUnit}${converted} is outside the plausible range of ${measure.code}, ${range}: check the value and the unit`,
    );
  }
}

function formatNumber(value: number): string {
  return String(Number(value.toPrecision(6)));
}

function isEmpty(value: FieldValue): boolean {
  return value === null || value === '';
}
