import { copyTextOfColumns, readingCopyText } from './copy-text.js';
import { readingColumnArrays, STAGED_READING_COLUMNS, type StagedReading } from './staged-row.js';
import { measurementRow } from '../testing/measurement-row.js';

const row = measurementRow({ value: 250.5, rawValue: 2.554, rawUnit: 'kg/cm2', site: 'a\\b\tc\nd\re', technique: 'all', sessionDate: '2024-01-02' });

describe('COPY text of staged readings', () => {
  it('escapes backslashes, tabs and line breaks, writes NULL as \\N, and absent site and trial as stored', () => {
    const readings: StagedReading[] = [
      { row, clientOrdinal: 7, clinicKey: null, therapistKey: null, firstOfSession: true },
      { row: { ...row, line: 3, site: null, trial: 2, condition: 'tth', sessionDate: null }, clientOrdinal: 7, clinicKey: 'k\\1', therapistKey: 't', firstOfSession: false },
    ];
    expect(readingCopyText(readings)).toBe(
      '2\t7\t\\N\t\\N\t1\tpre\tppt\ta\\\\b\\tc\\nd\\re\t0\t250.5\t2.554\tkg/cm2\tall\t\\N\t2024-01-02\tt\n' +
        '3\t7\tk\\\\1\tt\t1\tpre\tppt\t\t2\t250.5\t2.554\tkg/cm2\tall\ttth\t\\N\tf\n',
    );
  });

  it('has the columns, in the order, that the unnest writer and the staging table have', () => {
    const readings: StagedReading[] = [
      { row, clientOrdinal: 1, clinicKey: 'clinic', therapistKey: null, firstOfSession: true },
      { row: { ...row, line: 9, site: null, trial: 3, condition: 'migraine' }, clientOrdinal: 2, clinicKey: null, therapistKey: 'th', firstOfSession: false },
    ];
    const columns = readingColumnArrays(readings);
    expect(columns).toHaveLength(STAGED_READING_COLUMNS.length);
    expect(readingCopyText(readings)).toBe(copyTextOfColumns(columns));
  });
});
