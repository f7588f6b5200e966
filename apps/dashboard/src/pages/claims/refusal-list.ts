/**
 * The claims the evidence does not support, each with what is missing, in plain words first and
 * the API's own wording beneath (for whoever checks the decision). A refusal is an answer, not an
 * error: it tells marketing what not to say and what would have to change.
 */
import type { ClaimRefusal } from '../../api/api-types.js';
import { el } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
import { plainReason, refusalHeadline } from './claim-wording.js';

function refusalItem(refusal: ClaimRefusal): HTMLElement {
  return el(
    'li',
    {
      class: 'refusal',
      'data-kind': refusal.kind ?? 'controlled',
      'data-treatment': refusal.treatment ?? '',
      'data-control': refusal.control ?? '',
      'data-suppressed': String(refusal.missing.some((reason) => reason.startsWith('suppressed:'))),
    },
    el('h4', {}, refusalHeadline(refusal)),
    el(
      'ul',
      { class: 'refusal-reasons' },
      ...refusal.missing.map((missing) =>
        el(
          'li',
          {},
          el('span', { class: 'reason-plain' }, plainReason(missing)),
          el('span', { class: 'reason-detail' }, ` (Threshold’s check: ${missing})`),
        ),
      ),
    ),
  );
}

export function refusalList(refusals: readonly ClaimRefusal[]): HTMLElement {
  return card(
    {
      id: 'refusals-title',
      class: 'refusals',
      title: 'What we may not claim',
      description:
        'Results and comparisons the evidence does not support, each with what is missing. Do not publish these, or anything that implies them (“better than”, “proven”, “clinically shown”).',
    },
    el('ul', { class: 'refusal-list' }, ...refusals.map(refusalItem)),
  );
}
