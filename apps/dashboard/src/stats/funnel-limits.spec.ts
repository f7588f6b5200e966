import {
  buildFunnel,
  funnelUnitsAt,
  limitsAt,
  overallMean,
  pooledWithinSd,
  positionOf,
  Z_95,
  Z_998,
  type FunnelUnit,
} from './funnel-limits.js';

/** Published cells (not withheld by small-cell suppression). */
const SHOWN = { suppressed: false, sizeBand: null };

// Four therapists whose clients changed by
//   A: 10, 20, 30        (n 3, mean 20, SD 10)
//   B: 5, 15             (n 2, mean 10, SD √50)
//   C: 40                (n 1, no SD)
//   D: 0, 10, 20, 30, 40 (n 5, mean 20, SD √250)
// Overall mean 220 / 11 = 20; pooled SD √((2·100 + 1·50 + 4·250) / 7) = √(1250 / 7).
const UNITS: FunnelUnit[] = [
  { name: 'A', n: 3, meanChange: 20, sd: 10 },
  { name: 'B', n: 2, meanChange: 10, sd: Math.sqrt(50) },
  { name: 'C', n: 1, meanChange: 40, sd: null },
  { name: 'D', n: 5, meanChange: 20, sd: Math.sqrt(250) },
];
const SIGMA = Math.sqrt(1250 / 7);

describe('funnel plot limits (Spiegelhalter 2005)', () => {
  it('uses the normal quantiles of 95% and 99.8% two-sided limits', () => {
    expect(Z_95).toBeCloseTo(1.959964, 6);
    expect(Z_998).toBeCloseTo(3.090232, 6);
  });

  it('centres on the mean over all clients and pools the within-therapist SD', () => {
    expect(overallMean(UNITS)).toBe(20);
    expect(pooledWithinSd(UNITS)).toBeCloseTo(SIGMA, 12);
    expect(pooledWithinSd([{ name: 'C', n: 1, meanChange: 40, sd: null }])).toBeNull();
  });

  it('puts the limits at target ± z·σ/√n', () => {
    const at4 = limitsAt(20, SIGMA, 4);
    expect(at4.upper95).toBeCloseTo(20 + 1.959964 * (SIGMA / 2), 5);
    expect(at4.lower998).toBeCloseTo(20 - 3.090232 * (SIGMA / 2), 5);
    expect(at4.upper95).toBeCloseTo(33.0955, 3);
    expect(at4.upper998).toBeCloseTo(40.6475, 3);
  });

  it('places a therapist inside, between or outside the limits', () => {
    const at = (meanChange: number) => positionOf({ name: 'X', n: 4, meanChange, sd: null }, 20, SIGMA);
    expect(at(20)).toBe('within');
    expect(at(38)).toBe('above-95');
    expect(at(41)).toBe('above-99.8');
    expect(at(0)).toBe('below-95');
    expect(at(-1)).toBe('below-99.8');
  });

  it('builds the whole funnel: curves from n = 1 to the largest n, every therapist placed', () => {
    const funnel = buildFunnel(UNITS)!;
    expect(funnel.target).toBe(20);
    expect(funnel.sigma).toBeCloseTo(SIGMA, 12);
    expect(funnel.limits.map((point) => point.n)).toEqual([1, 2, 3, 4, 5]);
    expect(funnel.units.map((unit) => unit.position)).toEqual(['within', 'within', 'within', 'within']);
    expect(buildFunnel([])).toBeNull();
  });

  it('takes each therapist’s cumulative change at the chosen session, leaving out those without clients there or withheld', () => {
    const groups = [
      {
        name: 't1',
        cumulative: [{ session: 12, n: 2, meanChange: 30, sd: 5.7, ciLow: 0, ciHigh: 60, t: 7.4, df: 1, p: 0.09, ...SHOWN }],
      },
      {
        name: 't2',
        cumulative: [{ session: 11, n: 4, meanChange: 10, sd: 6.7, ciLow: 0, ciHigh: 20, t: 3, df: 3, p: 0.06, ...SHOWN }],
      },
      {
        name: 't3',
        cumulative: [
          { session: 12, n: 1, meanChange: 70, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null, ...SHOWN },
        ],
      },
      {
        // Withheld (small-cell suppression): no numbers, and no unit of the funnel.
        name: 't4',
        cumulative: [
          { session: 12, n: null, meanChange: null, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null, suppressed: true, sizeBand: '1-10' },
        ],
      },
    ];
    const units = funnelUnitsAt(groups, 12);
    expect(units.map((unit) => [unit.name, unit.n, unit.meanChange])).toEqual([
      ['t1', 2, 30],
      ['t3', 1, 70],
    ]);
    expect(units[0].sd).toBe(5.7);
    expect(units[1].sd).toBeNull();
  });
});
