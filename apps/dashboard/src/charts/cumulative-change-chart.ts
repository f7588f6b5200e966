/**
 * Across sessions: the change from session 1, before each later session, for clients measured at
 * both (report.groups[].cumulative: mean of pre_k - pre_1 with its 95% CI). Groups are shifted
 * slightly left and right of each session so their intervals do not hide each other. The MCID is
 * drawn in the direction of improvement.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import {
  decimalsForInterval,
  formatChange,
  formatEstimate,
  formatN,
  formatNumber,
  formatP,
} from '../format/number-format.js';
import { focusedDomain } from '../stats/axis-domain.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions, chartHeight, sessionTicks } from './plot-theme.js';

export interface CumulativeRow {
  group: string;
  session: number;
  n: number;
  meanChange: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
}

export function cumulativeRows(report: OutcomesReport): CumulativeRow[] {
  return report.groups.flatMap((group) =>
    group.cumulative.map((row) => ({
      group: group.name,
      session: row.session,
      n: row.n,
      meanChange: row.meanChange,
      ciLow: row.ciLow,
      ciHigh: row.ciHigh,
      p: row.p,
    })),
  );
}

export function cumulativeChangeChart(
  report: OutcomesReport,
  context: ChartContext,
): ChartSpec<CumulativeRow> {
  const rows = cumulativeRows(report);
  const groups = [...new Set(rows.map((row) => row.group))];
  const unit = context.measure.unit;
  const mcid = report.mcid;
  const improvementSign = context.measure.direction === 'lower-is-better' ? -1 : 1;
  const estimate = (row: CumulativeRow): string =>
    formatEstimate({ value: row.meanChange, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit);
  const endpoint = report.endpointSession;
  const atEndpoint = rows.filter((row) => row.session === endpoint);
  const summary =
    rows.length === 0
      ? 'No client has values at session 1 and at a later session.'
      : `Change in ${measureWithUnit(context)} since session 1. At session ${endpoint}: ` +
        atEndpoint
          .map((row) => `${labelOf(context, row.group)} ${estimate(row)}, ${formatN(row.n)}`)
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
      'Intervals too wide for the axis (very few clients) are cut at its edge; the table has their full values.',
    ],
    columns: [
      {
        name: 'group',
        label: 'Group',
        value: (row) => row.group,
        display: (row) => labelOf(context, row.group),
      },
      { name: 'session', label: 'Session', value: (row) => row.session, numeric: true },
      { name: 'n', label: 'n', value: (row) => row.n, numeric: true },
      {
        name: 'mean_change',
        label: `Change${unit ? ` (${unit})` : ''}`,
        value: (row) => row.meanChange,
        display: (row) => formatChange(row.meanChange, decimalsForInterval(row.ciLow, row.ciHigh)),
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
    ],
    render(width) {
      // Shift each group by a fraction of a session so that intervals sit side by side.
      const spread = Math.min(0.5, 0.12 * groups.length);
      const offset = (group: string): number =>
        groups.length <= 1 ? 0 : -spread / 2 + (spread * groups.indexOf(group)) / (groups.length - 1);
      const data = rows
        .filter((row) => row.meanChange !== null)
        .map((row) => ({ ...row, x: row.session + offset(row.group) }));
      const sessions = rows.map((row) => row.session);
      const focus = focusedDomain(
        rows.map((row) => ({ value: row.meanChange, low: row.ciLow, high: row.ciHigh })),
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
        color: { domain: context.colours.domain, range: context.colours.range },
        symbol: { domain: context.colours.domain, range: context.colours.symbols },
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
          Plot.lineY(data, {
            x: 'x',
            y: 'meanChange',
            stroke: 'group',
            strokeOpacity: 0.45,
            strokeWidth: 1.25,
          }),
          Plot.ruleX(data, {
            x: 'x',
            y1: 'ciLow',
            y2: 'ciHigh',
            stroke: 'group',
            strokeWidth: 1.75,
            clip: true,
          }),
          Plot.dot(data, {
            x: 'x',
            y: 'meanChange',
            fill: 'group',
            symbol: 'group',
            r: 3.5,
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
