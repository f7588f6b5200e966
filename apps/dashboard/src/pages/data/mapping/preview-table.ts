/** The first readings of a preview, as they would be stored (the values in the measure's canonical unit beside the value as read). */
import type { PreviewReading } from '../../../api/api-types.js';
import { formatCount } from '../../../format/number-format.js';
import { el, scrollingTable } from '../../../layout/dom.js';

const COLUMNS: [string, (reading: PreviewReading) => string][] = [
  ['Row', (reading) => formatCount(reading.line)],
  ['Client', (reading) => reading.client_id],
  ['Session', (reading) => String(reading.session)],
  ['Phase', (reading) => reading.phase],
  ['Site', (reading) => reading.site ?? '–'],
  ['Measure', (reading) => reading.measure],
  ['As read', (reading) => `${reading.raw_value} ${reading.raw_unit}`],
  ['Stored value', (reading) => String(Math.round(reading.value * 100) / 100)],
  ['Technique', (reading) => reading.technique],
  ['Clinic', (reading) => reading.clinic_id ?? '–'],
  ['Date', (reading) => reading.session_date ?? '–'],
];

export function previewTable(readings: readonly PreviewReading[], total: number): HTMLElement {
  return scrollingTable(
    'Readings as they would be stored',
    el(
      'table',
      { class: 'data-table preview-table' },
      el('caption', {}, `The first ${formatCount(readings.length)} of ${formatCount(total)} readings, as they would be stored (the stored value in the measure’s own unit, kPa for ppt; client ids are stored hashed)`),
      el('thead', {}, el('tr', {}, ...COLUMNS.map(([name]) => el('th', { scope: 'col' }, name)))),
      el('tbody', {}, ...readings.map((reading) => el('tr', {}, ...COLUMNS.map(([, cell]) => el('td', {}, cell(reading)))))),
    ),
  );
}
