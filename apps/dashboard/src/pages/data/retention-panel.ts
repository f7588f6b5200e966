/**
 * A clinic's retention period (docs/privacy.md): how many years its sessions are kept before the
 * daily run erases them, with what that run would erase today (the API's dry run), shown before
 * and after every change. None by default.
 */
import type { ApiClient } from '../../api/api-client.js';
import { ApiError } from '../../api/api-client.js';
import type { Option, Retention } from '../../api/api-types.js';
import { button, el } from '../../layout/dom.js';
import { card } from '../../layout/card.js';

export function retentionPanel(api: ApiClient, clinics: readonly Option[]): HTMLElement {
  const select = el('select', { id: 'retention-clinic' }, ...clinics.map((clinic) => el('option', { value: clinic.value }, clinic.label)));
  const years = el('input', { id: 'retention-years', type: 'number', min: '1', max: '100', step: '1', placeholder: 'kept' });
  const dryRun = el('p', { class: 'retention-dry-run', role: 'status', 'aria-live': 'polite' });

  const show = (retention: Retention): void => {
    years.value = retention.years === null ? '' : String(retention.years);
    dryRun.textContent =
      retention.years === null
        ? 'No retention period: this clinic’s sessions are kept.'
        : `Kept ${retention.years} years: the next daily run erases ${retention.due.sessions} sessions ` +
          `(${retention.due.readings} readings) dated before ${retention.before}.`;
  };
  const failed = (error: unknown): void => {
    dryRun.textContent = error instanceof ApiError ? error.message : 'That did not work; try again.';
  };
  const load = async (): Promise<void> => {
    if (select.value === '') return;
    try {
      show(await api.retention(select.value));
    } catch (error) {
      failed(error);
    }
  };
  const save = async (): Promise<void> => {
    const value = years.value.trim();
    try {
      show(await api.setRetention(select.value, value === '' ? null : Number(value)));
    } catch (error) {
      failed(error);
    }
  };
  select.addEventListener('change', () => void load());
  void load();

  return card(
    {
      id: 'retention-title',
      title: 'Retention',
      description: 'How long a clinic keeps sessions. Sessions older than this are erased every night; sessions without a date are kept.',
    },
    clinics.length === 0
      ? el('p', { class: 'hint' }, 'No clinic has data yet.')
      : el(
          'div',
          { class: 'form-row' },
          el('label', { for: 'retention-clinic' }, 'Clinic'),
          select,
          el('label', { for: 'retention-years' }, 'Years'),
          years,
          button('Save', () => void save(), { id: 'retention-save' }),
        ),
    dryRun,
  );
}
