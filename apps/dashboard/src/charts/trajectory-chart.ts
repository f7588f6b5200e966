/**
 * Overview: the measure before each session, by group: the observed means with their 95% CI
 * bands (report.groups[].sessions, phase pre) and, dashed, the mixed model's fitted line for each
 * group (stats/fitted-lines.ts). The observed means answer "what did we see"; the fitted lines use
 * every client's whole course, so they are less swayed by who happened to be measured when.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport, SessionSummary } from '../api/report-types.js';
import { decimalsForInterval, formatEstimate, formatN, formatNumber } from '../format/number-format.js';
import { focusedDomain } from '../stats/axis-domain.js';
import { fittedLines } from '../stats/fitted-lines.js';
import { notShownText } from '../suppression/suppression.js';
import { cellColumns, numberColumn, withheldColumns } from './chart-columns.js';
import { labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import { cellRows, withheldCellNotes, type CellRow } from './chart-rows.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, gapsAtWithheld, groupScales } from './interval-marks.js';
import { groupPanels } from './group-panels.js';
import { baseOptions, sessionTicks } from './plot-theme.js';

/** The mean before one session of one group, with the model's value there (or a withheld group's row). */
export type TrajectoryRow = CellRow<SessionSummary> & { fitted: number | null };

export function trajectoryRows(report: OutcomesReport): TrajectoryRow[] {
  const fitted = new Map<string, number>();
  for (const line of fittedLines(report))
    for (const point of line.points) fitted.set(`${point.group}/${point.session}`, point.fitted);
  return cellRows(report, (group) => group.sessions.filter((cell) => cell.phase === 'pre')).map((row) => ({
    ...row,
    fitted: fitted.get(`${row.group}/${row.session}`) ?? null,
  }));
}

function summarize(report: OutcomesReport, rows: TrajectoryRow[], context: ChartContext): string {
  const parts = report.groups.map((group) => {
    const own = drawable(
      rows.filter((row) => row.group === group.name),
      (row) => row.mean,
    );
    if (own.length === 0) return `${labelOf(context, group.name)}: no pre-session values that may be shown.`;
    const first = own[0];
    const last = own[own.length - 1];
    const digits = decimalsForInterval(first.ciLow, first.ciHigh);
    return own.length === 1
      ? `${labelOf(context, group.name)}: mean ${formatNumber(first.mean, digits)} at session ${first.session} (${formatN(first.n)}).`
      : `${labelOf(context, group.name)}: mean ${formatNumber(first.mean, digits)} at session ${first.session} (${formatN(first.n)}), ${formatNumber(last.mean, digits)} at session ${last.session} (${formatN(last.n)}).`;
  });
  const withheld = report.suppressedGroups.map(
    (group) => `${labelOf(context, group.name)}: ${notShownText(report.suppressionMinimum)}.`,
  );
  return `${measureWithUnit(context)} before each session. ${[...parts, ...withheld].join(' ')}`;
}

export function trajectoryChart(report: OutcomesReport, context: ChartContext): ChartSpec<TrajectoryRow> {
  const rows = trajectoryRows(report);
  const lines = fittedLines(report);
  const groups = report.groups.map((group) => group.name);
  const unit = context.measure.unit;
  const summary = summarize(report, rows, context);
  const title = (row: TrajectoryRow): string =>
    `${labelOf(context, row.group)} · session ${row.session}\nmean ${formatEstimate({ value: row.mean, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit)}\n${formatN(row.n)}${row.fitted === null ? '' : `\nmodel: ${formatNumber(row.fitted, decimalsForInterval(row.ciLow, row.ciHigh))}`}`;
  const modelNote =
    report.trajectory === null
      ? 'No fitted lines: the model needs at least two sessions with values.'
      : `Dashed: the linear mixed model (random ${report.trajectory.randomEffects.structure === 'intercept' ? 'intercept' : 'intercept and slope'} per client, REML), fitted to ${formatNumber(report.trajectory.nObs, 0)} values of ${formatNumber(report.trajectory.nClients, 0)} clients${report.trajectory.converged === false ? '; the fit did not converge, read it with care' : ''}${report.trajectory.singular ? '; a variance is at its boundary (singular fit)' : ''}.`;

  return {
    id: 'overview-trajectory',
    title: `Secondary: mean before each session, of whoever attended`,
    description: `The mean of the clients measured before each session (a different mix at every session, so not change within clients), with its 95% CI band, and the model's fitted line, by ${context.by === 'technique' ? 'technique' : context.by}.`,
    summary,
    rows,
    legend: [
      { label: 'observed mean', colour: '#5b6475' },
      { label: '95% CI', colour: '#5b6475', band: true },
      { label: 'model (fitted)', colour: '#5b6475', dashed: true },
      { label: 'other groups’ model lines', colour: '#c9ced8' },
    ],
    notes: [
      modelNote,
      'Bands too wide for the axis (sessions with very few clients) are cut at its edge; the table has their full values.',
      'Each session’s mean is over the clients measured before that session, so the mix of clients can change from session to session.',
      ...withheldCellNotes(report, rows, context),
    ],
    columns: [
      ...cellColumns<TrajectoryRow>(context, report, {
        name: 'mean',
        label: `Mean${unit ? ` (${unit})` : ''}`,
        value: (row) => row.mean,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
        style: 'number',
      }),
      numberColumn('sd', 'SD', (row) => row.sd, 1),
      numberColumn('fitted', 'Model', (row) => row.fitted, 1),
      ...withheldColumns<TrajectoryRow>(report),
    ],
    render(width) {
      // Small multiples, one panel per group, on a shared axis: four overlapping bands are
      // unreadable. Each panel also shows the other groups' fitted lines in grey, for comparison.
      const panels = groupPanels(groups, width);
      const place = <T extends { group: string }>(row: T, panel = row.group) => panels.place(row, panel);
      const withMean = drawable(rows, (row) => row.mean).map((row) => place(row));
      // Lines and bands stop at a withheld session (its mean is null: a gap) rather than joining
      // its neighbours across it, which would suggest a value where none is published.
      const series = gapsAtWithheld(rows, (row) => row.mean).map((row) => place(row));
      const fitted = lines.flatMap((line) => line.points.map((point) => place(point)));
      const othersFitted = groups.flatMap((panel) =>
        lines
          .filter((line) => line.group !== panel)
          .flatMap((line) => line.points.map((point) => place(point, panel))),
      );
      const focus = focusedDomain(
        withMean.map((row) => ({ value: row.mean, low: row.ciLow, high: row.ciHigh })),
        fitted.map((point) => point.fitted),
      );
      const sessions = withMean.map((row) => row.session ?? 0);
      return Plot.plot({
        ...baseOptions(width, `${context.measure.label} across sessions`, summary),
        height: panels.height(0.75, 200, 300),
        marginLeft: 56,
        marginRight: 12,
        marginTop: 32,
        ...panels.facets,
        x: {
          label: 'Session',
          ticks: sessionTicks(sessions, panels.panelWidth),
          tickFormat: 'd',
          nice: false,
          inset: 8,
        },
        y: {
          label: `${measureWithUnit(context)}, before the session`,
          grid: true,
          domain: focus?.domain,
          nice: true,
        },
        ...groupScales(context),
        marks: [
          Plot.frame({ stroke: '#e3e6ec' }),
          panels.titles(context),
          Plot.lineY(othersFitted, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'fitted',
            z: 'group',
            stroke: '#c9ced8',
            strokeWidth: 1.25,
            clip: true,
          }),
          Plot.areaY(series, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y1: 'ciLow',
            y2: 'ciHigh',
            fill: 'group',
            fillOpacity: 0.16,
            curve: 'linear',
            clip: true,
          }),
          Plot.lineY(series, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'mean',
            stroke: 'group',
            strokeWidth: 2,
            curve: 'linear',
            clip: true,
          }),
          Plot.lineY(fitted, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'fitted',
            stroke: 'group',
            strokeWidth: 1.75,
            strokeDasharray: '6,4',
            clip: true,
          }),
          Plot.dot(withMean, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'mean',
            fill: 'group',
            symbol: 'group',
            r: 3,
            stroke: 'white',
            strokeWidth: 0.75,
            title,
            tip: true,
          }),
        ],
      });
    },
  };
}
