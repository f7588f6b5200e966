/** One ingest batch in words: status, counts, and its errors with line and column. */
import type { Batch, IngestError } from '../../api/api-types.js';
import { formatBytes, formatCount } from '../../format/number-format.js';
import { el, scrollingTable } from '../../layout/dom.js';
import { batchLabel } from './batch-label.js';

const STATUS_TEXT: Record<Batch['status'], string> = {
  loading: 'Loading',
  stored: 'Stored',
  refused: 'Refused',
  failed: 'Failed',
};

export function statusBadge(status: Batch['status']): HTMLElement {
  return el('span', { class: `badge badge-${status}` }, STATUS_TEXT[status]);
}

export function errorsTable(errors: readonly IngestError[], total: number): HTMLElement {
  // A spreadsheet's errors name their cell (Sheet1!D7): shown in place of the line number.
  const located = errors.some((error) => error.location !== undefined);
  return scrollingTable(
    'Errors',
    el(
      'table',
      { class: 'data-table errors-table' },
      el(
        'caption',
        {},
        total > errors.length
          ? `The first ${formatCount(errors.length)} of ${formatCount(total)} errors`
          : `${formatCount(total)} error${total === 1 ? '' : 's'}`,
      ),
      el(
        'thead',
        {},
        el(
          'tr',
          {},
          located ? el('th', { scope: 'col' }, 'Where') : el('th', { scope: 'col', class: 'numeric' }, 'Line'),
          el('th', { scope: 'col' }, 'Column'),
          el('th', { scope: 'col' }, 'What is wrong'),
        ),
      ),
      el(
        'tbody',
        {},
        ...errors.map((error) =>
          el(
            'tr',
            {},
            located
              ? el('td', {}, error.location ?? (error.line === 0 ? 'file' : `line ${formatCount(error.line)}`))
              : el('td', { class: 'numeric' }, error.line === 0 ? 'file' : formatCount(error.line)),
            el('td', {}, error.column === null ? '–' : el('code', {}, error.column)),
            el('td', {}, error.message),
          ),
        ),
      ),
    ),
  );
}

/** What happened to a batch, as the upload panel shows it once the upload is over. */
export function batchOutcome(batch: Batch): HTMLElement {
  const name = batchLabel(batch);
  const facts = el(
    'dl',
    { class: 'facts' },
    el('div', {}, el('dt', {}, 'Rows read'), el('dd', {}, formatCount(batch.rowsRead))),
    el(
      'div',
      {},
      el('dt', {}, 'Stored'),
      el('dd', { 'data-field': 'inserted' }, formatCount(batch.inserted)),
    ),
    el(
      'div',
      {},
      el('dt', {}, 'Already stored'),
      el('dd', { 'data-field': 'duplicates' }, formatCount(batch.duplicates)),
    ),
    el('div', {}, el('dt', {}, 'Size'), el('dd', {}, formatBytes(batch.bytesRead))),
    el('div', {}, el('dt', {}, 'Batch'), el('dd', {}, `#${batch.id}`)),
  );
  const headline =
    batch.status === 'stored'
      ? batch.inserted === 0 && batch.duplicates > 0
        ? `${name}: nothing new — all ${formatCount(batch.duplicates)} readings were already stored.`
        : `${name}: stored ${formatCount(batch.inserted)} readings${batch.duplicates > 0 ? ` (${formatCount(batch.duplicates)} were already stored)` : ''}.`
      : batch.status === 'refused'
        ? `${name} was refused: nothing was stored. Correct the lines below and upload the file again.`
        : batch.status === 'failed'
          ? `${name} could not be loaded: ${batch.message ?? 'the server stopped while reading it'}. Nothing was stored.`
          : `${name} is still loading.`;
  return el(
    'div',
    {
      class: `batch-outcome outcome-${batch.status}`,
      'data-batch-id': batch.id,
      'data-status': batch.status,
      role: 'status',
    },
    el('p', { class: 'outcome-headline' }, statusBadge(batch.status), ' ', headline),
    facts,
    batch.errors.length > 0 ? errorsTable(batch.errors, batch.errorCount) : null,
  );
}
