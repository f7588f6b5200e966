import {
  MTCARS_CYL,
  MTCARS_MPG,
  MTCARS_WT,
  TOOTHGROWTH_DOSE,
  TOOTHGROWTH_LEN,
  TOOTHGROWTH_SUPP,
} from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { ancovaFromCrossProducts, ancovaFromRows, type AncovaResult, type AncovaRow } from './ancova.js';
import { crossProductsOf, mergeCrossProducts, type CrossProducts } from './cross-products.js';

const FIELDS = ['diff', 'se', 'df', 't', 'ciLow', 'ciHigh', 'p'] as const;

function expectResult(actual: AncovaResult, expected: AncovaResult, relTol = 1e-9): void {
  for (const key of FIELDS) expectClose(actual[key], expected[key], relTol, key);
}

/** Per-group cross-products of rows, as SQL would compute them. */
function crossProductsByGroup(rows: readonly AncovaRow[]): Map<string, CrossProducts> {
  const groups = new Map<string, CrossProducts>();
  for (const group of new Set(rows.map((row) => row.group))) {
    const members = rows.filter((row) => row.group === group);
    groups.set(
      group,
      crossProductsOf(
        members.map((row) => row.x),
        members.map((row) => row.y),
      ),
    );
  }
  return groups;
}

/** Both routes, checked against the same expected result. */
function expectBothRoutes(
  rows: readonly AncovaRow[],
  a: string,
  b: string,
  expected: AncovaResult,
  level = 0.95,
): void {
  expectResult(ancovaFromRows(rows, a, b, level), expected);
  expectResult(ancovaFromCrossProducts(crossProductsByGroup(rows), a, b, level), expected);
}

const mtcars: AncovaRow[] = MTCARS_MPG.map((mpg, i) => ({
  group: String(MTCARS_CYL[i]),
  x: MTCARS_WT[i],
  y: mpg,
}));
const toothGrowth: AncovaRow[] = TOOTHGROWTH_LEN.map((len, i) => ({
  group: TOOTHGROWTH_SUPP[i],
  x: TOOTHGROWTH_DOSE[i],
  y: len,
}));

// Expected values: libs/stats/test-fixtures/linear-model.R (R 4.2.2): the b - a contrast of
// lm(y ~ x + group) with treatment coding, se from vcov, qt(1 - (1 - level)/2, df), 2 * pt(-|t|, df).
describe('ANCOVA b - a contrast, from rows and from cross-products', () => {
  it('matches R lm(mpg ~ wt + cyl) for 6 - 4, a contrast with the reference group', () => {
    expectBothRoutes(mtcars, '4', '6', {
      diff: -4.255582401971294,
      se: 1.3860728475406903,
      df: 28,
      t: -3.0702444027541382,
      ciLow: -7.0948239219221154,
      ciHigh: -1.416340882020473,
      p: 0.0047178338998688308,
    });
  });

  it('matches R lm(mpg ~ wt + cyl) for 8 - 6, a contrast between two non-reference groups', () => {
    const expected = {
      diff: -1.8152772785195923,
      se: 1.3576341537662036,
      df: 28,
      t: -1.3370886946854159,
      ciLow: -4.596264775039427,
      ciHigh: 0.96571021800024237,
      p: 0.19195581740148307,
    };
    expectBothRoutes(mtcars, '6', '8', expected);
    expectBothRoutes(
      mtcars,
      '6',
      '8',
      { ...expected, ciLow: -4.124790734907231, ciHigh: 0.49423617786804597 },
      0.9,
    );
  });

  it('matches R lm(len ~ dose + supp) on ToothGrowth for VC - OJ', () => {
    expectBothRoutes(toothGrowth, 'OJ', 'VC', {
      diff: -3.7000000000000011,
      se: 1.0936044998101517,
      df: 57,
      t: -3.3833072199705798,
      ciLow: -5.8899052369950482,
      ciHigh: -1.5100947630049535,
      p: 0.0013006624739974721,
    });
  });

  it('gives the same result from cross-products merged from chunks of each group', () => {
    const chunked = new Map<string, CrossProducts>();
    for (const [group, products] of crossProductsByGroup(mtcars.slice(0, 13))) chunked.set(group, products);
    for (const [group, products] of crossProductsByGroup(mtcars.slice(13))) {
      const earlier = chunked.get(group);
      chunked.set(group, earlier === undefined ? products : mergeCrossProducts(earlier, products));
    }
    expectResult(ancovaFromCrossProducts(chunked, '6', '8'), ancovaFromRows(mtcars, '6', '8'), 1e-12);
  });

  it('does not depend on which group is the reference or on the order of the rows', () => {
    const renamed = mtcars.map((row) => ({ ...row, group: row.group === '8' ? '0' : row.group }));
    expectResult(ancovaFromRows(renamed, '6', '0'), ancovaFromRows(mtcars, '6', '8'), 1e-12);
    expectResult(ancovaFromRows([...mtcars].reverse(), '6', '8'), ancovaFromRows(mtcars, '6', '8'), 1e-12);
  });

  it('flips the sign of diff, t and the interval when a and b swap', () => {
    const forward = ancovaFromRows(mtcars, '4', '6');
    const backward = ancovaFromRows(mtcars, '6', '4');
    expectClose(backward.diff, -(forward.diff ?? Number.NaN), 1e-12);
    expectClose(backward.t, -(forward.t ?? Number.NaN), 1e-12);
    expectClose(backward.ciLow, -(forward.ciHigh ?? Number.NaN), 1e-12);
    expectClose(backward.p, forward.p, 1e-12);
  });

  it('is unchanged by shifting baseline and endpoint, and scales with the units of the endpoint', () => {
    const base = ancovaFromRows(mtcars, '4', '8');
    const shifted = mtcars.map((row) => ({ ...row, x: row.x + 100, y: row.y + 300 }));
    expectResult(ancovaFromRows(shifted, '4', '8'), base, 1e-9);
    expectResult(ancovaFromCrossProducts(crossProductsByGroup(shifted), '4', '8'), base, 1e-9);
    // The same measure in other units on both sides: diff, se and CI scale, t, df and p do not.
    const factor = 98.0665;
    const scaled = ancovaFromRows(
      mtcars.map((row) => ({ ...row, x: row.x * factor, y: row.y * factor })),
      '4',
      '8',
    );
    for (const key of ['diff', 'se', 'ciLow', 'ciHigh'] as const) {
      expectClose(scaled[key], (base[key] ?? Number.NaN) * factor, 1e-12, key);
    }
    for (const key of ['t', 'df', 'p'] as const) expectClose(scaled[key], base[key], 1e-12, key);
  });

  it('gives all nulls when the baseline does not vary within groups, or a group is missing', () => {
    const allNull = { diff: null, se: null, df: null, t: null, ciLow: null, ciHigh: null, p: null };
    const constantWithin: AncovaRow[] = [
      { group: 'a', x: 1, y: 2 },
      { group: 'a', x: 1, y: 3 },
      { group: 'b', x: 2, y: 5 },
      { group: 'b', x: 2, y: 4 },
    ];
    expect(ancovaFromRows(constantWithin, 'a', 'b')).toEqual(allNull);
    expect(ancovaFromCrossProducts(crossProductsByGroup(constantWithin), 'a', 'b')).toEqual(allNull);
    expect(ancovaFromRows(mtcars, '4', '5')).toEqual(allNull);
    expect(ancovaFromCrossProducts(crossProductsByGroup(mtcars), '4', '5')).toEqual(allNull);
    expect(ancovaFromRows([], 'a', 'b')).toEqual(allNull);
  });

  it('gives the difference alone when no residual df is left (N = G + 1)', () => {
    const saturated: AncovaRow[] = [
      { group: 'a', x: 1, y: 2 },
      { group: 'a', x: 2, y: 4 },
      { group: 'b', x: 3, y: 9 },
    ];
    // Slope 2 within a; b's adjusted difference is 9 - (2 + 2·(3 - 1)) = 3.
    const expected = { diff: 3, se: null, df: null, t: null, ciLow: null, ciHigh: null, p: null };
    expectResult(ancovaFromRows(saturated, 'a', 'b'), expected, 1e-12);
    expectResult(ancovaFromCrossProducts(crossProductsByGroup(saturated), 'a', 'b'), expected, 1e-12);
    expect(ancovaFromRows(saturated.slice(1), 'a', 'b').diff).toBeNull(); // fewer rows than coefficients
  });

  it('refuses to compare a group with itself', () => {
    expect(() => ancovaFromRows(mtcars, '4', '4')).toThrow(RangeError);
    expect(() => ancovaFromCrossProducts(crossProductsByGroup(mtcars), '4', '4')).toThrow(RangeError);
  });
});
