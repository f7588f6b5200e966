/**
 * Row-level export of the current view (GET /api/export): Arrow IPC for analysis tools (R's arrow,
 * pandas, DuckDB, Observable), CSV for spreadsheets. Keys are pseudonymous, as stored.
 */
import type { ApiClient } from '../../api/api-client.js';
import { ApiError, isAbortError } from '../../api/api-client.js';
import { saveBlob, today } from '../../export/download.js';
import { formatBytes } from '../../format/number-format.js';
import { button, el } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
import type { Filters } from '../../state/url-state.js';

export function exportPanel(api: ApiClient, filters: Filters, viewDescription: string): HTMLElement {
  const status = el('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  let running: AbortController | null = null;
  const download = async (format: 'arrow' | 'csv'): Promise<void> => {
    running?.abort();
    running = new AbortController();
    status.textContent = 'Preparing the export…';
    try {
      const blob = await api.exportFile(
        format,
        filters,
        (received) => (status.textContent = `Receiving: ${formatBytes(received)}`),
        running.signal,
      );
      // .arrows: the API sends the Arrow IPC stream format, whose customary extension this is.
      const filename = `threshold-measurements-${today()}.${format === 'arrow' ? 'arrows' : 'csv'}`;
      saveBlob(blob, filename);
      status.textContent = `Saved ${filename} (${formatBytes(blob.size)}).`;
    } catch (error) {
      if (isAbortError(error)) return;
      status.textContent = error instanceof ApiError ? error.message : 'The export failed; try again.';
    }
  };
  return card(
    {
      id: 'export-title',
      title: 'Export the measurements',
      description: `Every measurement in this view (${viewDescription}), one row each, with pseudonymous keys.`,
    },
    el(
      'div',
      { class: 'form-row' },
      button('Download Arrow', () => void download('arrow'), {
        class: 'primary',
        'data-format': 'arrow',
        'aria-label': 'Download Arrow: the measurements as an Arrow IPC file',
      }),
      button('Download CSV', () => void download('csv'), {
        'data-format': 'csv',
        'aria-label': 'Download CSV: the measurements as comma-separated values',
      }),
    ),
    el(
      'p',
      { class: 'hint' },
      'Arrow keeps the column types and is much faster to read in R (arrow::read_ipc_stream), Python (pyarrow, pandas) or DuckDB; CSV opens in any spreadsheet.',
    ),
    status,
  );
}
