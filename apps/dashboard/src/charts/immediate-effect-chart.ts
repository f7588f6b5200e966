/**
 * Within a session: the immediate effect, i.e. the mean of (post - pre) over clients measured
 * both before and after that session, with its 95% CI (report.groups[].withinSession, a paired t
 * interval). Groups side by side within each session; zero is drawn, and the MCID when known.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport, WithinSessionChange } from '../api/report-types.js';
import { formatEstimate, formatN, formatNumber, formatP } from '../format/number-format.js';
import { focusedDomain } from '../stats/axis-domain.js';
import { notShownText } from '../suppression/suppression.js';
import { cellColumns, numberColumn, pColumn, withheldColumns } from './chart-columns.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import { cellRows, withheldCellNotes, type CellRow } from './chart-rows.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, groupScales, intervalMarks } from './interval-marks.js';
import { baseOptions, chartHeight, CUT_INTERVALS_NOTE } from './plot-theme.js';

/** A within-session change of one group at one session (or the row of a withheld group). */
export type ImmediateEffectRow = CellRow<WithinSessionChange>;

export function immediateEffectRows(report: OutcomesReport): ImmediateEffectRow[] {
  return cellRows(report, (group) => group.withinSession);
}

export function immediateEffectChart(
  report: OutcomesReport,
  context: ChartContext,
): ChartSpec<ImmediateEffectRow> {
  const rows = immediateEffectRows(report);
  const shown = drawable(rows, (row) => row.meanChange);
  const groups = [...new Set(shown.map((row) => row.group))];
  const sessions = [...new Set(shown.map((row) => row.session ?? 0))].sort((a, b) => a - b);
  const unit = context.measure.unit;
  const notShown = notShownText(report.suppressionMinimum);
  const estimate = (row: ImmediateEffectRow): string =>
    formatEstimate({ value: row.meanChange, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit);
  const first = sessions[0];
  const summary =
    shown.length === 0
      ? 'No session has clients measured both before and after it (at least 2 are needed) that may be shown.'
      : `Change from before to after the session (after minus before) in ${measureWithUnit(context)}. At session ${first}: ` +
        rows
          .filter((row) => row.session === first)
          .map((row) =>
            row.suppressed
              ? `${labelOf(context, row.group)} ${notShown}`
              : `${labelOf(context, row.group)} ${estimate(row)}, ${formatN(row.n)}`,
          )
          .join('; ') +
        '.';
  const title = (row: ImmediateEffectRow): string =>
    `${labelOf(context, row.group)} · session ${row.session}\nchange ${estimate(row)}\n${formatN(row.n)} pairs · p = ${formatP(row.p)} · dz = ${formatNumber(row.dz, 2)}`;

  return {
    id: 'within-session-immediate-effect',
    title: 'Immediate effect of a session',
    description: `Mean change from before to after the session (paired, clients measured both times), with 95% CI.`,
    summary,
    rows,
    legend: groupLegend(context, groups, 'dot'),
    notes: [
      `Positive means the ${context.measure.label.toLowerCase()} rose during the session; for this measure ${context.measure.direction === 'lower-is-better' ? 'a fall' : 'a rise'} is an improvement.`,
      CUT_INTERVALS_NOTE,
      ...withheldCellNotes(report, rows, context),
    ],
    columns: [
      ...cellColumns<ImmediateEffectRow>(
        context,
        report,
        {
          name: 'mean_change',
          label: `Change${unit ? ` (${unit})` : ''}`,
          value: (row) => row.meanChange,
          low: (row) => row.ciLow,
          high: (row) => row.ciHigh,
        },
        'n (pairs)',
      ),
      numberColumn('sd', 'SD', (row) => row.sd, 1),
      pColumn((row) => row.p),
      numberColumn('dz', 'dz', (row) => row.dz, 2),
      ...withheldColumns<ImmediateEffectRow>(report),
    ],
    render(width) {
      const focus = focusedDomain(
        shown.map((row) => ({ value: row.meanChange, low: row.ciLow, high: row.ciHigh })),
        [0],
      );
      return Plot.plot({
        ...baseOptions(width, 'Immediate effect of a session', summary),
        height: chartHeight(width, 0.42, 260, 380),
        marginLeft: 56,
        marginBottom: 36,
        fx: { label: 'Session', domain: sessions, padding: 0.1 },
        x: { domain: groups, axis: null, paddingOuter: 0.3 },
        y: {
          label: `Change during the session (${unit || 'units'})`,
          grid: true,
          nice: true,
          domain: focus?.domain,
        },
        ...groupScales(context),
        marks: [
          Plot.ruleY([0], { stroke: '#6b7280' }),
          ...intervalMarks(shown, {
            along: 'y',
            at: { fx: 'session', x: 'group' },
            value: 'meanChange',
            low: 'ciLow',
            high: 'ciHigh',
            colour: 'group',
            ruleWidth: 2,
            r: 4,
            title,
            tip: true,
            clip: true,
          }),
        ],
      });
    },
  };
}
