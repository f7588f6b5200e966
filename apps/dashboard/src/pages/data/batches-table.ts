/** The ingest batches, newest first (GET /api/ingest/batches), each with its errors on demand. */
import type { ApiClient } from '../../api/api-client.js';
import type { Batch } from '../../api/api-types.js';
import { formatBytes, formatCount } from '../../format/number-format.js';
import { button, el, replaceChildren, scrollingTable } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
import { errorState, loadingState } from '../../layout/states.js';
import { errorsTable, statusBadge } from './batch-details.js';
import { batchLabel } from './batch-label.js';

const PAGE_SIZE = 20;

function when(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime())
    ? iso
    : date.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

function batchRow(batch: Batch): HTMLTableRowElement[] {
  const row = el(
    'tr',
    { 'data-batch-id': batch.id },
    el('td', { class: 'numeric' }, `#${batch.id}`),
    el('td', {}, when(batch.createdAt)),
    el(
      'td',
      {},
      batchLabel(batch),
      el(
        'span',
        { class: 'cell-note' },
        `${batch.source}${batch.format === null ? '' : ` · ${batch.format}`} · ${formatBytes(batch.bytesRead)}`,
      ),
    ),
    el('td', {}, statusBadge(batch.status)),
    el('td', { class: 'numeric' }, formatCount(batch.rowsRead)),
    el('td', { class: 'numeric' }, formatCount(batch.inserted)),
    el('td', { class: 'numeric' }, formatCount(batch.duplicates)),
    el('td', { class: 'numeric' }, batch.errorCount === 0 ? '0' : formatCount(batch.errorCount)),
  );
  if (batch.errorCount === 0 && batch.message === null) return [row];
  const details = el(
    'tr',
    { class: 'batch-errors-row' },
    el(
      'td',
      { colspan: '8' },
      el(
        'details',
        {},
        el(
          'summary',
          {},
          batch.errorCount > 0 ? `Errors of batch #${batch.id}` : `Message of batch #${batch.id}`,
        ),
        batch.message === null ? null : el('p', {}, batch.message),
        batch.errors.length > 0 ? errorsTable(batch.errors, batch.errorCount) : null,
      ),
    ),
  );
  return [row, details];
}

export interface BatchesTable {
  element: HTMLElement;
  refresh(): Promise<void>;
}

/** `whose`: every batch (admin), or the user's own (an owner: the API lists only those). */
export function batchesTable(
  api: ApiClient,
  signal: AbortSignal,
  whose: 'all' | 'own' = 'all',
): BatchesTable {
  const body = el('div', { class: 'batches-body' });
  let offset = 0;

  const refresh = async (): Promise<void> => {
    if (body.childElementCount === 0) replaceChildren(body, loadingState('batches'));
    try {
      const page = await api.batches({ limit: PAGE_SIZE, offset }, signal);
      if (page.total === 0) {
        replaceChildren(
          body,
          el(
            'p',
            { class: 'state state-empty' },
            whose === 'own'
              ? 'You have not loaded any files yet: upload one above. (Files loaded by others are not listed here.)'
              : 'No files have been loaded yet. Upload one above, or drop files in the inbox folder.',
          ),
        );
        return;
      }
      const pager = el(
        'div',
        { class: 'pager' },
        el(
          'span',
          {},
          `Batches ${formatCount(offset + 1)}–${formatCount(offset + page.batches.length)} of ${formatCount(page.total)}`,
        ),
        button(
          'Newer',
          () => {
            offset = Math.max(0, offset - PAGE_SIZE);
            void refresh();
          },
          { class: 'quiet', disabled: offset === 0 },
        ),
        button(
          'Older',
          () => {
            offset += PAGE_SIZE;
            void refresh();
          },
          { class: 'quiet', disabled: offset + PAGE_SIZE >= page.total },
        ),
      );
      replaceChildren(
        body,
        scrollingTable(
          'Files loaded',
          el(
            'table',
            { class: 'data-table batches-table' },
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Batch', 'Received', 'File', 'Status', 'Rows', 'Stored', 'Already stored', 'Errors'].map(
                  (label, index) =>
                    el(
                      'th',
                      { scope: 'col', class: index === 0 || index >= 4 ? 'numeric' : undefined },
                      label,
                    ),
                ),
              ),
            ),
            el('tbody', {}, ...page.batches.flatMap(batchRow)),
          ),
        ),
        pager,
      );
    } catch (error) {
      replaceChildren(body, errorState(error, 'the batches'));
    }
  };

  const element = card(
    {
      id: 'batches-title',
      title: 'Loaded files',
      description:
        whose === 'own'
          ? 'The files you loaded, stored or refused, newest first.'
          : 'Every batch, stored or refused, newest first.',
    },
    body,
  );
  return { element, refresh };
}
