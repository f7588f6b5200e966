import { batchLabel } from './batch-label.js';

describe('batchLabel', () => {
  it('is the file name when the batch has one', () => {
    expect(batchLabel({ id: '3', filename: 'march.csv', source: 'http', kind: 'ingest' })).toBe('march.csv');
  });

  it('says what a batch without a file came from', () => {
    expect(batchLabel({ id: '4', filename: null, source: 'form', kind: 'ingest' })).toBe('Session recorded on the form');
    expect(batchLabel({ id: '5', filename: null, source: 'form', kind: 'correction' })).toBe('Correction of a recorded session');
    expect(batchLabel({ id: '6', filename: '', source: 'http', kind: 'ingest' })).toBe('Batch #6 (sent without a file name)');
  });
});
