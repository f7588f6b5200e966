/**
 * The overview's one-line answers: for each group, the change from session 1 to the endpoint
 * session with its CI and n, and the responder rate. Numbers always come with n and interval.
 */
import type { OutcomesReport } from '../../api/report-types.js';
import { labelOf, type ChartContext } from '../../charts/chart-context.js';
import { el } from '../../layout/dom.js';
import {
  decimalsForInterval,
  formatChange,
  formatCount,
  formatInterval,
  formatN,
  formatRate,
} from '../../format/number-format.js';

export function headlineChanges(report: OutcomesReport, context: ChartContext): HTMLElement {
  const endpoint = report.endpointSession;
  const unit = context.measure.unit;
  const items = report.groups.map((group) => {
    const change =
      group.cumulative.find((row) => row.session === endpoint) ??
      group.cumulative[group.cumulative.length - 1];
    const swatch = el('span', { class: 'swatch swatch-dot', 'aria-hidden': 'true' });
    swatch.style.setProperty('--swatch', context.colours.colourOf(group.name));
    const digits = change === undefined ? 1 : decimalsForInterval(change.ciLow, change.ciHigh);
    return el(
      'li',
      { class: 'headline' },
      el('h3', {}, swatch, labelOf(context, group.name)),
      change === undefined
        ? el('p', { class: 'headline-value' }, 'No later session to compare with session 1.')
        : el(
            'p',
            {},
            el('span', { class: 'headline-value' }, `${formatChange(change.meanChange, digits)} ${unit}`),
            el(
              'span',
              { class: 'headline-detail' },
              ` since session 1, at session ${change.session} · ${formatInterval(change.ciLow, change.ciHigh, digits)} · ${formatN(change.n)}`,
            ),
          ),
      el(
        'p',
        { class: 'headline-detail' },
        `Responders: ${formatRate(group.responders.rate, group.responders.ciLow, group.responders.ciHigh)}, ${formatCount(group.responders.count)} of ${formatCount(group.responders.n)}`,
      ),
    );
  });
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'headline-title' },
    el(
      'header',
      { class: 'card-header' },
      el(
        'div',
        {},
        el('h2', { id: 'headline-title' }, 'Change since the first session'),
        el(
          'p',
          { class: 'card-description' },
          `Mean change in ${context.measure.label.toLowerCase()} (${context.measure.direction === 'lower-is-better' ? 'lower is better' : 'higher is better'}), and the share of clients improving by at least the MCID (${report.mcid} ${unit}).`,
        ),
      ),
    ),
    el('ul', { class: 'headlines' }, ...items),
  );
}
