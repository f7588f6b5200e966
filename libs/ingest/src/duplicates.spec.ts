import { DuplicateKeyIndex } from './duplicates.js';
import type { MeasurementRow } from './types.js';

function row(line: number, key: Partial<MeasurementRow> = {}): MeasurementRow {
  return {
    line,
    clientId: 'c001',
    session: 1,
    phase: 'pre',
    measure: 'ppt',
    value: 250,
    rawValue: 250,
    rawUnit: 'kPa',
    site: 'upper_trapezius_left',
    technique: 'all',
    condition: null,
    clinicId: null,
    therapistId: null,
    sessionDate: null,
    trial: 1,
    ...key,
  };
}

describe('DuplicateKeyIndex', () => {
  it('returns the line of the first row with the same key', () => {
    const index = new DuplicateKeyIndex();
    expect(index.lineOfEarlierRow(row(2))).toBe(0);
    expect(
      index.lineOfEarlierRow(row(3, { value: 999, technique: 'deep_tissue', sessionDate: '2024-01-01' })),
    ).toBe(2);
    expect(index.lineOfEarlierRow(row(4))).toBe(2);
  });

  it('tells apart keys that differ in any part, and an absent site or trial from a present one', () => {
    const index = new DuplicateKeyIndex();
    const variants: Partial<MeasurementRow>[] = [
      {},
      { clientId: 'c002' },
      { session: 2 },
      { phase: 'post' },
      { measure: 'pain_nrs' },
      { site: 'upper_trapezius_right' },
      { site: null },
      { trial: 2 },
      { trial: null },
      { site: null, trial: null },
      { clientId: 'c00', site: '1upper_trapezius_left' },
    ];
    variants.forEach((variant, k) => expect(index.lineOfEarlierRow(row(k + 2, variant))).toBe(0));
  });

  it('holds 1.2 million keys in about 21 bytes each, with no false duplicate among them', () => {
    const index = new DuplicateKeyIndex();
    const rows = 1_200_000;
    let duplicates = 0;
    // One row object, changed in place: building 1.2 million rows would make this test slow.
    const current: { -readonly [K in keyof MeasurementRow]: MeasurementRow[K] } = { ...row(2) };
    // 12,500 clients x 4 sessions x pre/post x 4 sites x 3 trials, as in bench/parse-bench.ts.
    const sites = [
      'upper_trapezius_left',
      'upper_trapezius_right',
      'suboccipital_left',
      'suboccipital_right',
    ];
    for (let client = 0; current.line - 2 < rows; client++) {
      current.clientId = `c${client.toString(36).padStart(5, '0')}`;
      for (let session = 1; session <= 4; session++) {
        current.session = session;
        for (const phase of ['pre', 'post'] as const) {
          current.phase = phase;
          for (const site of sites) {
            current.site = site;
            for (let trial = 1; trial <= 3; trial++) {
              current.trial = trial;
              if (index.lineOfEarlierRow(current) !== 0) duplicates++;
              current.line++;
            }
          }
        }
      }
    }
    expect(duplicates).toBe(0);
    expect(index.byteLength / rows).toBeLessThan(22); // 2^21 slots of 12 bytes
  });
});
