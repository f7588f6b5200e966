/**
 * The ANCOVA of report-contract.md section 2 (`comparisons[].ancova`): one linear model
 * endpoint ~ baseline + group over all groups (treatment coding, as R's
 * `lm(endpoint ~ baseline + group)`), whose b - a contrast gives the baseline-adjusted difference
 * with its se, residual df, confidence interval and p.
 *
 * Two routes give the same answer:
 * - ancovaFromRows fits the model to (group, x = baseline, y = endpoint) rows by QR;
 * - ancovaFromCrossProducts needs only each group's mergeable CrossProducts (computed in SQL) and
 *   uses the closed form of this model (e.g. Snedecor & Cochran, Statistical Methods, 8th ed.,
 *   ch. 18; Maxwell & Delaney, Designing Experiments and Analyzing Data, ch. 9). With the pooled
 *   within-group sums Sxx_W = Σ Sxx_g, Sxy_W = Σ Sxy_g, Syy_W = Σ Syy_g over the G groups:
 *     common slope       β = Sxy_W / Sxx_W
 *     adjusted diff      d = (ȳ_b - ȳ_a) - β (x̄_b - x̄_a)
 *     residual variance  σ² = (Syy_W - β Sxy_W) / (N - G - 1)
 *     standard error     se = √(σ² (1/n_a + 1/n_b + (x̄_b - x̄_a)² / Sxx_W)).
 */
import { compareCodePoints } from '../ordering/compare-code-points.js';
import { DEFAULT_CONFIDENCE_LEVEL } from '../distributions/confidence-level.js';
import { olsContrast, tInference, type ContrastResult } from './contrast.js';
import { EMPTY_CROSS_PRODUCTS, mergeCrossProducts, type CrossProducts } from './cross-products.js';
import { RANK_TOLERANCE } from './householder-qr.js';
import { fitOls } from './ols.js';

export interface AncovaRow {
  readonly group: string;
  /** Covariate: the client's baseline (session-1 pre) value. */
  readonly x: number;
  /** Outcome: the client's value at the endpoint session. */
  readonly y: number;
}

export interface AncovaResult {
  /** Baseline-adjusted mean of b minus that of a; null when the model cannot be fitted. */
  diff: number | null;
  /** Null when diff is, or when there is no residual df. */
  se: number | null;
  /** Residual df N - G - 1; null when it is not positive or diff is null. */
  df: number | null;
  t: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
}

const NOT_ESTIMABLE: AncovaResult = Object.freeze({
  diff: null,
  se: null,
  df: null,
  t: null,
  ciLow: null,
  ciHigh: null,
  p: null,
});

/**
 * Fits the model to rows and returns the b - a contrast. Not estimable (all null) when a or b has
 * no rows, when there are fewer rows than coefficients, or when the baseline does not vary within
 * groups (R's `lm` would alias a term).
 */
export function ancovaFromRows(
  rows: readonly AncovaRow[],
  a: string,
  b: string,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): AncovaResult {
  checkDistinct(a, b);
  const groups = [...new Set(rows.map((row) => row.group))].sort(compareCodePoints);
  // No rows for a or b, or fewer rows than coefficients (R's `lm` would alias a term).
  if (!groups.includes(a) || !groups.includes(b) || rows.length < groups.length + 1) return NOT_ESTIMABLE;

  // Columns: intercept, one indicator per non-reference group, then the baseline centred on its
  // mean (centring changes only the intercept, and keeps the columns well scaled).
  const indicatorColumn = (group: string): number | null => {
    const index = groups.indexOf(group);
    return index === 0 ? null : index;
  };
  const meanX = rows.reduce((sum, row) => sum + row.x, 0) / rows.length;
  const design = rows.map((row) => {
    const columns = new Array<number>(groups.length + 1).fill(0);
    columns[0] = 1;
    const indicator = indicatorColumn(row.group);
    if (indicator !== null) columns[indicator] = 1;
    columns[groups.length] = row.x - meanX;
    return columns;
  });
  const fit = fitOls(
    design,
    rows.map((row) => row.y),
  );
  if (fit === null) return NOT_ESTIMABLE;

  const weights = new Array<number>(groups.length + 1).fill(0);
  const columnA = indicatorColumn(a);
  const columnB = indicatorColumn(b);
  if (columnB !== null) weights[columnB] += 1;
  if (columnA !== null) weights[columnA] -= 1;
  return toAncovaResult(olsContrast(fit, weights, level));
}

/**
 * The same contrast from each group's cross-products (x = baseline, y = endpoint), keyed by group
 * name; every group in the map counts towards the common slope and the residual df. Not estimable
 * (all null) when a or b is missing or empty, or when the baseline does not vary within groups.
 */
export function ancovaFromCrossProducts(
  groups: ReadonlyMap<string, CrossProducts>,
  a: string,
  b: string,
  level: number = DEFAULT_CONFIDENCE_LEVEL,
): AncovaResult {
  checkDistinct(a, b);
  const groupA = groups.get(a);
  const groupB = groups.get(b);
  if (groupA === undefined || groupB === undefined || groupA.n === 0 || groupB.n === 0) return NOT_ESTIMABLE;
  const present = [...groups.values()].filter((group) => group.n > 0);
  const all = present.reduce(mergeCrossProducts, EMPTY_CROSS_PRODUCTS);
  const sxxWithin = sumOf(present, (group) => group.sxx);
  const sxyWithin = sumOf(present, (group) => group.sxy);
  const syyWithin = sumOf(present, (group) => group.syy);
  // The rank test of the QR route: the baseline left after removing group means (√Sxx_W) must
  // not be negligible next to the centred baseline (√Sxx of all rows).
  if (!(Math.sqrt(sxxWithin) > RANK_TOLERANCE * Math.sqrt(all.sxx))) return NOT_ESTIMABLE;

  const slope = sxyWithin / sxxWithin;
  const dx = groupB.meanX - groupA.meanX;
  const diff = groupB.meanY - groupA.meanY - slope * dx;
  const df = all.n - present.length - 1;
  if (df <= 0) return { ...NOT_ESTIMABLE, diff };
  // Syy_W - β·Sxy_W is the within-group residual sum of squares; rounding can take a perfect fit
  // a hair below 0.
  const residualVariance = Math.max(syyWithin - slope * sxyWithin, 0) / df;
  const se = Math.sqrt(residualVariance * (1 / groupA.n + 1 / groupB.n + (dx * dx) / sxxWithin));
  return toAncovaResult(tInference(diff, se, df, level));
}

function checkDistinct(a: string, b: string): void {
  if (a === b) throw new RangeError(`ANCOVA contrast needs two different groups, got "${a}" twice`);
}

function sumOf(groups: readonly CrossProducts[], value: (group: CrossProducts) => number): number {
  return groups.reduce((sum, group) => sum + value(group), 0);
}

function toAncovaResult(contrast: ContrastResult): AncovaResult {
  if (contrast.df <= 0) return { ...NOT_ESTIMABLE, diff: contrast.estimate };
  const { estimate, se, df, t, ciLow, ciHigh, p } = contrast;
  return { diff: estimate, se, df, t, ciLow, ciHigh, p };
}
