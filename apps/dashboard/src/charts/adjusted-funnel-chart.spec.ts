import type { AdjustedComparison } from '../api/adjusted-types.js';
import { toCsv } from '../export/csv.js';
import { adjustedRows } from '../pages/therapists/adjusted-rows.js';
import { adjustedFunnelChart, adjustedLimits, interceptOf } from './adjusted-funnel-chart.js';

const comparison: AdjustedComparison = {
  measure: 'ppt',
  unit: 'kPa',
  by: 'therapist',
  mcid: null,
  entries: [
    {
      key: 'aaaa',
      anonymous: false,
      self: true,
      nClients: 16,
      observedMeanChange: 20,
      expectedMeanChange: 12,
      effect: 3,
      effectSd: 1,
      ciLow: 1.040036,
      ciHigh: 4.959964,
      adjustedMeanChange: 13,
      signal: 'above',
    },
    {
      key: null,
      anonymous: true,
      self: false,
      nClients: 30,
      observedMeanChange: null,
      expectedMeanChange: null,
      effect: -1,
      effectSd: 1,
      ciLow: -2.959964,
      ciHigh: 0.959964,
      adjustedMeanChange: 9,
      signal: 'within',
    },
  ],
  note: null,
  fixedEffects: [{ term: '(Intercept)', estimate: 10, se: 1, df: 20, t: 10, p: 0 }],
  unitVar: 2,
  residualVar: 64,
  icc: 2 / 66,
  singular: false,
  nClients: 46,
  withheld: { entries: 0, clients: 0 },
};

const context = {
  measure: {
    code: 'ppt',
    unit: 'kPa',
    label: 'Pressure-pain threshold',
    direction: 'higher-is-better' as const,
    defaultMcid: null,
  },
  colours: { domain: [], range: [], symbols: [], colourOf: () => '', symbolOf: () => '' },
  by: 'therapist_id',
};

describe('the adjusted funnel', () => {
  it('puts its limits at (Intercept) ± z·√(residualVar / n)', () => {
    expect(interceptOf(comparison)).toBe(10);
    // n = 16, residual variance 64: the standard error of a mean of 16 clients is 8 / 4 = 2.
    const at16 = adjustedLimits(10, 64, 20).find((limit) => limit.n === 16);
    expect(at16?.lower95).toBeCloseTo(10 - 1.959964 * 2, 12);
    expect(at16?.upper95).toBeCloseTo(10 + 1.959964 * 2, 12);
    expect(at16?.upper998).toBeCloseTo(10 + 3.090232 * 2, 12);
    expect(adjustedLimits(10, null, 20)).toEqual([]);
  });

  it('names the caller’s own entry and leaves the anonymous one unnamed, in the summary and the CSV', () => {
    const rows = adjustedRows(comparison, { clinics: {}, therapists: { aaaa: 'Kai Moana' } });
    const spec = adjustedFunnelChart(comparison, rows, context);
    expect(spec.summary).toContain('Kai Moana (you): +13.0 kPa adjusted, n = 16');
    expect(spec.summary).not.toContain('Another therapist');
    expect(toCsv(spec.rows, spec.columns).split('\r\n').slice(0, 3)).toEqual([
      'therapist_name,therapist_key,n_clients,adjusted_mean_change',
      'Kai Moana,aaaa,16,13',
      ',,30,9',
    ]);
  });
});
