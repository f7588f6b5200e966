/**
 * Across sessions: a CONSORT-style flow of how many clients are measured before each session, one
 * row of boxes per group joined by arrows, with the change in count on each arrow
 * (stats/attrition.ts explains why a count can also rise).
 */
import * as Plot from '@observablehq/plot';
import type { OutcomesReport } from '../api/report-types.js';
import { formatCount, formatPercent } from '../format/number-format.js';
import { attritionFlow, type AttritionStep } from '../stats/attrition.js';
import { notShownText, sizeBandText, withheldNotes } from '../suppression/suppression.js';
import { countColumn, groupColumn, sessionColumn, withheldColumns } from './chart-columns.js';
import { groupLegend, labelOf, type ChartContext } from './chart-context.js';
import { INK } from './palette.js';
import type { ChartSpec } from './chart-spec.js';
import { baseOptions, namedRowsAxis } from './plot-theme.js';

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
            const count = (step: AttritionStep): string =>
              step.suppressed
                ? notShownText(report.suppressionMinimum).replace(': not shown', '')
                : formatCount(step.n);
            return `${labelOf(context, group)} ${count(first)} at session ${first.session}, ${count(last)}${last.shareOfFirst === null ? '' : ` (${formatPercent(last.shareOfFirst)})`} at session ${last.session}`;
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
      ...withheldNotes(report, rows.filter((row) => row.suppressed).length, (group) =>
        labelOf(context, group),
      ),
    ],
    columns: [
      groupColumn(context),
      sessionColumn(),
      countColumn((row) => row.n, 'n', 'n measured'),
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
      ...withheldColumns<AttritionStep>(report),
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
      type Box = (typeof boxes)[number];
      const boxMarks = (
        data: Box[],
        style: { dashed: boolean; text: (box: Box) => string; title: (box: Box) => string },
      ): Plot.Markish[] => [
        Plot.barX(data, {
          y: 'label',
          x1: (box: Box) => box.x - half,
          x2: (box: Box) => box.x + half,
          fill: '#ffffff',
          stroke: (box: Box) => context.colours.colourOf(box.group),
          strokeWidth: 1.5,
          ...(style.dashed ? { strokeDasharray: '3,3' } : {}),
          rx: 4,
        }),
        Plot.text(data, {
          y: 'label',
          x: 'x',
          text: style.text,
          fontWeight: style.dashed ? 400 : 600,
          fontSize: narrow ? 10 : 13,
          fill: style.dashed ? INK.muted : INK.text,
          title: style.title,
        }),
      ];
      const rowNames = namedRowsAxis(
        groups.map((group) => labelOf(context, group)),
        width,
        width < 520 ? 100 : 150,
      );
      return Plot.plot({
        ...baseOptions(width, 'Who reaches each session', summary),
        height: 56 + 64 * Math.max(1, groups.length),
        marginLeft: rowNames.marginLeft,
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
          rowNames.axis,
          // Published counts: solid boxes with the number.
          ...boxMarks(
            boxes.filter((box) => !box.suppressed),
            {
              dashed: false,
              text: (box) => formatCount(box.n),
              title: (box) =>
                `${labelOf(context, box.group)} · session ${box.session}\n${formatCount(box.n)} clients measured${box.shareOfFirst === null ? '' : ` (${formatPercent(box.shareOfFirst)} of the first)`}`,
            },
          ),
          // Withheld counts: dashed boxes saying "<11", never a number.
          ...boxMarks(
            boxes.filter((box) => box.suppressed),
            {
              dashed: true,
              text: () => `<${report.suppressionMinimum ?? '?'}`,
              title: (box) =>
                `${labelOf(context, box.group)} · session ${box.session}\n${sizeBandText(box.sizeBand)}: ${notShownText(report.suppressionMinimum)}`,
            },
          ),
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
