/**
 * Across sessions: a CONSORT-style flow of how many clients are measured before each session, one
 * row of boxes per group joined by arrows, with the change in count on each arrow
 * (stats/attrition.ts explains why a count can also rise).
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { formatCount, formatPercent } from '../format/number-format.js';
import { attritionFlow, type AttritionStep } from '../stats/attrition.js';
import { groupLegend, labelOf, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions } from './plot-theme.js';

export function attritionFlowChart(report: OutcomesReport, context: ChartContext): ChartSpec<AttritionStep> {
  const rows = attritionFlow(report.groups);
  const groups = [...new Set(rows.map((row) => row.group))];
  const sessions = [...new Set(rows.map((row) => row.session))].sort((a, b) => a - b);
  const summary =
    rows.length === 0
      ? 'No pre-session measurements.'
      : 'Clients measured before each session: ' +
        groups
          .map((group) => {
            const own = rows.filter((row) => row.group === group);
            const first = own[0];
            const last = own[own.length - 1];
            return `${labelOf(context, group)} ${formatCount(first.n)} at session ${first.session}, ${formatCount(last.n)} (${formatPercent(last.shareOfFirst)}) at session ${last.session}`;
          })
          .join('; ') +
        '.';

  return {
    id: 'across-sessions-attrition',
    title: 'Who reaches each session',
    description:
      'Clients measured before each session, by group; the arrows give how many fewer (−) or more (+) than at the previous measured session.',
    summary,
    rows,
    legend: groupLegend(context, groups),
    notes: [
      'A client can skip a measurement and be measured again later, so a count can rise; the share is of the clients measured at the first session.',
    ],
    columns: [
      {
        name: 'group',
        label: 'Group',
        value: (row) => row.group,
        display: (row) => labelOf(context, row.group),
      },
      { name: 'session', label: 'Session', value: (row) => row.session, numeric: true },
      { name: 'n', label: 'n measured', value: (row) => row.n, numeric: true },
      {
        name: 'fewer_than_previous',
        label: 'Fewer than previous',
        value: (row) => row.fewerThanPrevious,
        numeric: true,
      },
      {
        name: 'share_of_first',
        label: 'Share of first',
        value: (row) => row.shareOfFirst,
        display: (row) => formatPercent(row.shareOfFirst),
        numeric: true,
      },
    ],
    render(width) {
      const position = new Map(sessions.map((session, index) => [session, index]));
      const half = 0.36;
      const boxes = rows.map((row) => ({
        ...row,
        label: labelOf(context, row.group),
        x: position.get(row.session) ?? 0,
      }));
      const arrows = boxes.flatMap((box, index) => {
        const next = boxes[index + 1];
        return next !== undefined && next.group === box.group
          ? [{ ...next, from: box.x + half, to: next.x - half, mid: (box.x + next.x) / 2 }]
          : [];
      });
      const narrow = (width - 150) / Math.max(1, sessions.length) < 80;
      return Plot.plot({
        ...baseOptions(width, 'Who reaches each session', summary),
        height: 56 + 64 * Math.max(1, groups.length),
        marginLeft: width < 520 ? 100 : 150,
        marginRight: 12,
        x: {
          domain: [-0.5, sessions.length - 0.5],
          ticks: sessions.map((_, index) => index),
          tickFormat: (index: number) => `${sessions[index]}`,
          label: 'Session',
          tickSize: 0,
        },
        y: { domain: groups.map((group) => labelOf(context, group)), label: null, padding: 0.3 },
        marks: [
          Plot.barX(boxes, {
            y: 'label',
            x1: (box: { x: number }) => box.x - half,
            x2: (box: { x: number }) => box.x + half,
            fill: '#ffffff',
            stroke: (box: AttritionStep) => context.colours.colourOf(box.group),
            strokeWidth: 1.5,
            rx: 4,
          }),
          Plot.text(boxes, {
            y: 'label',
            x: 'x',
            text: (box: AttritionStep) => formatCount(box.n),
            fontWeight: 600,
            fontSize: narrow ? 10 : 13,
            fill: '#1d2433',
            title: (box: AttritionStep) =>
              `${labelOf(context, box.group)} · session ${box.session}\n${formatCount(box.n)} clients measured (${formatPercent(box.shareOfFirst)} of the first)`,
          }),
          Plot.arrow(arrows, {
            y1: 'label',
            y2: 'label',
            x1: 'from',
            x2: 'to',
            stroke: '#9aa1ad',
            headLength: 5,
            strokeWidth: 1,
          }),
          narrow
            ? null
            : Plot.text(
                arrows.filter((arrow) => arrow.fewerThanPrevious !== null && arrow.fewerThanPrevious !== 0),
                {
                  y: 'label',
                  x: 'mid',
                  dy: -12,
                  fontSize: 10,
                  fill: '#5b6475',
                  text: (arrow: AttritionStep) =>
                    arrow.fewerThanPrevious! > 0
                      ? `−${arrow.fewerThanPrevious}`
                      : `+${-arrow.fewerThanPrevious!}`,
                },
              ),
        ],
      });
    },
  };
}
