/**
 * What a batch is called in the Data page's lists: its file's name, or for a batch without a file
 * what it came from (a session recorded on the form has no file, and a dash told the owner
 * nothing about it).
 */
import type { Batch } from '../../api/api-types.js';

export function batchLabel(batch: Pick<Batch, 'id' | 'filename' | 'source' | 'kind'>): string {
  if (batch.filename !== null && batch.filename !== '') return batch.filename;
  if (batch.source === 'form') {
    return batch.kind === 'correction' ? 'Correction of a recorded session' : 'Session recorded on the form';
  }
  return `Batch #${batch.id} (sent without a file name)`;
}
