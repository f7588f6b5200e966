/**
 * Marketing's own wording, checked before it is used anywhere (POST /api/claims/wording): a text
 * with a forbidden word (cure, proven, guaranteed, best, better than, …) is refused with each word
 * named and the advertising rule it stands for (docs/claims.md).
 */
import { ApiError, type ApiClient } from '../../api/api-client.js';
import { card } from '../../layout/card.js';
import { button, el } from '../../layout/dom.js';

export function wordingCheck(api: ApiClient): HTMLElement {
  const text = el('textarea', { id: 'wording-text', name: 'wording', rows: 3, class: 'wording-text' });
  const result = el('p', { class: 'wording-result', role: 'status', 'aria-live': 'polite' });
  const check = button(
    'Check the wording',
    () => {
      result.textContent = 'Checking…';
      result.dataset.allowed = '';
      api
        .checkWording(text.value)
        .then(() => {
          result.dataset.allowed = 'true';
          result.textContent =
            'No forbidden word. The claim itself must still rest on the evidence above, with its limits.';
        })
        .catch((error: unknown) => {
          result.dataset.allowed = 'false';
          result.textContent =
            error instanceof ApiError
              ? `Refused: ${error.message}.`
              : 'Could not check the wording; try again.';
        });
    },
    { class: 'quiet', 'data-action': 'check-wording' },
  );
  return card(
    {
      id: 'wording-title',
      class: 'wording-check',
      title: 'Check your own wording',
      description:
        'Before a text about results goes out (a post, a leaflet), check it for words the advertising rules forbid in health claims.',
    },
    el('label', { for: 'wording-text', class: 'filter-label' }, 'Text'),
    text,
    el('div', { class: 'form-row' }, check),
    result,
  );
}
