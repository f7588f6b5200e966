/**
 * Upload a file of outcomes. The progress bar first follows the bytes the browser sends
 * (XMLHttpRequest upload progress), then the server's own progress on the batch (rows read, then
 * storing), polled by the upload's own id (X-Upload-Id, see api-client.ts) from
 * GET /api/ingest/batches?uploadId=; at the end the batch is shown with what was stored, or with
 * its errors by line and column.
 */
import { ACCEPTED_UPLOAD_EXTENSIONS, ApiError, isAbortError, type ApiClient } from '../../api/api-client.js';
import type { Batch } from '../../api/api-types.js';
import { formatBytes, formatCount } from '../../format/number-format.js';
import { button, el, replaceChildren } from '../../layout/dom.js';
import { card } from '../../layout/card.js';
import { batchOutcome, errorsTable } from './batch-details.js';

const POLL_MS = 400;

export interface UploadPanelOptions {
  api: ApiClient;
  /** Called when an upload ends (stored or refused), to refresh the list of batches. */
  onFinished(batch: Batch | undefined): void;
}

export function uploadPanel(options: UploadPanelOptions): HTMLElement {
  const { api } = options;
  const input = el('input', {
    id: 'upload-file',
    type: 'file',
    accept: ACCEPTED_UPLOAD_EXTENSIONS.join(','),
    'aria-describedby': 'upload-help',
  });
  const start = el('button', { type: 'submit', class: 'primary', disabled: true }, 'Upload');
  const progress = el('progress', {
    id: 'upload-progress',
    max: '1',
    value: '0',
    'aria-label': 'Upload progress',
    hidden: true,
  });
  const progressText = el('p', {
    class: 'progress-text',
    id: 'upload-progress-text',
    role: 'status',
    'aria-live': 'polite',
  });
  const result = el('div', { class: 'upload-result' });
  let cancel: (() => void) | null = null;
  const cancelButton = button('Cancel', () => cancel?.(), { class: 'quiet', hidden: true });

  input.addEventListener('change', () => {
    start.disabled = input.files === null || input.files.length === 0;
    replaceChildren(result);
    progressText.textContent =
      input.files?.[0] === undefined
        ? ''
        : `${input.files[0].name}, ${formatBytes(input.files[0].size)}: ready to upload.`;
  });

  const showProgress = (fraction: number, text: string): void => {
    progress.hidden = false;
    progress.value = Math.max(0, Math.min(1, fraction));
    progressText.textContent = text;
  };

  const upload = async (file: File): Promise<void> => {
    replaceChildren(result);
    start.disabled = true;
    input.disabled = true;
    cancelButton.hidden = false;
    showProgress(0, `Sending ${file.name}…`);

    // What is known of the upload so far; the bar and its text are drawn from it, and the bar
    // only moves forward (the server reads while the browser is still sending).
    const state = { sent: 0, total: file.size, rowsRead: 0, serverBytes: 0, storing: false };
    const draw = (): void => {
      const sending = state.sent < state.total;
      const fraction = state.storing
        ? 0.95
        : sending
          ? (0.8 * state.sent) / Math.max(1, state.total)
          : 0.8 + (0.15 * state.serverBytes) / Math.max(1, state.total);
      const checked =
        state.rowsRead > 0 ? ` · Threshold has checked ${formatCount(state.rowsRead)} rows` : '';
      const text = state.storing
        ? `Storing ${formatCount(state.rowsRead)} rows (one transaction: all or nothing)…`
        : sending
          ? `Sending ${file.name}: ${formatBytes(state.sent)} of ${formatBytes(state.total)}${checked}`
          : `Sent ${formatBytes(state.total)}; Threshold is reading and checking it${checked}`;
      showProgress(Math.max(progress.value, fraction), text);
    };
    const transfer = api.upload(file, ({ sent, total }) => {
      state.sent = sent;
      state.total = total;
      draw();
    });
    cancel = () => transfer.abort();

    // Watch the server's progress while the request is open.
    let finished = false;
    const watch = async (): Promise<void> => {
      while (!finished) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        if (finished) break;
        try {
          const batch = await api.batchOfUpload(transfer.uploadId);
          if (finished || batch === undefined || batch.status !== 'loading' || batch.progress === undefined) continue;
          state.rowsRead = batch.progress.rowsRead;
          state.serverBytes = batch.progress.bytesRead;
          state.storing = batch.progress.phase === 'storing';
          draw();
        } catch {
          // Progress is a courtesy: the upload's own answer is what counts.
        }
      }
    };
    const watching = watch();

    try {
      const batch = await transfer.result;
      showProgress(1, `Done: ${file.name}`);
      replaceChildren(result, batchOutcome(batch));
      options.onFinished(batch);
    } catch (error) {
      if (isAbortError(error)) {
        showProgress(0, 'Upload cancelled: nothing was stored.');
      } else if (error instanceof ApiError && error.batch !== undefined) {
        showProgress(1, `Refused: ${file.name}`);
        replaceChildren(
          result,
          batchOutcome({
            ...error.batch,
            errors: error.errors.length > 0 ? error.errors : error.batch.errors,
          }),
        );
        options.onFinished(error.batch);
      } else if (error instanceof ApiError && error.errors.length > 0) {
        showProgress(1, `Refused: ${file.name}`);
        replaceChildren(
          result,
          el(
            'div',
            { class: 'batch-outcome outcome-refused', role: 'status' },
            el('p', {}, error.message),
            errorsTable(error.errors, error.errors.length),
          ),
        );
      } else {
        showProgress(0, '');
        replaceChildren(
          result,
          el(
            'div',
            { class: 'state state-error', role: 'alert' },
            el('h3', {}, 'The upload did not complete'),
            el('p', {}, error instanceof Error ? error.message : String(error)),
            el('p', {}, 'Nothing was stored from an incomplete upload. Try again.'),
          ),
        );
        options.onFinished(undefined);
      }
    } finally {
      finished = true;
      await watching;
      cancel = null;
      cancelButton.hidden = true;
      input.disabled = false;
      start.disabled = input.files === null || input.files.length === 0;
    }
  };

  const form = el(
    'form',
    { class: 'upload-form', 'aria-labelledby': 'upload-title' },
    el('label', { for: 'upload-file' }, 'File of outcomes'),
    el('div', { class: 'form-row' }, input, start, cancelButton),
    el(
      'p',
      { id: 'upload-help', class: 'hint' },
      `CSV, JSON rows, NDJSON or Arrow IPC in the canonical long format (one row per measurement). A file with any error is refused whole; sending the same file again stores nothing twice.`,
    ),
    progress,
    progressText,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const file = input.files?.[0];
    if (file !== undefined) void upload(file);
  });

  return card(
    { id: 'upload-title', title: 'Upload a file', description: 'Add measurements from a clinic’s export.' },
    form,
    result,
  );
}
