import { copyText } from './staging-writer.js';
import type { StagedColumns } from './staged-row.js';

describe('COPY text for staged rows', () => {
  it('escapes backslashes, tabs and line breaks, and writes NULL as \\N', () => {
    const rows: StagedColumns = {
      line: [2],
      clientKey: ['abc'],
      clientOrdinal: [1],
      clinicKey: [null],
      therapistKey: [null],
      session: [1],
      phase: ['pre'],
      measure: ['ppt'],
      site: ['a\\b\tc\nd\re'],
      trial: [0],
      value: [250.5],
      rawValue: [250.5],
      rawUnit: ['kPa'],
      technique: ['all'],
      condition: [null],
      sessionDate: ['2024-01-02'],
    };
    expect(copyText(rows)).toBe('2\tabc\t1\t\\N\t\\N\t1\tpre\tppt\ta\\\\b\\tc\\nd\\re\t0\t250.5\t250.5\tkPa\tall\t\\N\t2024-01-02\n');
  });
});
