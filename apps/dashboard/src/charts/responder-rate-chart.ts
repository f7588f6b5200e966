/**
 * Across sessions: the share of clients whose change from session 1 to their last measured session
 * reaches the MCID in the direction of improvement (report.groups[].responders), with its Wilson
 * score 95% CI. One row per group; the count and the n are written beside each row.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport, Withheld } from '../api/report-types.js';
import { formatCount, formatNumber, formatPercent, formatRate } from '../format/number-format.js';
import { notShownText, withheldGroupRows, withheldNotes } from '../suppression/suppression.js';
import { countColumn, groupColumn, intervalColumns, numberColumn, withheldColumns } from './chart-columns.js';
import { groupLegend, labelOf, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, groupScales, intervalMarks } from './interval-marks.js';
import { baseOptions } from './plot-theme.js';

export interface ResponderRow extends Withheld {
  group: string;
  threshold: number | null;
  n: number | null;
  count: number | null;
  rate: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

export function responderRows(report: OutcomesReport): ResponderRow[] {
  return [
    ...report.groups.map((group) => ({ group: group.name, ...group.responders })),
    ...withheldGroupRows<ResponderRow>(report, {
      threshold: report.mcid,
      n: null,
      count: null,
      rate: null,
      ciLow: null,
      ciHigh: null,
    }),
  ];
}

export function responderRateChart(report: OutcomesReport, context: ChartContext): ChartSpec<ResponderRow> {
  const rows = responderRows(report);
  const shown = drawable(rows, (row) => row.rate);
  const notShown = notShownText(report.suppressionMinimum);
  const unit = context.measure.unit;
  const direction = context.measure.direction === 'lower-is-better' ? 'fall' : 'rise';
  const summary =
    rows.length === 0
      ? 'No group has clients measured at session 1 and later.'
      : `Share of clients whose ${context.measure.label.toLowerCase()} ${direction}s by at least ${formatNumber(report.mcid, 1)} ${unit} from session 1 to their last measured session: ` +
        rows
          .map((row) =>
            row.suppressed
              ? `${labelOf(context, row.group)} ${notShown}`
              : `${labelOf(context, row.group)} ${formatRate(row.rate, row.ciLow, row.ciHigh)}, ${formatCount(row.count)} of ${formatCount(row.n)}`,
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
      shown.map((row) => row.group),
      'dot',
    ),
    notes: withheldNotes(
      report,
      rows.filter((row) => row.suppressed).length - report.suppressedGroups.length,
      (group) => labelOf(context, group),
    ),
    columns: [
      groupColumn(context),
      numberColumn('threshold', `MCID${unit ? ` (${unit})` : ''}`, (row) => row.threshold, 1),
      { name: 'count', label: 'Responders', value: (row) => row.count, numeric: true },
      countColumn((row) => row.n),
      ...intervalColumns<ResponderRow>({
        name: 'rate',
        label: 'Rate',
        value: (row) => row.rate,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
        style: 'percent',
        notShown,
      }),
      ...withheldColumns<ResponderRow>(report),
    ],
    render(width) {
      const narrow = width < 520;
      const data = shown.map((row) => ({
        ...row,
        label: labelOf(context, row.group),
        text: `${formatPercent(row.rate)}  (${formatCount(row.count)}/${formatCount(row.n)})`,
      }));
      return Plot.plot({
        ...baseOptions(width, 'Responders', summary),
        height: 44 + 38 * Math.max(1, data.length),
        marginLeft: narrow ? 110 : 160,
        marginRight: narrow ? 16 : 120,
        x: { domain: [0, 1], label: 'Share of clients reaching the MCID', grid: true, tickFormat: '.0%' },
        y: { domain: data.map((row) => row.label), label: null },
        ...groupScales(context),
        marks: [
          ...intervalMarks(data, {
            along: 'x',
            at: { y: 'label' },
            value: 'rate',
            low: 'ciLow',
            high: 'ciHigh',
            colour: 'group',
            ruleWidth: 2.5,
            r: 5,
            outline: 1,
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
