/**
 * Within a session: the immediate effect, i.e. the mean of (post - pre) over clients measured
 * both before and after that session, with its 95% CI (report.groups[].withinSession, a paired t
 * interval). Groups side by side within each session; zero is drawn, and the MCID when known.
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
import { baseOptions, chartHeight } from './plot-theme.js';

export interface ImmediateEffectRow {
  group: string;
  session: number;
  n: number;
  meanChange: number | null;
  sd: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  p: number | null;
  dz: number | null;
}

export function immediateEffectRows(report: OutcomesReport): ImmediateEffectRow[] {
  return report.groups.flatMap((group) =>
    group.withinSession.map((row) => ({
      group: group.name,
      session: row.session,
      n: row.n,
      meanChange: row.meanChange,
      sd: row.sd,
      ciLow: row.ciLow,
      ciHigh: row.ciHigh,
      p: row.p,
      dz: row.dz,
    })),
  );
}

export function immediateEffectChart(
  report: OutcomesReport,
  context: ChartContext,
): ChartSpec<ImmediateEffectRow> {
  const rows = immediateEffectRows(report);
  const groups = [...new Set(rows.map((row) => row.group))];
  const sessions = [...new Set(rows.map((row) => row.session))].sort((a, b) => a - b);
  const unit = context.measure.unit;
  const estimate = (row: ImmediateEffectRow): string =>
    formatEstimate({ value: row.meanChange, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit);
  const first = sessions[0];
  const summary =
    rows.length === 0
      ? 'No session has clients measured both before and after it (at least 2 are needed).'
      : `Change from before to after the session (after minus before) in ${measureWithUnit(context)}. At session ${first}: ` +
        rows
          .filter((row) => row.session === first)
          .map((row) => `${labelOf(context, row.group)} ${estimate(row)}, ${formatN(row.n)}`)
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
      { name: 'n', label: 'n (pairs)', value: (row) => row.n, numeric: true },
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
      {
        name: 'sd',
        label: 'SD',
        value: (row) => row.sd,
        display: (row) => formatNumber(row.sd, 1),
        numeric: true,
      },
      { name: 'p', label: 'p', value: (row) => row.p, display: (row) => formatP(row.p), numeric: true },
      {
        name: 'dz',
        label: 'dz',
        value: (row) => row.dz,
        display: (row) => formatNumber(row.dz, 2),
        numeric: true,
      },
    ],
    render(width) {
      const withCi = rows.filter((row) => row.meanChange !== null);
      const focus = focusedDomain(
        rows.map((row) => ({ value: row.meanChange, low: row.ciLow, high: row.ciHigh })),
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
        color: { domain: context.colours.domain, range: context.colours.range },
        symbol: { domain: context.colours.domain, range: context.colours.symbols },
        marks: [
          Plot.ruleY([0], { stroke: '#6b7280' }),
          Plot.ruleX(withCi, {
            fx: 'session',
            x: 'group',
            y1: 'ciLow',
            y2: 'ciHigh',
            stroke: 'group',
            strokeWidth: 2,
            clip: true,
          }),
          Plot.dot(withCi, {
            fx: 'session',
            x: 'group',
            y: 'meanChange',
            fill: 'group',
            symbol: 'group',
            r: 4,
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
