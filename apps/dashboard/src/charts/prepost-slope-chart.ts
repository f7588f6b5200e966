/**
 * Within a session: the mean before and the mean after each session, joined by a line per group
 * (a slope chart, one small panel per session). It shows the level the change starts from; the
 * paired immediate effect (immediate-effect-chart.ts) is the estimate to quote.
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport, Withheld } from '../api/report-types.js';
import { formatEstimate, formatN, formatNumber } from '../format/number-format.js';
import { notShownText, withheldGroupRows } from '../suppression/suppression.js';
import {
  countColumn,
  groupColumn,
  intervalColumns,
  sessionColumn,
  withheldColumns,
} from './chart-columns.js';
import { groupLegend, labelOf, measureWithUnit, type ChartContext } from './chart-context.js';
import { withheldCellNotes } from './chart-rows.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, groupScales } from './interval-marks.js';
import { baseOptions, chartHeight } from './plot-theme.js';

export interface PrePostRow extends Withheld {
  group: string;
  /** Null for a group withheld whole. */
  session: number | null;
  phase: 'pre' | 'post' | null;
  n: number | null;
  mean: number | null;
  ciLow: number | null;
  ciHigh: number | null;
}

/**
 * Sessions where a group has both a pre and a post mean (either may be withheld: the table says
 * so, and only the published ones are drawn), then a row per group withheld whole.
 */
export function prePostRows(report: OutcomesReport): PrePostRow[] {
  const rows: PrePostRow[] = [];
  for (const group of report.groups) {
    const bySession = new Map<number, { pre?: PrePostRow; post?: PrePostRow }>();
    for (const row of group.sessions) {
      if (!row.suppressed && (row.mean === null || row.n === 0)) continue;
      const entry = bySession.get(row.session) ?? {};
      entry[row.phase] = {
        group: group.name,
        session: row.session,
        phase: row.phase,
        n: row.n,
        mean: row.mean,
        ciLow: row.ciLow,
        ciHigh: row.ciHigh,
        suppressed: row.suppressed,
        sizeBand: row.sizeBand,
      };
      bySession.set(row.session, entry);
    }
    for (const [, entry] of [...bySession].sort(([a], [b]) => a - b)) {
      if (entry.pre !== undefined && entry.post !== undefined) rows.push(entry.pre, entry.post);
    }
  }
  return [
    ...rows,
    ...withheldGroupRows<PrePostRow>(report, {
      session: null,
      phase: null,
      n: null,
      mean: null,
      ciLow: null,
      ciHigh: null,
    }),
  ];
}

/** The drawable rows whose other half (pre or post, same group and session) is drawable too. */
export function completePairs(rows: readonly PrePostRow[]): PrePostRow[] {
  const published = drawable(rows, (row) => row.mean);
  const halves = new Map<string, number>();
  const key = (row: PrePostRow): string => `${row.group}\u0000${row.session}`;
  for (const row of published) halves.set(key(row), (halves.get(key(row)) ?? 0) + 1);
  return published.filter((row) => halves.get(key(row)) === 2);
}

export function prePostSlopeChart(report: OutcomesReport, context: ChartContext): ChartSpec<PrePostRow> {
  const rows = prePostRows(report);
  const shown = completePairs(rows);
  const groups = [...new Set(shown.map((row) => row.group))];
  const sessions = [...new Set(shown.map((row) => row.session ?? 0))].sort((a, b) => a - b);
  const unit = context.measure.unit;
  const summary =
    shown.length === 0
      ? 'No session has both pre and post measurements that may be shown.'
      : `Mean ${measureWithUnit(context)} before and after sessions ${sessions.join(', ')}, by group. ` +
        groups
          .map((group) => {
            const own = shown.filter((row) => row.group === group);
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
      ...withheldCellNotes(report, rows, context),
    ],
    columns: [
      groupColumn(context),
      sessionColumn(),
      { name: 'phase', label: 'Phase', value: (row) => row.phase },
      countColumn((row) => row.n),
      ...intervalColumns<PrePostRow>({
        name: 'mean',
        label: `Mean${unit ? ` (${unit})` : ''}`,
        value: (row) => row.mean,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
        style: 'number',
        notShown: notShownText(report.suppressionMinimum),
      }),
      ...withheldColumns<PrePostRow>(report),
    ],
    render(width) {
      // Only pairs whose both halves are published are drawn (a line needs both ends).
      const data = shown.map((row) => ({ ...row, phaseLabel: row.phase }));
      const showPhases = width / Math.max(1, sessions.length) >= 64;
      return Plot.plot({
        ...baseOptions(width, 'Before and after each session', summary),
        height: chartHeight(width, 0.42, 240, 360),
        marginLeft: 56,
        marginTop: 44,
        marginBottom: 30,
        // "Session" at the right end: centred, it ran into the y axis's label on a phone.
        fx: { label: 'Session', labelAnchor: 'right', domain: sessions, padding: 0.12, axis: 'top' },
        x: {
          domain: ['pre', 'post'],
          label: null,
          inset: 10,
          tickSize: 0,
          axis: showPhases ? 'bottom' : null,
        },
        y: { label: `${measureWithUnit(context)}`, grid: true, nice: true },
        ...groupScales(context),
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
