/**
 * The overview's primary chart: how much each group's clients changed since their own first
 * session (report.groups[].cumulative: the mean of pre_k - pre_1 over the clients measured at both,
 * with its 95% CI), one panel per group on a shared axis. It is the estimand of the headlines above
 * it, so a headline and the end of its line always agree: a mean of whoever happened to attend each
 * session (the secondary chart) can fall while every client improves, when those who stay longer
 * started lower.
 *
 * Dashed, the mixed model's change since session 1 (its fitted value at k minus at 1), which uses
 * every client's whole course. Sessions with fewer than FEW_CLIENTS clients are hollow and faint:
 * they are in the table, but not to be read as a result.
 */
import * as Plot from '@observablehq/plot';
import type { CumulativeChange, OutcomesReport } from '../api/report-types.js';
import { decimalsForInterval, formatChange, formatEstimate, formatN, formatNumber, formatP } from '../format/number-format.js';
import { FEW_CLIENTS, isTooFew, TOO_FEW_TEXT } from '../format/small-numbers.js';
import { focusedDomain } from '../stats/axis-domain.js';
import { fittedLines } from '../stats/fitted-lines.js';
import { notShownText } from '../suppression/suppression.js';
import { cellColumns, numberColumn, pColumn, withheldColumns } from './chart-columns.js';
import { labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import { cellRows, withheldCellNotes, type CellRow } from './chart-rows.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, gapsAtWithheld, groupScales } from './interval-marks.js';
import { groupPanels } from './group-panels.js';
import { baseOptions, sessionTicks } from './plot-theme.js';

/** A group's change since session 1 at one session, with the model's change there. */
export type ChangeRow = CellRow<CumulativeChange> & { modelChange: number | null };

/** The model's change since session 1 of each group at each session: fitted(k) - fitted(1). */
function modelChanges(report: OutcomesReport): Map<string, number> {
  const changes = new Map<string, number>();
  for (const line of fittedLines(report)) {
    const start = line.points.find((point) => point.session === 1);
    if (start === undefined) continue;
    for (const point of line.points) changes.set(`${line.group}/${point.session}`, point.fitted - start.fitted);
  }
  return changes;
}

export function changeRows(report: OutcomesReport): ChangeRow[] {
  const model = modelChanges(report);
  return cellRows(report, (group) => group.cumulative).map((row) => ({
    ...row,
    modelChange: model.get(`${row.group}/${row.session}`) ?? null,
  }));
}

function summarize(report: OutcomesReport, rows: ChangeRow[], context: ChartContext): string {
  const unit = context.measure.unit;
  const parts = report.groups.map((group) => {
    const own = drawable(
      rows.filter((row) => row.group === group.name),
      (row) => row.meanChange,
    );
    const last = own.at(-1);
    if (last === undefined) return `${labelOf(context, group.name)}: no client measured at session 1 and later.`;
    const estimate = formatEstimate({ value: last.meanChange, ciLow: last.ciLow, ciHigh: last.ciHigh }, unit);
    return `${labelOf(context, group.name)}: ${estimate} at session ${last.session} (${formatN(last.n)})${isTooFew(last.n) ? `, ${TOO_FEW_TEXT}` : ''}.`;
  });
  const withheld = report.suppressedGroups.map(
    (group) => `${labelOf(context, group.name)}: ${notShownText(report.suppressionMinimum)}.`,
  );
  return `Change in ${measureWithUnit(context)} since each client's first session. ${[...parts, ...withheld].join(' ')}`;
}

export function changeWithinClientsChart(report: OutcomesReport, context: ChartContext): ChartSpec<ChangeRow> {
  const rows = changeRows(report);
  const groups = report.groups.map((group) => group.name);
  const unit = context.measure.unit;
  const mcid = report.mcid;
  const improvementSign = context.measure.direction === 'lower-is-better' ? -1 : 1;
  const summary = summarize(report, rows, context);
  const title = (row: ChangeRow): string =>
    `${labelOf(context, row.group)} · session ${row.session} vs 1\n` +
    `change ${formatEstimate({ value: row.meanChange, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit)}\n` +
    `${formatN(row.n)}${isTooFew(row.n) ? ` · ${TOO_FEW_TEXT}` : ''} · p = ${formatP(row.p)}` +
    (row.modelChange === null ? '' : `\nmodel: ${formatChange(row.modelChange, decimalsForInterval(row.ciLow, row.ciHigh))}`);

  return {
    id: 'overview-change',
    title: `Change since the first session, within clients`,
    description: `Mean change in ${measureWithUnit(context)} from each client's session 1 to each later session, with its 95% CI band, and the model's change (dashed), by ${context.by === 'technique' ? 'technique' : context.by}.`,
    summary,
    rows,
    legend: [
      { label: 'mean change (clients measured at session 1 and then)', colour: '#5b6475' },
      { label: '95% CI', colour: '#5b6475', band: true },
      { label: 'model (mixed model, fitted)', colour: '#5b6475', dashed: true },
      { label: `MCID (${formatNumber(mcid, 1)} ${unit})`, colour: '#9aa1ad', dashed: true },
    ],
    notes: [
      'Each point compares clients with themselves: their value before that session minus their value before session 1. Later sessions have fewer clients, so their bands are wider.',
      `Hollow, faint points rest on fewer than ${FEW_CLIENTS} clients: ${TOO_FEW_TEXT} (the table has their numbers).`,
      report.trajectory === null
        ? 'No model line: the model needs at least two sessions with values.'
        : `Dashed: the linear mixed model's change since session 1 (random ${report.trajectory.randomEffects.structure === 'intercept' ? 'intercept' : 'intercept and slope'} per client, REML), which uses every client's whole course.`,
      ...withheldCellNotes(report, rows, context),
    ],
    columns: [
      ...cellColumns<ChangeRow>(context, report, {
        name: 'mean_change',
        label: `Change since session 1${unit ? ` (${unit})` : ''}`,
        value: (row) => row.meanChange,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
      }),
      pColumn((row) => row.p),
      numberColumn('model_change', 'Model', (row) => row.modelChange, 1),
      ...withheldColumns<ChangeRow>(report),
    ],
    render(width) {
      const panels = groupPanels(groups, width);
      const place = <T extends { group: string }>(row: T) => panels.place(row);
      // Every line starts at 0 at session 1: no change from itself, by definition.
      const starts = groups.map((group) => place({ group, session: 1, meanChange: 0, ciLow: 0, ciHigh: 0 }));
      const shown = drawable(rows, (row) => row.meanChange).map((row) => place(row));
      const solid = shown.filter((row) => !isTooFew(row.n));
      const faint = shown.filter((row) => isTooFew(row.n));
      const series = [...starts, ...gapsAtWithheld(rows, (row) => row.meanChange).map((row) => place(row))].sort(
        (a, b) => a.group.localeCompare(b.group) || (a.session ?? 0) - (b.session ?? 0),
      );
      const model = groups.flatMap((group) => {
        const line = rows.filter((row) => row.group === group && row.modelChange !== null);
        return line.length === 0 ? [] : [place({ group, session: 1, modelChange: 0 }), ...line.map((row) => place(row))];
      });
      const focus = focusedDomain(
        shown.filter((row) => !isTooFew(row.n)).map((row) => ({ value: row.meanChange, low: row.ciLow, high: row.ciHigh })),
        [0, improvementSign * mcid, ...model.map((row) => row.modelChange ?? 0)],
      );
      const sessions = [1, ...shown.map((row) => row.session ?? 1)];
      return Plot.plot({
        ...baseOptions(width, 'Change since the first session, within clients', summary),
        height: panels.height(0.7, 190, 280),
        marginLeft: 56,
        marginRight: 12,
        marginTop: 32,
        ...panels.facets,
        x: { label: 'Session', ticks: sessionTicks(sessions, panels.panelWidth), tickFormat: 'd', nice: false, inset: 8 },
        y: { label: `Change since session 1 (${unit || 'units'})`, grid: true, domain: focus?.domain, nice: true },
        ...groupScales(context),
        marks: [
          Plot.frame({ stroke: '#e3e6ec' }),
          Plot.ruleY([0], { stroke: '#6b7280' }),
          Plot.ruleY([improvementSign * mcid], { stroke: '#9aa1ad', strokeDasharray: '4,4' }),
          panels.titles(context),
          Plot.areaY(series, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y1: 'ciLow',
            y2: 'ciHigh',
            fill: 'group',
            fillOpacity: 0.16,
            clip: true,
          }),
          Plot.lineY(series, { fx: 'col', fy: 'row', x: 'session', y: 'meanChange', stroke: 'group', strokeWidth: 2, clip: true }),
          Plot.lineY(model, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'modelChange',
            z: 'group',
            stroke: 'group',
            strokeWidth: 1.5,
            strokeDasharray: '6,4',
            clip: true,
          }),
          Plot.dot(solid, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'meanChange',
            fill: 'group',
            symbol: 'group',
            r: 3,
            stroke: 'white',
            strokeWidth: 0.75,
            title,
            tip: true,
          }),
          Plot.dot(faint, {
            fx: 'col',
            fy: 'row',
            x: 'session',
            y: 'meanChange',
            stroke: 'group',
            strokeOpacity: 0.5,
            fill: 'white',
            symbol: 'group',
            r: 3,
            title,
            tip: true,
            clip: true,
          }),
        ],
      });
    },
  };
}

