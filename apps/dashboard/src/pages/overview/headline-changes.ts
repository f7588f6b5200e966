/**
 * The overview's one-line answers: for each group, the change from session 1 to the endpoint
 * session with its CI and n, and the responder rate. Numbers always come with n and interval.
 */
import type { OutcomesReport } from '../../api/report-types.js';
import { labelOf, type ChartContext } from '../../charts/chart-context.js';
import { el } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
import {
  decimalsForInterval,
  formatChange,
  formatCount,
  formatInterval,
  formatN,
  formatRate,
} from '../../format/number-format.js';
import { isTooFew, missingIntervalReason, TOO_FEW_TEXT } from '../../format/small-numbers.js';
import { notShownText, sizeBandText } from '../../suppression/suppression.js';

export function headlineChanges(report: OutcomesReport, context: ChartContext): HTMLElement {
  const endpoint = report.endpointSession;
  const unit = context.measure.unit;
  const notShown = notShownText(report.suppressionMinimum);
  const items = report.groups.map((group) => {
    const change =
      group.cumulative.find((row) => row.session === endpoint) ??
      group.cumulative[group.cumulative.length - 1];
    const swatch = el('span', { class: 'swatch swatch-dot', 'aria-hidden': 'true' });
    swatch.style.setProperty('--swatch', context.colours.colourOf(group.name));
    const digits = change === undefined ? 1 : decimalsForInterval(change.ciLow, change.ciHigh);
    const responders = group.responders;
    return el(
      'li',
      { class: 'headline', 'data-group': group.name },
      el('h3', {}, swatch, labelOf(context, group.name)),
      change === undefined
        ? el('p', { class: 'headline-muted' }, 'No later session to compare with session 1.')
        : change.suppressed
          ? el(
              'p',
              { class: 'withheld-value' },
              `Change since session 1, at session ${change.session}: ${notShown}.`,
            )
          : isTooFew(change.n)
            ? // Small numbers look small: no big number from 1 to 4 clients (the chart's table has it).
              el(
                'p',
                { class: 'headline-muted', 'data-too-few': 'true' },
                `At session ${change.session}: ${TOO_FEW_TEXT} (${formatN(change.n)}).`,
              )
            : el(
                'p',
                { 'data-change': String(change.meanChange) },
                el('span', { class: 'headline-value' }, `${formatChange(change.meanChange, digits)} ${unit}`),
                el(
                  'span',
                  { class: 'headline-detail' },
                  ` since session 1, at session ${change.session} · ${
                    change.ciLow === null || change.ciHigh === null
                      ? missingIntervalReason(change.n, change.sd)
                      : formatInterval(change.ciLow, change.ciHigh, digits)
                  } · ${formatN(change.n)}`,
                ),
              ),
      el(
        'p',
        { class: 'headline-detail' },
        responders.suppressed
          ? `Responders: ${notShown}.`
          : isTooFew(responders.n)
            ? `Responders: ${TOO_FEW_TEXT} (${formatN(responders.n)}).`
            : `Responders: ${formatRate(responders.rate, responders.ciLow, responders.ciHigh)}, ${formatCount(responders.count)} of ${formatCount(responders.n)}`,
      ),
    );
  });
  // Groups withheld whole are named, with their size band, so that no one wonders where they went.
  const withheld = report.suppressedGroups.map((group) =>
    el(
      'li',
      { class: 'headline headline-withheld', 'data-withheld': group.name },
      el('h3', {}, labelOf(context, group.name)),
      el('p', { class: 'withheld-value' }, `${sizeBandText(group.sizeBand)}: ${notShown}.`),
    ),
  );
  return card(
    {
      id: 'headline-title',
      title: 'Change since the first session, by technique',
      description: `The last point of each line in the chart below: mean change in ${context.measure.label.toLowerCase()} (${context.measure.direction === 'lower-is-better' ? 'lower is better' : 'higher is better'}), and the share of clients improving by at least the MCID (${report.mcid} ${unit}).`,
    },
    el('ul', { class: 'headlines' }, ...items, ...withheld),
  );
}
