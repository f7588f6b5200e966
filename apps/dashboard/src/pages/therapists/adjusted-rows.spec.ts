import type { AdjustedComparison, AdjustedEntry } from '../../api/adjusted-types.js';
import { adjustedRows, chartLabel, signalVerdict, tableLabel } from './adjusted-rows.js';

const entry = (key: string | null, nClients: number, effect: number, extra: Partial<AdjustedEntry> = {}) => ({
  key,
  anonymous: key === null,
  self: false,
  nClients,
  observedMeanChange: key === null ? null : 10,
  expectedMeanChange: key === null ? null : 8,
  effect,
  effectSd: 1,
  ciLow: effect - 1.96,
  ciHigh: effect + 1.96,
  adjustedMeanChange: 9 + effect,
  signal: 'within' as const,
  ...extra,
});

const comparison = (entries: AdjustedEntry[]): AdjustedComparison => ({
  measure: 'ppt',
  unit: 'kPa',
  by: 'therapist',
  mcid: null,
  entries,
  note: null,
  fixedEffects: [],
  unitVar: 1,
  residualVar: 4,
  icc: 0.2,
  singular: false,
  nClients: 40,
  withheld: { entries: 0, clients: 0 },
});

describe('the adjusted comparison as the page shows it', () => {
  it('puts named entries in name order whatever their effects, then the anonymous ones as the API listed them', () => {
    const rows = adjustedRows(
      comparison([entry('aaaa', 12, 5), entry(null, 20, 9), entry('bbbb', 3, -4), entry(null, 15, -9)]),
      { clinics: {}, therapists: { aaaa: 'Zoe Park', bbbb: 'Ana Silva' } },
    );
    expect(rows.map((row) => [row.id, row.label])).toEqual([
      ['bbbb', 'Ana Silva'],
      ['aaaa', 'Zoe Park'],
      ['anonymous-2', ''],
      ['anonymous-4', ''],
    ]);
    // Under five clients: muted.
    expect(rows.map((row) => row.few)).toEqual([true, false, false, false]);
  });

  it('labels one’s own entry “you” on the chart and by name with “(you)” in the table', () => {
    const [own, other] = adjustedRows(
      comparison([entry('cccc', 12, 1, { self: true }), entry(null, 12, 0)]),
      {
        clinics: {},
        therapists: { cccc: 'Kai Moana' },
      },
    );
    expect([chartLabel(own), tableLabel(own, 'therapist')]).toEqual(['you', 'Kai Moana (you)']);
    expect([chartLabel(other), tableLabel(other, 'therapist')]).toEqual(['', 'Another therapist']);
  });

  it('reads a signal as better or worse by the measure’s direction', () => {
    expect(signalVerdict('above', false)).toBe('better');
    expect(signalVerdict('above', true)).toBe('worse');
    expect(signalVerdict('below', true)).toBe('better');
    expect(signalVerdict('within', true)).toBe('within');
  });
});
