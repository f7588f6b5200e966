import { Column, newFieldValues, type FieldValue } from './columns.js';
import type { IngestError } from './types.js';
import { RowValidator } from './validate-row.js';

/** A validator with its errors, and a way to validate a row given as { column: value }. */
function validator(): {
  validate: (row: Partial<Record<keyof typeof Column, FieldValue>>, line?: number) => unknown;
  errors: IngestError[];
} {
  const errors: IngestError[] = [];
  const rowValidator = new RowValidator({ addError: (error) => errors.push(error) });
  return {
    errors,
    validate: (row, line = 2) => {
      const values = newFieldValues();
      for (const [name, value] of Object.entries(row)) values[Column[name as keyof typeof Column]] = value;
      return rowValidator.validate(values, line);
    },
  };
}

const PPT_ROW = { clientId: 'c001', session: 1, measure: 'ppt', value: 250, unit: 'kPa' };

describe('RowValidator', () => {
  it('takes JSON and Arrow numbers as they are, and numbers in text columns as their decimal text', () => {
    const { validate, errors } = validator();
    expect(
      validate({ ...PPT_ROW, clientId: 1001, session: 2, trial: 3, value: 2.5, unit: 'kg/cm2' }),
    ).toMatchObject({
      clientId: '1001',
      session: 2,
      trial: 3,
      value: 2.5 * 98.0665,
    });
    expect(errors).toEqual([]);
  });

  it('carries display names of the clinic and therapist on the row, and only with their keys', () => {
    const { validate, errors } = validator();
    expect(
      validate({ ...PPT_ROW, clinicId: 'k01', clinicName: 'Hackney Clinic', therapistId: 't01', therapistName: 'Ada L.' }),
    ).toMatchObject({ clinicName: 'Hackney Clinic', therapistName: 'Ada L.' });
    const unnamed = validate({ ...PPT_ROW, clinicId: 'k01' });
    expect(unnamed).not.toHaveProperty('clinicName');
    expect(unnamed).not.toHaveProperty('therapistName');
    expect(errors).toEqual([]);

    expect(validate({ ...PPT_ROW, therapistName: 'Ada L.' }, 3)).toBeNull();
    expect(validate({ ...PPT_ROW, clinicId: 'k01', clinicName: 'x'.repeat(121) }, 4)).toBeNull();
    expect(validate({ ...PPT_ROW, clinicId: 'k01', clinicName: 'Two\u0007lines' }, 5)).toBeNull();
    expect(errors).toEqual([
      { line: 3, column: 'therapist_name', message: 'names nothing: therapist_id is empty on this row' },
      { line: 4, column: 'clinic_name', message: '121 characters long: a name may have at most 120' },
      { line: 5, column: 'clinic_name', message: 'one line of text, without control characters' },
    ]);
  });

  it('refuses non-finite numbers from JSON or Arrow', () => {
    const { validate, errors } = validator();
    expect(validate({ ...PPT_ROW, value: Number.NaN })).toBeNull();
    expect(validate({ ...PPT_ROW, value: Number.POSITIVE_INFINITY }, 3)).toBeNull();
    expect(errors).toEqual([
      { line: 2, column: 'value', message: 'not a finite number: NaN' },
      { line: 3, column: 'value', message: 'not a finite number: Infinity' },
    ]);
  });

  it('reports every problem of a row, each with its column', () => {
    const { validate, errors } = validator();
    expect(
      validate({
        clientId: '',
        session: 'x',
        measure: 'ppt',
        value: 3000,
        unit: 'kPa',
        phase: 'later',
        trial: 0,
      }),
    ).toBeNull();
    expect(errors.map((error) => error.column)).toEqual(['client_id', 'session', 'phase', 'trial']);
  });

  it('refuses session and trial numbers too large to store (over 2,147,483,647)', () => {
    const { validate, errors } = validator();
    expect(validate({ ...PPT_ROW, session: 2_147_483_647, trial: 2_147_483_647 })).not.toBeNull();
    expect(validate({ ...PPT_ROW, session: 3_000_000_000 }, 3)).toBeNull();
    expect(validate({ ...PPT_ROW, trial: 2_147_483_648 }, 4)).toBeNull();
    expect(errors).toEqual([
      { line: 3, column: 'session', message: expect.stringContaining('too large (3000000000): numbers up to 2147483647 are stored') },
      { line: 4, column: 'trial', message: expect.stringContaining('too large (2147483648)') },
    ]);
  });

  it('refuses a field longer than 200 characters without repeating it', () => {
    const { validate, errors } = validator();
    expect(validate({ ...PPT_ROW, site: 's'.repeat(200) })).not.toBeNull();
    expect(validate({ ...PPT_ROW, site: 's'.repeat(3000) }, 3)).toBeNull();
    expect(validate({ ...PPT_ROW, technique: 't'.repeat(201) }, 4)).toBeNull();
    expect(errors).toEqual([
      { line: 3, column: 'site', message: '3000 characters long: a field may have at most 200' },
      { line: 4, column: 'technique', message: '201 characters long: a field may have at most 200' },
    ]);
  });

  it('refuses NUL characters, which JSON escapes and Arrow strings can carry', () => {
    const { validate, errors } = validator();
    expect(validate({ ...PPT_ROW, site: 'upper\0trapezius' })).toBeNull();
    expect(validate({ ...PPT_ROW, clientId: 'c\u0000x1' }, 3)).toBeNull();
    expect(errors).toEqual([
      { line: 2, column: 'site', message: 'contains a NUL character: remove it' },
      { line: 3, column: 'client_id', message: 'contains a NUL character: remove it' },
    ]);
  });

  it('refuses lone surrogates, which JSON escapes can carry, in every text and key column', () => {
    const { validate, errors } = validator();
    const problem = (surrogate: string) =>
      `not valid Unicode text: a lone surrogate \\${surrogate} (half of a UTF-16 pair, as a JSON \\u escape can write it): write the whole character or remove it`;
    expect(validate({ ...PPT_ROW, clientId: 'zz\ud800' })).toBeNull();
    expect(validate({ ...PPT_ROW, technique: 't\ud800', site: '\udfffneck' }, 3)).toBeNull();
    expect(
      validate({ ...PPT_ROW, condition: 'c\udbff', clinicId: 'k\udc00', therapistId: 't\ud83d' }, 4),
    ).toBeNull();
    // A whole pair is well-formed; so is the same text again, once pooled.
    for (const line of [5, 6]) {
      expect(validate({ ...PPT_ROW, technique: 't_\ud83d\ude00' }, line)).not.toBeNull();
    }
    expect(errors).toEqual([
      { line: 2, column: 'client_id', message: problem('ud800') },
      { line: 3, column: 'site', message: problem('udfff') },
      { line: 3, column: 'technique', message: problem('ud800') },
      { line: 4, column: 'condition', message: problem('udbff') },
      { line: 4, column: 'clinic_id', message: problem('udc00') },
      { line: 4, column: 'therapist_id', message: problem('ud83d') },
    ]);
  });

  it('refuses tabs and line breaks around a value, like spaces', () => {
    const { validate, errors } = validator();
    validate({ ...PPT_ROW, technique: 'deep_tissue\t', condition: '\nneck_pain' });
    expect(errors.map((error) => [error.column, error.message])).toEqual([
      ['technique', 'has spaces at the start or end: remove them'],
      ['condition', 'has spaces at the start or end: remove them'],
    ]);
  });

  it('checks each new key for personal identifiers, however many rows came before', () => {
    const { validate, errors } = validator();
    expect(validate({ ...PPT_ROW, therapistId: 't-01' })).not.toBeNull();
    expect(validate({ ...PPT_ROW, therapistId: 't-01', session: 2 })).not.toBeNull();
    expect(validate({ ...PPT_ROW, therapistId: '07700 900123', session: 3 }, 4)).toBeNull();
    expect(errors).toEqual([
      { line: 4, column: 'therapist_id', message: expect.stringContaining('looks like a phone number') },
    ]);
  });

  it('checks the unit against the measure of each row, not the one before', () => {
    const { validate, errors } = validator();
    expect(validate(PPT_ROW)).not.toBeNull();
    expect(validate({ ...PPT_ROW, measure: 'pain_nrs', value: 4 }, 3)).toBeNull();
    expect(validate({ ...PPT_ROW, measure: 'unknown' }, 4)).toBeNull();
    expect(validate({ ...PPT_ROW, measure: 'unknown' }, 5)).toBeNull();
    expect(validate({ ...PPT_ROW, sessionDate: '2024-02-30' }, 6)).toBeNull();
    expect(validate({ ...PPT_ROW, sessionDate: '2024-02-29' }, 7)).toMatchObject({
      sessionDate: '2024-02-29',
    });
    expect(validate({ ...PPT_ROW, sessionDate: '2024-02-30' }, 8)).toBeNull();
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [3, 'unit'],
      [4, 'measure'],
      [5, 'measure'],
      [6, 'session_date'],
      [8, 'session_date'],
    ]);
  });
});
