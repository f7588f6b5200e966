/**
 * A client's rights, by the id the clinic uses for them (docs/privacy.md): export their stored
 * records (CSV or JSON), or erase them. Erasing asks first: a dry run shows what will go, and only
 * a second, explicit click erases. Admins and owners (for their clinics' clients); the API checks.
 */
import type { ApiClient } from '../../api/api-client.js';
import { ApiError } from '../../api/api-client.js';
import { saveBlob } from '../../export/download.js';
import { button, el } from '../../layout/dom.js';
import { card } from '../../layout/card.js';

export function clientRightsPanel(api: ApiClient, onErased: () => void): HTMLElement {
  const input = el('input', { id: 'rights-client-id', type: 'text', autocomplete: 'off', maxlength: '200', required: '' });
  const status = el('p', { class: 'progress-text rights-status', role: 'status', 'aria-live': 'polite' });
  const confirmation = el('div', { class: 'rights-confirmation' });
  const clientId = (): string | null => {
    const value = input.value.trim();
    if (value === '') status.textContent = 'Enter the client’s id, as your clinic’s files name them.';
    return value === '' ? null : value;
  };
  const failed = (error: unknown): void => {
    status.textContent = error instanceof ApiError ? error.message : 'That did not work; try again.';
  };

  const exportRecords = async (format: 'csv' | 'json'): Promise<void> => {
    const id = clientId();
    if (id === null) return;
    confirmation.replaceChildren();
    status.textContent = 'Preparing the client’s records…';
    try {
      const blob = await api.clientRecords(id, format);
      const filename = `client-records.${format}`;
      saveBlob(blob, filename);
      status.textContent = `Saved ${filename}: every stored record of this client.`;
    } catch (error) {
      failed(error);
    }
  };

  const askToErase = async (): Promise<void> => {
    const id = clientId();
    if (id === null) return;
    status.textContent = '';
    try {
      const due = await api.eraseClient(id, true);
      confirmation.replaceChildren(
        el(
          'p',
          { class: 'rights-warning' },
          `Erasing this client deletes ${due.readings} readings in ${due.sessions} sessions, for good. ` +
            'Reports and counts will be recomputed without them. An old file naming them will be refused unless you confirm it.',
        ),
        el(
          'div',
          { class: 'form-row' },
          button('Erase for good', () => void erase(id), { class: 'danger', id: 'rights-erase-confirm' }),
          button('Cancel', () => confirmation.replaceChildren(), { id: 'rights-erase-cancel' }),
        ),
      );
    } catch (error) {
      confirmation.replaceChildren();
      failed(error);
    }
  };

  const erase = async (id: string): Promise<void> => {
    confirmation.replaceChildren();
    try {
      const erased = await api.eraseClient(id, false);
      input.value = '';
      status.textContent = `Erased: ${erased.readings} readings and ${erased.sessions} sessions are gone.`;
      onErased();
    } catch (error) {
      failed(error);
    }
  };

  return card(
    {
      id: 'rights-title',
      title: 'A client’s records',
      description: 'Export everything stored about one client, or erase them at their request. The id is hashed by the server, never stored.',
    },
    el('label', { for: 'rights-client-id' }, 'Client id'),
    el(
      'div',
      { class: 'form-row' },
      input,
      button('Export records (CSV)', () => void exportRecords('csv'), { id: 'rights-export-csv' }),
      button('Export records (JSON)', () => void exportRecords('json'), { id: 'rights-export-json' }),
      button('Erase a client…', () => void askToErase(), { id: 'rights-erase' }),
    ),
    confirmation,
    status,
  );
}
