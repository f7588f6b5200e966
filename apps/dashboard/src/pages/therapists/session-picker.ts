/**
 * Which session the therapists are compared at: the report's endpoint session by default; with
 * clinic data few clients reach it, so the picker shows how many clients each session offers.
 */
import type { OutcomesReport } from '../../api/report-types.js';
import { formatCount } from '../../format/number-format.js';
import { el } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { withOption } from '../../state/url-state.js';

export interface SessionOffer {
  session: number;
  clients: number;
  therapists: number;
}

export function sessionOffers(report: OutcomesReport): SessionOffer[] {
  const bySession = new Map<number, SessionOffer>();
  for (const group of report.groups) {
    for (const change of group.cumulative) {
      if (change.suppressed || change.n === null || change.n < 1) continue;
      const offer = bySession.get(change.session) ?? { session: change.session, clients: 0, therapists: 0 };
      offer.clients += change.n;
      offer.therapists += 1;
      bySession.set(change.session, offer);
    }
  }
  return [...bySession.values()].sort((a, b) => a.session - b.session);
}

export function sessionPicker(
  context: PageContext,
  offers: readonly SessionOffer[],
  chosen: number,
  endpoint: number | null,
): HTMLElement {
  const select = el(
    'select',
    { id: 'funnel-session' },
    ...offers.map((offer) =>
      el(
        'option',
        { value: String(offer.session), selected: offer.session === chosen },
        `Session ${offer.session}${offer.session === endpoint ? ' (endpoint)' : ''}: ${formatCount(offer.clients)} clients, ${offer.therapists} therapists`,
      ),
    ),
  );
  select.addEventListener('change', () =>
    context.navigate(
      withOption(context.view, 'session', select.value === String(endpoint) ? undefined : select.value),
    ),
  );
  return el(
    'div',
    { class: 'inline-form' },
    el('label', { for: 'funnel-session' }, 'Compare change from session 1 to'),
    select,
  );
}
