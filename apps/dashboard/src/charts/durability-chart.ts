/**
 * "Did it hold?": for the clients of each group measured at the end of their course and again at
 * a follow-up visit without treatment (report.groups[].durability), their mean change since
 * session 1 at the end of the course and at follow-up, joined by a line (the same clients, so the
 * line is paired), the follow-up's 95% CI, and in the table the change since the end of the course
 * with its CI and how many end-of-course responders still met the MCID.
 *
 * The end-of-course mean is sinceStart - sinceEndOfCourse: both are means over the same clients,
 * so the difference of means is the mean of (end of course - session 1) exactly.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { formatChange, formatInterval, formatN, formatNumber, formatRate } from '../format/number-format.js';
import { isTooFew, TOO_FEW_TEXT } from '../format/small-numbers.js';
import { groupColumn } from './chart-columns.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import type { ChartSpec, DataColumn } from './chart-spec.js';
import { groupScales } from './interval-marks.js';
import { baseOptions, chartHeight } from './plot-theme.js';

export interface DurabilityRow {
  group: string;
  n: number;
  endOfCourse: number | null;
  atFollowup: number | null;
  followupLow: number | null;
  followupHigh: number | null;
  sinceEnd: number | null;
  sinceEndLow: number | null;
  sinceEndHigh: number | null;
  held: number;
  heldOf: number;
  heldRate: number | null;
  heldLow: number | null;
  heldHigh: number | null;
  medianDays: number | null;
}

export function durabilityRows(report: OutcomesReport): DurabilityRow[] {
  return report.groups.flatMap((group) => {
    const d = group.durability;
    if (d === null || d === undefined || d.n === 0) return [];
    const start = d.sinceStart.meanChange;
    const sinceEnd = d.sinceEndOfCourse.meanChange;
    return [
      {
        group: group.name,
        n: d.n,
        endOfCourse: start === null || sinceEnd === null ? null : start - sinceEnd,
        atFollowup: start,
        followupLow: d.sinceStart.ciLow,
        followupHigh: d.sinceStart.ciHigh,
        sinceEnd,
        sinceEndLow: d.sinceEndOfCourse.ciLow,
        sinceEndHigh: d.sinceEndOfCourse.ciHigh,
        held: d.heldByResponders.count,
        heldOf: d.heldByResponders.n,
        heldRate: d.heldByResponders.rate,
        heldLow: d.heldByResponders.ciLow,
        heldHigh: d.heldByResponders.ciHigh,
        medianDays: d.medianDaysToFollowup,
      },
    ];
  });
}

function groupWords(row: DurabilityRow, unit: string, context: ChartContext): string {
  const name = labelOf(context, row.group);
  if (isTooFew(row.n)) return `${name}: ${TOO_FEW_TEXT} (${formatN(row.n)}).`;
  const days = row.medianDays === null ? '' : `, a median of ${formatNumber(row.medianDays, 0)} days later`;
  const held =
    row.heldOf === 0
      ? ''
      : ` ${row.held} of ${row.heldOf} end-of-course responders still met the MCID (${formatRate(row.heldRate, row.heldLow, row.heldHigh)}).`;
  return (
    `${name}: ${formatChange(row.endOfCourse, 1)} ${unit} at the end of the course, ${formatChange(row.atFollowup, 1)} ${unit} at follow-up${days} ` +
    `(change since the end of the course ${formatChange(row.sinceEnd, 1)}, ${formatInterval(row.sinceEndLow, row.sinceEndHigh, 1)}; ${formatN(row.n)}).${held}`
  );
}

export function durabilityChart(report: OutcomesReport, context: ChartContext): ChartSpec<DurabilityRow> {
  const rows = durabilityRows(report);
  const unit = context.measure.unit;
  const summary =
    rows.length === 0
      ? 'No client has a follow-up visit after the end of a course yet.'
      : `Change in ${measureWithUnit(context)} since session 1, at the end of the course and at a follow-up visit, for the same clients. ` +
        rows.map((row) => groupWords(row, unit, context)).join(' ');
  const number = (name: string, label: string, value: (row: DurabilityRow) => number | null): DataColumn<DurabilityRow> => ({
    name,
    label,
    value,
    display: (row) => formatChange(value(row), 1),
    numeric: true,
  });
  return {
    id: 'course-durability',
    title: 'Did it hold?',
    description: `Mean change since session 1 at the end of the course and at follow-up (the same clients), with the follow-up's 95% CI.`,
    summary,
    rows,
    columns: [
      groupColumn(context),
      { name: 'n', label: 'n', value: (row) => row.n, numeric: true },
      number('end_of_course', `End of course (${unit})`, (row) => row.endOfCourse),
      number('at_followup', `At follow-up (${unit})`, (row) => row.atFollowup),
      number('since_end', `Since end of course (${unit})`, (row) => row.sinceEnd),
      number('since_end_ci_low', 'CI low', (row) => row.sinceEndLow),
      number('since_end_ci_high', 'CI high', (row) => row.sinceEndHigh),
      { name: 'held', label: 'Responders who held', value: (row) => row.held, display: (row) => `${row.held} of ${row.heldOf}`, numeric: true },
      { name: 'median_days', label: 'Median days to follow-up', value: (row) => row.medianDays, numeric: true },
    ],
    legend: groupLegend(context, rows.map((row) => row.group)),
    notes: [
      'Only clients with a follow-up visit after their course are here; clients who come back may differ from those who do not.',
    ],
    render(width) {
      const shown = rows.filter((row) => !isTooFew(row.n));
      const points = shown.flatMap((row) => [
        { group: row.group, when: 'End of course', change: row.endOfCourse, low: null, high: null },
        { group: row.group, when: 'Follow-up', change: row.atFollowup, low: row.followupLow, high: row.followupHigh },
      ]);
      return Plot.plot({
        ...baseOptions(width, 'Did it hold?', summary),
        height: chartHeight(width, 0.45, 240, 360),
        marginLeft: 56,
        x: { domain: ['End of course', 'Follow-up'], label: null, padding: 0.4 },
        y: { label: `Change since session 1 (${unit || 'units'})`, grid: true, nice: true },
        ...groupScales(context),
        marks: [
          Plot.ruleY([0], { stroke: '#6b7280' }),
          Plot.lineY(points, { x: 'when', y: 'change', z: 'group', stroke: 'group', strokeWidth: 2 }),
          Plot.ruleX(
            points.filter((point) => point.low !== null),
            { x: 'when', y1: 'low', y2: 'high', stroke: 'group', strokeWidth: 1.5, dx: 4 },
          ),
          Plot.dot(points, {
            x: 'when',
            y: 'change',
            fill: 'group',
            symbol: 'group',
            r: 4,
            stroke: 'white',
            title: (point: { group: string; when: string; change: number | null }) =>
              `${labelOf(context, point.group)} · ${point.when}\nchange since session 1 ${formatChange(point.change, 1)} ${unit}`,
            tip: true,
          }),
        ],
      });
    },
  };
}
