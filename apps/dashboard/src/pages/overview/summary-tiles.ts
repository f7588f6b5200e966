/** The overview's headline counts: clients, sessions, measurements, clinics, therapists, dates. */
import type { CohortSummary } from '../../api/api-types.js';
import { el } from '../../layout/dom.js';
import { formatCount } from '../../format/number-format.js';

function tile(label: string, value: string, note?: string): HTMLElement {
  return el(
    'div',
    { class: 'tile' },
    el('dt', {}, label),
    el(
      'dd',
      {},
      el('span', { class: 'tile-value' }, value),
      note === undefined ? null : el('span', { class: 'tile-note' }, note),
    ),
  );
}

function dateText(value: string | null): string {
  if (value === null) return '–';
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? value
    : date.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function summaryTiles(summary: CohortSummary): HTMLElement {
  return el(
    'dl',
    { class: 'tiles', 'aria-label': 'The data at a glance' },
    tile('Clients', formatCount(summary.clients)),
    tile('Sessions', formatCount(summary.sessions)),
    tile('Measurements', formatCount(summary.measurements)),
    tile('Clinics', formatCount(summary.clinics)),
    tile('Therapists', formatCount(summary.therapists)),
    tile(
      'Dates',
      summary.dateRange.from === null ? '–' : `${dateText(summary.dateRange.from)}`,
      summary.dateRange.to === null ? undefined : `to ${dateText(summary.dateRange.to)}`,
    ),
  );
}

export function measuresTable(summary: CohortSummary): HTMLElement {
  return el(
    'section',
    { class: 'card', 'aria-labelledby': 'measures-title' },
    el(
      'header',
      { class: 'card-header' },
      el(
        'div',
        {},
        el('h2', { id: 'measures-title' }, 'Measures'),
        el('p', { class: 'card-description' }, 'What is measured, in how many clients.'),
      ),
    ),
    el(
      'div',
      { class: 'table-scroll' },
      el(
        'table',
        { class: 'data-table' },
        el(
          'thead',
          {},
          el(
            'tr',
            {},
            el('th', { scope: 'col' }, 'Measure'),
            el('th', { scope: 'col' }, 'Unit'),
            el('th', { scope: 'col', class: 'numeric' }, 'Clients'),
            el('th', { scope: 'col', class: 'numeric' }, 'Measurements'),
          ),
        ),
        el(
          'tbody',
          {},
          ...summary.measures.map((measure) =>
            el(
              'tr',
              {},
              el('td', {}, measure.label),
              el('td', {}, measure.unit),
              el('td', { class: 'numeric' }, formatCount(measure.clients)),
              el('td', { class: 'numeric' }, formatCount(measure.measurements)),
            ),
          ),
        ),
      ),
    ),
  );
}
