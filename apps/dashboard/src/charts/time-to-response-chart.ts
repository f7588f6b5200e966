/**
 * Course of treatment: the cumulative share of clients who reached a meaningful change (the MCID
 * since session 1), by the number of sessions of treatment they had had, per group: the
 * Kaplan-Meier curve of report.groups[].timeToResponse as 1 - S(t), a step curve with its 95%
 * band (R's log-log interval), a mark where clients were censored (last seen without having
 * responded), and the number still followed under the chart's table. Censoring is what makes this
 * honest: a client who stopped coming after two sessions counts for those two sessions, neither as a
 * failure nor as lost.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { formatN, formatNumber, formatPercent } from '../format/number-format.js';
import { isTooFew, TOO_FEW_TEXT } from '../format/small-numbers.js';
import type { DataColumn } from './chart-spec.js';
import type { ChartSpec } from './chart-spec.js';
import { groupColumn } from './chart-columns.js';
import { groupLegend, labelOf, type ChartContext } from './chart-context.js';
import { groupScales } from './interval-marks.js';
import { baseOptions, chartHeight } from './plot-theme.js';

/** One step of one group's curve: after t sessions of treatment. */
export interface ResponseRow {
  group: string;
  t: number;
  nRisk: number;
  nEvent: number;
  nCensor: number;
  responded: number;
  ciLow: number | null;
  ciHigh: number | null;
}

export function responseRows(report: OutcomesReport): ResponseRow[] {
  return report.groups.flatMap((group) =>
    (group.timeToResponse?.steps ?? []).map((step) => ({ group: group.name, ...step })),
  );
}

/** Whole numbers of sessions for the axis and the at-risk row, thinned on narrow charts. */
function atRiskTicks(maxT: number, width: number): number[] {
  const step = Math.max(1, Math.ceil(maxT / Math.max(4, Math.floor(width / 56))));
  const ticks: number[] = [];
  for (let t = 0; t <= maxT; t += step) ticks.push(t);
  return ticks;
}

/** Clients of a group still followed after t sessions: those whose event or censoring came at t or later. */
export function stillFollowed(rows: readonly ResponseRow[], group: string, t: number): number {
  return rows
    .filter((row) => row.group === group && row.t >= t)
    .reduce((sum, row) => sum + row.nEvent + row.nCensor, 0);
}

/** "half of clients reached a meaningful change after 4 sessions (95% CI 3 to 6)" for one group. */
export function medianWords(
  median: number | null,
  ciLow: number | null,
  ciHigh: number | null,
): string {
  if (median === null) return 'fewer than half reached a meaningful change while followed';
  const interval =
    ciLow === null && ciHigh === null
      ? ''
      : ` (95% CI ${ciLow === null ? '–' : formatNumber(ciLow, 0)} to ${ciHigh === null ? 'not reached' : formatNumber(ciHigh, 0)})`;
  return `half reached a meaningful change after ${formatNumber(median, 0)} session${median === 1 ? '' : 's'}${interval}`;
}

export function timeToResponseChart(report: OutcomesReport, context: ChartContext): ChartSpec<ResponseRow> {
  const rows = responseRows(report);
  const groups = report.groups.filter((group) => (group.timeToResponse?.steps.length ?? 0) > 0).map((g) => g.name);
  const unit = context.measure.unit;
  const summary =
    groups.length === 0
      ? 'No client has a session-1 value and a later one: nothing to follow yet.'
      : `Share of clients who had improved by at least ${formatNumber(report.mcid, 1)} ${unit} since session 1, by the sessions they had had. ` +
        report.groups
          .filter((group) => group.timeToResponse !== null)
          .map((group) => {
            const curve = group.timeToResponse!;
            const tooFew = isTooFew(curve.n) ? `, ${TOO_FEW_TEXT}` : '';
            return `${labelOf(context, group.name)}: ${medianWords(curve.medianSessions, curve.ciLow, curve.ciHigh)} (${formatN(curve.n)}, ${curve.events} responded)${tooFew}.`;
          })
          .join(' ');
  const columns: DataColumn<ResponseRow>[] = [
    groupColumn(context),
    { name: 'sessions', label: 'Sessions had', value: (row) => row.t, numeric: true },
    { name: 'n_risk', label: 'Still followed', value: (row) => row.nRisk, numeric: true },
    { name: 'n_event', label: 'Responded here', value: (row) => row.nEvent, numeric: true },
    { name: 'n_censor', label: 'Last seen here', value: (row) => row.nCensor, numeric: true },
    {
      name: 'responded',
      label: 'Share responded',
      value: (row) => row.responded,
      display: (row) => formatPercent(row.responded, 0),
      numeric: true,
    },
    {
      name: 'ci_low',
      label: 'CI low',
      value: (row) => row.ciLow,
      display: (row) => formatPercent(row.ciLow, 0),
      numeric: true,
    },
    {
      name: 'ci_high',
      label: 'CI high',
      value: (row) => row.ciHigh,
      display: (row) => formatPercent(row.ciHigh, 0),
      numeric: true,
    },
  ];
  return {
    id: 'course-time-to-response',
    title: 'How many sessions until a meaningful change?',
    description: `Cumulative share of clients whose ${context.measure.label.toLowerCase()} had improved by the MCID since session 1, by sessions of treatment had (Kaplan-Meier, 95% CI).`,
    summary,
    rows,
    columns,
    legend: [
      ...groupLegend(context, groups),
      { label: '95% CI', colour: '#5b6475', band: true },
      { label: 'last seen without a change (censored)', colour: '#5b6475', symbol: 'plus' },
    ],
    notes: [
      'A client who stopped coming before reaching the change is counted for the sessions they had, then no longer (censored): the curve is not the share of everyone who started.',
      'The table has the number still followed at each step; where few are followed, the band is wide.',
    ],
    render(width) {
      // Each curve starts at 0 before any session: nobody has responded before treatment.
      const starts = groups.map((group) => ({ group, t: 0, responded: 0, ciLow: 0, ciHigh: 0 }));
      const series = [...starts, ...rows].sort((a, b) => a.group.localeCompare(b.group) || a.t - b.t);
      const banded = series.filter((row) => row.ciLow !== null && row.ciHigh !== null);
      const censored = rows.filter((row) => row.nCensor > 0);
      const maxT = Math.max(1, ...rows.map((row) => row.t));
      const ticks = atRiskTicks(maxT, width);
      // The number still followed under the axis, a row per group (as a Kaplan-Meier plot has it).
      const atRisk = groups.map((group, index) => ({
        index,
        rows: ticks.map((t) => ({ group, t, n: stillFollowed(rows, group, t) })),
      }));
      return Plot.plot({
        ...baseOptions(width, 'How many sessions until a meaningful change?', summary),
        height: chartHeight(width) + 16 * groups.length,
        marginLeft: 52,
        marginBottom: 44 + 16 * groups.length,
        x: {
          label: 'Sessions of treatment had',
          domain: [0, maxT],
          ticks,
          tickFormat: 'd',
        },
        y: { label: 'Share who reached the MCID', domain: [0, 1], tickFormat: '.0%', grid: true },
        ...groupScales(context),
        marks: [
          Plot.ruleY([0.5], { stroke: '#9aa1ad', strokeDasharray: '4,4' }),
          Plot.areaY(banded, {
            x: 't',
            y1: 'ciLow',
            y2: 'ciHigh',
            z: 'group',
            fill: 'group',
            fillOpacity: 0.12,
            curve: 'step-after',
          }),
          Plot.lineY(series, { x: 't', y: 'responded', z: 'group', stroke: 'group', strokeWidth: 2, curve: 'step-after' }),
          Plot.dot(censored, { x: 't', y: 'responded', stroke: 'group', symbol: 'plus', r: 4 }),
          ...atRisk.map(({ index, rows: counts }) =>
            Plot.text(counts, { x: 't', y: () => 0, dy: 46 + 16 * index, text: (row) => String(row.n), fill: 'group', fontSize: 11 }),
          ),
          Plot.text(['still followed:'], { frameAnchor: 'bottom-left', dx: -48, dy: 34, fill: '#5b6475', fontSize: 11, textAnchor: 'start' }),
          Plot.dot(rows, {
            x: 't',
            y: 'responded',
            fill: 'group',
            r: 2.5,
            title: (row: ResponseRow) =>
              `${labelOf(context, row.group)} · after ${row.t} session${row.t === 1 ? '' : 's'}\n${formatPercent(row.responded, 0)} responded (95% CI ${formatPercent(row.ciLow, 0)} to ${formatPercent(row.ciHigh, 0)})\n${row.nRisk} still followed`,
            tip: true,
          }),
        ],
      });
    },
  };
}
