/** The overview's headline counts: clients, sessions, measurements, clinics, therapists, dates. */
import type { CohortSummary } from '../../api/api-types.js';
import { el, scrollingTable } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
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

/** A count the API blanked (too few clients to publish) says so instead of showing a dash. */
function countTile(label: string, value: number | null): HTMLElement {
  return value === null ? tile(label, '–', 'too few to show') : tile(label, formatCount(value));
}

/** `wholePractice`: the counts are of all the data, not of the filters (marketing's view). */
export function summaryTiles(summary: CohortSummary, wholePractice = false): HTMLElement {
  return el(
    'dl',
    {
      class: 'tiles',
      'aria-label': wholePractice ? 'The whole practice’s data at a glance' : 'The data at a glance',
    },
    countTile(wholePractice ? 'Clients (whole practice)' : 'Clients', summary.clients),
    countTile('Sessions', summary.sessions),
    countTile('Measurements', summary.measurements),
    countTile('Clinics', summary.clinics),
    countTile('Therapists', summary.therapists),
    tile(
      'Dates',
      summary.dateRange.from === null ? '–' : `${dateText(summary.dateRange.from)}`,
      summary.dateRange.to === null ? undefined : `to ${dateText(summary.dateRange.to)}`,
    ),
  );
}

export function measuresTable(summary: CohortSummary): HTMLElement {
  return card(
    { id: 'measures-title', title: 'Measures', description: 'What is measured, in how many clients.' },
    scrollingTable(
      'Measures',
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
              el(
                'td',
                { class: 'numeric' },
                measure.clients === null ? 'too few to show' : formatCount(measure.clients),
              ),
              el(
                'td',
                { class: 'numeric' },
                measure.measurements === null ? 'too few to show' : formatCount(measure.measurements),
              ),
            ),
          ),
        ),
      ),
    ),
  );
}
