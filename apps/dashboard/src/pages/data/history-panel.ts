/**
 * The correction history of a client's readings (GET /api/ingest/history): each change, newest
 * first, with the value before and after (or withdrawn), the reason, who and when. Admins and
 * owners (for their clinics' clients); the API checks.
 */
import { ApiError, type ApiClient } from '../../api/api-client.js';
import type { ReadingChange } from '../../api/api-types.js';
import { el, replaceChildren, scrollingTable } from '../../layout/dom.js';
import { card } from '../../layout/card.js';

export function historyPanel(api: ApiClient): HTMLElement {
  const clientInput = el('input', { id: 'history-client-id', type: 'text', autocomplete: 'off', maxlength: '200' });
  const sessionInput = el('input', { id: 'history-session', type: 'number', min: '1', step: '1' });
  const status = el('p', { id: 'history-status', class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  const result = el('div', { class: 'history-result' });

  const show = async (): Promise<void> => {
    const clientId = clientInput.value.trim();
    if (clientId === '') {
      status.textContent = 'Enter the client’s id, as your clinic’s files name them.';
      return;
    }
    const session = sessionInput.value === '' ? undefined : Number(sessionInput.value);
    status.textContent = 'Looking up the changes…';
    try {
      const changes = await api.history(clientId, session);
      status.textContent = changes.length === 0 ? 'No reading of this client has been corrected.' : `${changes.length} change${changes.length === 1 ? '' : 's'}, newest first.`;
      replaceChildren(result, changes.length === 0 ? null : changesTable(changes));
    } catch (error) {
      replaceChildren(result);
      status.textContent = error instanceof ApiError ? error.message : 'That did not work; try again.';
    }
  };
  const form = el(
    'form',
    { class: 'form-row history-form' },
    el('label', { for: 'history-client-id' }, 'Client id'),
    clientInput,
    el('label', { for: 'history-session' }, 'Session (optional)'),
    sessionInput,
    el('button', { id: 'history-show', type: 'submit' }, 'Show history'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void show();
  });

  return card(
    {
      id: 'history-title',
      title: 'Correction history',
      description: 'Every correction or withdrawal of a client’s stored readings: the value before, the reason, who and when.',
    },
    form,
    status,
    result,
  );
}

function changesTable(changes: readonly ReadingChange[]): HTMLElement {
  const value = (reading: { rawValue: number; rawUnit: string }): string => `${reading.rawValue} ${reading.rawUnit}`;
  return scrollingTable(
    'Correction history',
    el(
      'table',
      { class: 'data-table history-table' },
      el('caption', {}, 'Changes of stored readings, newest first'),
      el(
        'thead',
        {},
        el('tr', {}, ...['When', 'Session', 'Phase', 'Measure', 'Site', 'Before', 'After', 'Reason', 'By'].map((name) => el('th', { scope: 'col' }, name))),
      ),
      el(
        'tbody',
        {},
        ...changes.map((change) =>
          el(
            'tr',
            {},
            el('td', {}, change.correctedAt.slice(0, 16).replace('T', ' ')),
            el('td', {}, String(change.session)),
            el('td', {}, change.phase),
            el('td', {}, change.measure),
            el('td', {}, `${change.site ?? '–'}${change.trial === null ? '' : ` (trial ${change.trial})`}`),
            el('td', {}, value(change.previous)),
            el('td', {}, change.current === null ? 'withdrawn' : value(change.current)),
            el('td', {}, change.reason),
            el('td', {}, change.correctedBy),
          ),
        ),
      ),
    ),
  );
}
