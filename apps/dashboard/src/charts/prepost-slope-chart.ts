/**
 * Within a session: the mean before and the mean after each session, joined by a line per group
 * (a slope chart, one small panel per session). It shows the level the change starts from; the
 * paired immediate effect (immediate-effect-chart.ts) is the estimate to quote.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { decimalsForInterval, formatEstimate, formatN, formatNumber } from '../format/number-format.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions, chartHeight } from './plot-theme.js';

export interface PrePostRow {
  group: string;
  session: number;
  phase: 'pre' | 'post';
  n: number;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/** Sessions where a group has both a pre and a post mean. */
export function prePostRows(report: OutcomesReport): PrePostRow[] {
  const rows: PrePostRow[] = [];
  for (const group of report.groups) {
    const bySession = new Map<number, { pre?: PrePostRow; post?: PrePostRow }>();
    for (const row of group.sessions) {
      if (row.mean === null || row.n === 0) continue;
      const entry = bySession.get(row.session) ?? {};
      entry[row.phase] = {
        group: group.name,
        session: row.session,
        phase: row.phase,
        n: row.n,
        mean: row.mean,
        ciLow: row.ciLow,
        ciHigh: row.ciHigh,
      };
      bySession.set(row.session, entry);
    }
    for (const [, entry] of [...bySession].sort(([a], [b]) => a - b)) {
      if (entry.pre !== undefined && entry.post !== undefined) rows.push(entry.pre, entry.post);
    }
  }
  return rows;
}

export function prePostSlopeChart(report: OutcomesReport, context: ChartContext): ChartSpec<PrePostRow> {
  const rows = prePostRows(report);
  const groups = [...new Set(rows.map((row) => row.group))];
  const sessions = [...new Set(rows.map((row) => row.session))].sort((a, b) => a - b);
  const unit = context.measure.unit;
  const summary =
    rows.length === 0
      ? 'No session has both pre and post measurements.'
      : `Mean ${measureWithUnit(context)} before and after sessions ${sessions.join(', ')}, by group. ` +
        groups
          .map((group) => {
            const own = rows.filter((row) => row.group === group);
            const [pre, post] = own;
            return `${labelOf(context, group)}, session ${pre.session}: ${formatNumber(pre.mean, 1)} before (${formatN(pre.n)}), ${formatNumber(post.mean, 1)} after (${formatN(post.n)}).`;
          })
          .join(' ');
  const title = (row: PrePostRow): string =>
    `${labelOf(context, row.group)} · session ${row.session} · ${row.phase === 'pre' ? 'before' : 'after'}\nmean ${formatEstimate({ value: row.mean, ciLow: row.ciLow, ciHigh: row.ciHigh }, unit)}\n${formatN(row.n)}`;

  return {
    id: 'within-session-pre-post',
    title: 'Before and after each session',
    description: `Mean ${measureWithUnit(context)} before and after the treatment, one panel per session (in each panel: left before, right after).`,
    summary,
    rows,
    legend: groupLegend(context, groups),
    notes: [
      'Before and after means may be over different clients (not everyone is measured after the treatment); the immediate effect below uses only clients measured both times.',
    ],
    columns: [
      {
        name: 'group',
        label: 'Group',
        value: (row) => row.group,
        display: (row) => labelOf(context, row.group),
      },
      { name: 'session', label: 'Session', value: (row) => row.session, numeric: true },
      { name: 'phase', label: 'Phase', value: (row) => row.phase },
      { name: 'n', label: 'n', value: (row) => row.n, numeric: true },
      {
        name: 'mean',
        label: `Mean${unit ? ` (${unit})` : ''}`,
        value: (row) => row.mean,
        display: (row) => formatNumber(row.mean, decimalsForInterval(row.ciLow, row.ciHigh)),
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
    ],
    render(width) {
      const data = rows.map((row) => ({ ...row, phaseLabel: row.phase }));
      const showPhases = width / Math.max(1, sessions.length) >= 64;
      return Plot.plot({
        ...baseOptions(width, 'Before and after each session', summary),
        height: chartHeight(width, 0.42, 240, 360),
        marginLeft: 56,
        marginTop: 44,
        marginBottom: 30,
        fx: { label: 'Session', domain: sessions, padding: 0.12, axis: 'top' },
        x: {
          domain: ['pre', 'post'],
          label: null,
          inset: 10,
          tickSize: 0,
          axis: showPhases ? 'bottom' : null,
        },
        y: { label: `${measureWithUnit(context)}`, grid: true, nice: true },
        color: { domain: context.colours.domain, range: context.colours.range },
        symbol: { domain: context.colours.domain, range: context.colours.symbols },
        marks: [
          Plot.frame({ stroke: '#e3e6ec' }),
          Plot.line(data, {
            fx: 'session',
            x: 'phaseLabel',
            y: 'mean',
            z: 'group',
            stroke: 'group',
            strokeWidth: 2,
          }),
          Plot.dot(data, {
            fx: 'session',
            x: 'phaseLabel',
            y: 'mean',
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
