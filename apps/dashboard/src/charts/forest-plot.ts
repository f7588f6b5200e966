/**
 * Techniques compared: a forest plot of every pairwise difference in change at the endpoint
 * session (report.comparisons), B minus A: Welch's difference of mean changes (filled) and the
 * ANCOVA difference adjusted for the baseline value (open), each with its 95% CI. Beside each row:
 * Hedges' g with its CI and the Holm-adjusted p (adjusted over all pairs of the report).
 */
import * as Plot from '@observablehq/plot';
import type { GroupComparison, OutcomesReport } from '../api/report-types.js';
import { formatEstimate, formatNumber, formatP } from '../format/number-format.js';
import { notShownText, sizeBandText } from '../suppression/suppression.js';
import { intervalColumns, numberColumn, pColumn } from './chart-columns.js';
import { labelOf, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, intervalMarks } from './interval-marks.js';
import { baseOptions, namedRowsAxis } from './plot-theme.js';

export interface ComparisonRow extends GroupComparison {
  label: string;
}

export function comparisonRows(report: OutcomesReport, context: ChartContext): ComparisonRow[] {
  return report.comparisons.map((comparison) => ({
    ...comparison,
    label: `${labelOf(context, comparison.b)} − ${labelOf(context, comparison.a)}`,
  }));
}

export function forestPlot(report: OutcomesReport, context: ChartContext): ChartSpec<ComparisonRow> {
  const rows = comparisonRows(report, context);
  const unit = context.measure.unit;
  const better = context.measure.direction === 'lower-is-better' ? 'negative' : 'positive';
  const welch = (row: ComparisonRow): string =>
    formatEstimate({ value: row.diff, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit);
  const ancova = (row: ComparisonRow): string =>
    row.ancova === null
      ? 'not computable'
      : formatEstimate({ value: row.ancova.diff, ciLow: row.ancova.ciLow, ciHigh: row.ancova.ciHigh }, unit);
  const g = (row: ComparisonRow): string =>
    `g ${formatNumber(row.hedgesG, 2)} (${formatNumber(row.gCiLow, 2)} to ${formatNumber(row.gCiHigh, 2)})`;
  const summary =
    rows.length === 0
      ? 'Only one group: there is nothing to compare.'
      : `Differences in change from session 1 to session ${report.endpointSession}, ${better} favours the first-named group: ` +
        rows
          .map(
            (row) =>
              `${row.label}: ${welch(row)}, ${g(row)}, Holm-adjusted p ${formatP(row.pHolm)} (n ${row.nB} and ${row.nA})`,
          )
          .join('; ') +
        '.';
  const title = (row: ComparisonRow): string =>
    `${row.label} at session ${row.endpointSession}\nWelch: ${welch(row)}\nANCOVA: ${ancova(row)}\n${g(row)}\np = ${formatP(row.p)}, Holm p = ${formatP(row.pHolm)}\nn = ${row.nB} vs ${row.nA}`;

  return {
    id: 'techniques-forest-plot',
    title: 'Pairwise differences in change',
    description: `Difference in mean change from session 1 to session ${report.endpointSession ?? '–'} (${unit}), each pair B − A, with 95% CI: unadjusted (Welch) and adjusted for the baseline value (ANCOVA).`,
    summary,
    rows,
    legend: [
      { label: 'Welch difference', colour: '#1d2433', symbol: 'circle' },
      { label: 'ANCOVA (baseline-adjusted)', colour: '#5b6475', symbol: 'ring' },
      { label: `± MCID (${formatNumber(report.mcid, 1)} ${unit})`, colour: '#9aa1ad', dashed: true },
    ],
    notes: [
      `Right of zero: the first-named technique gained more ${context.measure.label.toLowerCase()} (for this measure, ${better} differences favour it).`,
      'Holm’s adjustment controls the chance of any false finding over all the pairs shown; Hedges’ g is the difference in SD units (0.2 small, 0.5 medium, 0.8 large).',
      ...leftOutNote(report, context),
    ],
    columns: [
      { name: 'b', label: 'B', value: (row) => row.b, display: (row) => labelOf(context, row.b) },
      { name: 'a', label: 'A', value: (row) => row.a, display: (row) => labelOf(context, row.a) },
      { name: 'endpoint_session', label: 'Session', value: (row) => row.endpointSession, numeric: true },
      { name: 'n_b', label: 'n B', value: (row) => row.nB, numeric: true },
      { name: 'n_a', label: 'n A', value: (row) => row.nA, numeric: true },
      ...intervalColumns<ComparisonRow>({
        name: 'diff',
        label: `Welch diff (${unit})`,
        value: (row) => row.diff,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
      }),
      pColumn((row) => row.p),
      pColumn((row) => row.pHolm, 'p_holm', 'p (Holm)'),
      numberColumn('hedges_g', 'Hedges’ g', (row) => row.hedgesG, 2),
      numberColumn('g_ci_low', 'g CI low', (row) => row.gCiLow, 2),
      numberColumn('g_ci_high', 'g CI high', (row) => row.gCiHigh, 2),
      ...intervalColumns<ComparisonRow>({
        name: 'ancova_diff',
        label: `ANCOVA diff (${unit})`,
        value: (row) => row.ancova?.diff,
        low: (row) => row.ancova?.ciLow,
        high: (row) => row.ancova?.ciHigh,
        lowName: 'ancova_ci_low',
        lowLabel: 'ANCOVA CI low',
        highName: 'ancova_ci_high',
        highLabel: 'ANCOVA CI high',
        decimals: 1,
      }),
      pColumn((row) => row.ancova?.p, 'ancova_p', 'ANCOVA p'),
    ],
    render(width) {
      const wide = width >= 900;
      const labels = rows.map((row) => row.label);
      const welchRows = drawable(rows, (row) => row.diff);
      const ancovaRows = drawable(
        rows.map((row) => ({
          ...row,
          aDiff: row.ancova?.diff ?? null,
          aLow: row.ancova?.ciLow ?? null,
          aHigh: row.ancova?.ciHigh ?? null,
        })),
        (row) => row.aDiff,
      );
      const stats = rows.map((row) => ({ ...row, text: `${g(row)}   Holm p ${formatP(row.pHolm)}` }));
      const mcid = report.mcid;
      // Room for the longest pair's name, within reason; longer names wrap.
      const rowNames = namedRowsAxis(labels, width, width < 560 ? 150 : 250);
      return Plot.plot({
        ...baseOptions(width, 'Pairwise differences in change', summary),
        height: 50 + 46 * Math.max(1, rows.length),
        marginLeft: rowNames.marginLeft,
        marginRight: wide ? 250 : 16,
        x: { label: `Difference in change (${unit || 'units'}), B − A`, grid: true, nice: true },
        y: { domain: labels, label: null, padding: 0.2 },
        marks: [
          rowNames.axis,
          Plot.ruleX([0], { stroke: '#1d2433', strokeOpacity: 0.7 }),
          Plot.ruleX([-mcid, mcid], { stroke: '#9aa1ad', strokeDasharray: '4,4' }),
          ...intervalMarks(welchRows, {
            along: 'x',
            at: { y: 'label' },
            value: 'diff',
            low: 'ciLow',
            high: 'ciHigh',
            colour: '#1d2433',
            offset: -6,
            ruleWidth: 2,
            r: 4.5,
            title,
            tip: true,
          }),
          ...intervalMarks(ancovaRows, {
            along: 'x',
            at: { y: 'label' },
            value: 'aDiff',
            low: 'aLow',
            high: 'aHigh',
            colour: '#5b6475',
            open: true,
            offset: 6,
            ruleWidth: 1.5,
            r: 4,
            title,
          }),
          wide
            ? Plot.text(stats, {
                y: 'label',
                text: 'text',
                frameAnchor: 'right',
                textAnchor: 'start',
                dx: 14,
                fill: '#1d2433',
              })
            : null,
        ],
      });
    },
  };
}

/** Pairs with a withheld group are not in the report (small-cell suppression): say which. */
function leftOutNote(report: OutcomesReport, context: ChartContext): string[] {
  if (report.suppressedGroups.length === 0) return [];
  const names = report.suppressedGroups
    .map((group) => `${labelOf(context, group.name)} (${sizeBandText(group.sizeBand)})`)
    .join(', ');
  return [
    `Comparisons with ${names} are left out: ${notShownText(report.suppressionMinimum).replace(': not shown', '')}.`,
  ];
}
