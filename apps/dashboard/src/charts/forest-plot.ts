/**
 * Techniques compared: a forest plot of every pairwise difference in change at the endpoint
 * session (report.comparisons), B minus A: Welch's difference of mean changes (filled) and the
 * ANCOVA difference adjusted for the baseline value (open), each with its 95% CI. Beside each row:
 * Hedges' g with its CI and the Holm-adjusted p (adjusted over all pairs of the report).
 */
import * as Plot from '@observablehq/plot';
import type { GroupComparison, OutcomesReport } from '../api/report-types.js';
import {
  decimalsForInterval,
  formatChange,
  formatEstimate,
  formatNumber,
  formatP,
} from '../format/number-format.js';
import { labelOf, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions } from './plot-theme.js';

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
    ],
    columns: [
      { name: 'b', label: 'B', value: (row) => row.b, display: (row) => labelOf(context, row.b) },
      { name: 'a', label: 'A', value: (row) => row.a, display: (row) => labelOf(context, row.a) },
      { name: 'endpoint_session', label: 'Session', value: (row) => row.endpointSession, numeric: true },
      { name: 'n_b', label: 'n B', value: (row) => row.nB, numeric: true },
      { name: 'n_a', label: 'n A', value: (row) => row.nA, numeric: true },
      {
        name: 'diff',
        label: `Welch diff (${unit})`,
        value: (row) => row.diff,
        display: (row) => formatChange(row.diff, decimalsForInterval(row.ciLow, row.ciHigh)),
        numeric: true,
      },
      {
        name: 'ci_low',
        label: '95% CI low',
        value: (row) => row.ciLow,
        display: (row) => formatNumber(row.ciLow, decimalsForInterval(row.ciLow, row.ciHigh)),
        numeric: true,
      },
      {
        name: 'ci_high',
        label: '95% CI high',
        value: (row) => row.ciHigh,
        display: (row) => formatNumber(row.ciHigh, decimalsForInterval(row.ciLow, row.ciHigh)),
        numeric: true,
      },
      { name: 'p', label: 'p', value: (row) => row.p, display: (row) => formatP(row.p), numeric: true },
      {
        name: 'p_holm',
        label: 'p (Holm)',
        value: (row) => row.pHolm,
        display: (row) => formatP(row.pHolm),
        numeric: true,
      },
      {
        name: 'hedges_g',
        label: 'Hedges’ g',
        value: (row) => row.hedgesG,
        display: (row) => formatNumber(row.hedgesG, 2),
        numeric: true,
      },
      {
        name: 'g_ci_low',
        label: 'g CI low',
        value: (row) => row.gCiLow,
        display: (row) => formatNumber(row.gCiLow, 2),
        numeric: true,
      },
      {
        name: 'g_ci_high',
        label: 'g CI high',
        value: (row) => row.gCiHigh,
        display: (row) => formatNumber(row.gCiHigh, 2),
        numeric: true,
      },
      {
        name: 'ancova_diff',
        label: `ANCOVA diff (${unit})`,
        value: (row) => row.ancova?.diff,
        display: (row) => formatChange(row.ancova?.diff, 1),
        numeric: true,
      },
      {
        name: 'ancova_ci_low',
        label: 'ANCOVA CI low',
        value: (row) => row.ancova?.ciLow,
        display: (row) => formatNumber(row.ancova?.ciLow, 1),
        numeric: true,
      },
      {
        name: 'ancova_ci_high',
        label: 'ANCOVA CI high',
        value: (row) => row.ancova?.ciHigh,
        display: (row) => formatNumber(row.ancova?.ciHigh, 1),
        numeric: true,
      },
      {
        name: 'ancova_p',
        label: 'ANCOVA p',
        value: (row) => row.ancova?.p,
        display: (row) => formatP(row.ancova?.p),
        numeric: true,
      },
    ],
    render(width) {
      const wide = width >= 900;
      const labels = rows.map((row) => row.label);
      const ancovaRows = rows
        .filter((row) => row.ancova !== null && row.ancova.diff !== null)
        .map((row) => ({
          ...row,
          aDiff: row.ancova!.diff,
          aLow: row.ancova!.ciLow,
          aHigh: row.ancova!.ciHigh,
        }));
      const stats = rows.map((row) => ({ ...row, text: `${g(row)}   Holm p ${formatP(row.pHolm)}` }));
      const mcid = report.mcid;
      return Plot.plot({
        ...baseOptions(width, 'Pairwise differences in change', summary),
        height: 50 + 46 * Math.max(1, rows.length),
        // Room for the longest pair's name (about 6.5 px a character at 12 px), within reason.
        marginLeft: Math.min(
          width < 560 ? 150 : 250,
          16 + 6.5 * Math.max(...labels.map((label) => label.length)),
        ),
        marginRight: wide ? 250 : 16,
        x: { label: `Difference in change (${unit || 'units'}), B − A`, grid: true, nice: true },
        y: { domain: labels, label: null, padding: 0.2 },
        marks: [
          Plot.ruleX([0], { stroke: '#1d2433', strokeOpacity: 0.7 }),
          Plot.ruleX([-mcid, mcid], { stroke: '#9aa1ad', strokeDasharray: '4,4' }),
          Plot.ruleY(rows, {
            y: 'label',
            x1: 'ciLow',
            x2: 'ciHigh',
            dy: -6,
            stroke: '#1d2433',
            strokeWidth: 2,
          }),
          Plot.dot(rows, { y: 'label', x: 'diff', dy: -6, r: 4.5, fill: '#1d2433', title, tip: true }),
          Plot.ruleY(ancovaRows, {
            y: 'label',
            x1: 'aLow',
            x2: 'aHigh',
            dy: 6,
            stroke: '#5b6475',
            strokeWidth: 1.5,
          }),
          Plot.dot(ancovaRows, {
            y: 'label',
            x: 'aDiff',
            dy: 6,
            r: 4,
            fill: 'white',
            stroke: '#5b6475',
            strokeWidth: 1.5,
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
