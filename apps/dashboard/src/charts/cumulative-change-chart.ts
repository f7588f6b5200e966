/**
 * Across sessions: the change from session 1, before each later session, for clients measured at
 * both (report.groups[].cumulative: mean of pre_k - pre_1 with its 95% CI). Groups are shifted
 * slightly left and right of each session so their intervals do not hide each other. The MCID is
 * drawn in the direction of improvement.
 */
import * as Plot from '@observablehq/plot';
import type { CumulativeChange, OutcomesReport } from '../api/report-types.js';
import { formatEstimate, formatN, formatNumber, formatP } from '../format/number-format.js';
import { focusedDomain } from '../stats/axis-domain.js';
import { notShownText } from '../suppression/suppression.js';
import { cellColumns, pColumn, withheldColumns } from './chart-columns.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import { cellRows, withheldCellNotes, type CellRow } from './chart-rows.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, gapsAtWithheld, groupScales, intervalMarks } from './interval-marks.js';
import { baseOptions, chartHeight, CUT_INTERVALS_NOTE, sessionTicks } from './plot-theme.js';

/** A change since session 1 of one group at one session (or the row of a withheld group). */
export type CumulativeRow = CellRow<CumulativeChange>;

export function cumulativeRows(report: OutcomesReport): CumulativeRow[] {
  return cellRows(report, (group) => group.cumulative);
}

export function cumulativeChangeChart(
  report: OutcomesReport,
  context: ChartContext,
): ChartSpec<CumulativeRow> {
  const rows = cumulativeRows(report);
  const shown = drawable(rows, (row) => row.meanChange);
  const groups = [...new Set(shown.map((row) => row.group))];
  const unit = context.measure.unit;
  const notShown = notShownText(report.suppressionMinimum);
  const mcid = report.mcid;
  const improvementSign = context.measure.direction === 'lower-is-better' ? -1 : 1;
  const estimate = (row: CumulativeRow): string =>
    formatEstimate({ value: row.meanChange, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit);
  const endpoint = report.endpointSession;
  const atEndpoint = rows.filter((row) => row.session === endpoint);
  const summary =
    shown.length === 0
      ? 'No client has values at session 1 and at a later session that may be shown.'
      : `Change in ${measureWithUnit(context)} since session 1. At session ${endpoint}: ` +
        atEndpoint
          .map((row) =>
            row.suppressed
              ? `${labelOf(context, row.group)} ${notShown}`
              : `${labelOf(context, row.group)} ${estimate(row)}, ${formatN(row.n)}`,
          )
          .join('; ') +
        `. The minimal clinically important difference is ${formatNumber(mcid, 1)} ${unit}.`;
  const title = (row: CumulativeRow): string =>
    `${labelOf(context, row.group)} · session ${row.session} vs 1\nchange ${estimate(row)}\n${formatN(row.n)} · p = ${formatP(row.p)}`;

  return {
    id: 'across-sessions-cumulative-change',
    title: 'Change since the first session',
    description: `Mean change in ${measureWithUnit(context)} from session 1 to each later session (clients measured at both), with 95% CI.`,
    summary,
    rows,
    legend: [
      ...groupLegend(context, groups, 'dot'),
      { label: `MCID (${formatNumber(mcid, 1)} ${unit})`, colour: '#6b7280', dashed: true },
    ],
    notes: [
      'Each session’s change is over the clients measured at session 1 and at that session; later sessions usually have fewer clients, hence wider intervals.',
      CUT_INTERVALS_NOTE,
      ...withheldCellNotes(report, rows, context),
    ],
    columns: [
      ...cellColumns<CumulativeRow>(context, report, {
        name: 'mean_change',
        label: `Change${unit ? ` (${unit})` : ''}`,
        value: (row) => row.meanChange,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
      }),
      pColumn((row) => row.p),
      ...withheldColumns<CumulativeRow>(report),
    ],
    render(width) {
      // Shift each group by a fraction of a session so that intervals sit side by side.
      const spread = Math.min(0.5, 0.12 * groups.length);
      const offset = (group: string): number =>
        groups.length <= 1 ? 0 : -spread / 2 + (spread * groups.indexOf(group)) / (groups.length - 1);
      const data = shown.map((row) => ({ ...row, x: (row.session ?? 0) + offset(row.group) }));
      // The joining line stops at a withheld session instead of bridging it.
      const series = gapsAtWithheld(rows, (row) => row.meanChange).map((row) => ({
        ...row,
        x: (row.session ?? 0) + offset(row.group),
      }));
      const sessions = shown.map((row) => row.session ?? 0);
      const focus = focusedDomain(
        shown.map((row) => ({ value: row.meanChange, low: row.ciLow, high: row.ciHigh })),
        [0, improvementSign * mcid],
      );
      return Plot.plot({
        ...baseOptions(width, 'Change since the first session', summary),
        height: chartHeight(width),
        marginLeft: 56,
        x: { label: 'Session', ticks: sessionTicks(sessions, width), tickFormat: 'd', inset: 16 },
        y: {
          label: `Change since session 1 (${unit || 'units'})`,
          grid: true,
          nice: true,
          domain: focus?.domain,
        },
        ...groupScales(context),
        marks: [
          Plot.ruleY([0], { stroke: '#6b7280' }),
          Plot.ruleY([improvementSign * mcid], { stroke: '#6b7280', strokeDasharray: '4,4' }),
          Plot.text([improvementSign * mcid], {
            y: (value: number) => value,
            text: () => 'MCID',
            frameAnchor: 'left',
            dx: 4,
            dy: -7,
            fill: '#5b6475',
            fontSize: 11,
          }),
          Plot.lineY(series, {
            x: 'x',
            y: 'meanChange',
            stroke: 'group',
            strokeOpacity: 0.45,
            strokeWidth: 1.25,
          }),
          ...intervalMarks(data, {
            along: 'y',
            at: { x: 'x' },
            value: 'meanChange',
            low: 'ciLow',
            high: 'ciHigh',
            colour: 'group',
            ruleWidth: 1.75,
            r: 3.5,
            title,
            tip: true,
            clip: true,
          }),
        ],
      });
    },
  };
}
