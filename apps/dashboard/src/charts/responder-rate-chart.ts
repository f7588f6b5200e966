/**
 * Across sessions: the share of clients whose change from session 1 to their last measured session
 * reaches the MCID in the direction of improvement (report.groups[].responders), with its Wilson
 * score 95% CI. One row per group; the count and the n are written beside each row.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { formatCount, formatNumber, formatPercent, formatRate } from '../format/number-format.js';
import { groupLegend, labelOf, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions } from './plot-theme.js';

export interface ResponderRow {
  group: string;
  threshold: number;
  n: number;
  count: number;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export function responderRows(report: OutcomesReport): ResponderRow[] {
  return report.groups.map((group) => ({ group: group.name, ...group.responders }));
}

export function responderRateChart(report: OutcomesReport, context: ChartContext): ChartSpec<ResponderRow> {
  const rows = responderRows(report);
  const unit = context.measure.unit;
  const direction = context.measure.direction === 'lower-is-better' ? 'fall' : 'rise';
  const summary =
    rows.length === 0
      ? 'No group has clients measured at session 1 and later.'
      : `Share of clients whose ${context.measure.label.toLowerCase()} ${direction}s by at least ${formatNumber(report.mcid, 1)} ${unit} from session 1 to their last measured session: ` +
        rows
          .map(
            (row) =>
              `${labelOf(context, row.group)} ${formatRate(row.rate, row.ciLow, row.ciHigh)}, ${formatCount(row.count)} of ${formatCount(row.n)}`,
          )
          .join('; ') +
        '.';
  const title = (row: ResponderRow): string =>
    `${labelOf(context, row.group)}\n${formatRate(row.rate, row.ciLow, row.ciHigh)}\n${formatCount(row.count)} of ${formatCount(row.n)} clients`;

  return {
    id: 'across-sessions-responders',
    title: 'Responders',
    description: `Clients whose change from session 1 to their last measured session reaches the MCID (${formatNumber(report.mcid, 1)} ${unit}), with Wilson 95% CI.`,
    summary,
    rows,
    legend: groupLegend(
      context,
      rows.map((row) => row.group),
      'dot',
    ),
    columns: [
      {
        name: 'group',
        label: 'Group',
        value: (row) => row.group,
        display: (row) => labelOf(context, row.group),
      },
      {
        name: 'threshold',
        label: `MCID${unit ? ` (${unit})` : ''}`,
        value: (row) => row.threshold,
        display: (row) => formatNumber(row.threshold, 1),
        numeric: true,
      },
      { name: 'count', label: 'Responders', value: (row) => row.count, numeric: true },
      { name: 'n', label: 'n', value: (row) => row.n, numeric: true },
      {
        name: 'rate',
        label: 'Rate',
        value: (row) => row.rate,
        display: (row) => formatPercent(row.rate),
        numeric: true,
      },
      {
        name: 'ci_low',
        label: '95% CI low',
        value: (row) => row.ciLow,
        display: (row) => formatPercent(row.ciLow),
        numeric: true,
      },
      {
        name: 'ci_high',
        label: '95% CI high',
        value: (row) => row.ciHigh,
        display: (row) => formatPercent(row.ciHigh),
        numeric: true,
      },
    ],
    render(width) {
      const narrow = width < 520;
      const data = rows.map((row) => ({
        ...row,
        label: labelOf(context, row.group),
        text: `${formatPercent(row.rate)}  (${formatCount(row.count)}/${formatCount(row.n)})`,
      }));
      return Plot.plot({
        ...baseOptions(width, 'Responders', summary),
        height: 44 + 38 * Math.max(1, rows.length),
        marginLeft: narrow ? 110 : 160,
        marginRight: narrow ? 16 : 120,
        x: { domain: [0, 1], label: 'Share of clients reaching the MCID', grid: true, tickFormat: '.0%' },
        y: { domain: data.map((row) => row.label), label: null },
        color: { domain: context.colours.domain, range: context.colours.range },
        symbol: { domain: context.colours.domain, range: context.colours.symbols },
        marks: [
          Plot.ruleY(data, { y: 'label', x1: 'ciLow', x2: 'ciHigh', stroke: 'group', strokeWidth: 2.5 }),
          Plot.dot(data, {
            y: 'label',
            x: 'rate',
            fill: 'group',
            symbol: 'group',
            r: 5,
            stroke: 'white',
            strokeWidth: 1,
            title,
            tip: true,
          }),
          narrow
            ? null
            : Plot.text(data, {
                y: 'label',
                text: 'text',
                frameAnchor: 'right',
                textAnchor: 'start',
                dx: 10,
                fill: '#1d2433',
              }),
        ],
      });
    },
  };
}
