import { duplicateRowMessage, type MeasurementRow } from '@threshold/ingest';
import { SessionRuns } from './session-runs.js';
import { measurementRow } from '../testing/measurement-row.js';
import type { StagedReading } from '../stage/staged-row.js';

const reading = (line: number, clientOrdinal: number, session: number, changes: Partial<MeasurementRow> = {}, clinicKey: string | null = null): StagedReading => ({
  row: measurementRow({ line, clientId: `c${clientOrdinal}`, session, ...changes }),
  clientOrdinal,
  clinicKey,
  therapistKey: null,
  firstOfSession: false,
});

describe('SessionRuns', () => {
  it("marks the first reading of each session's run in a file in client and session order", () => {
    const runs = new SessionRuns(100);
    const readings = [reading(2, 1, 1), reading(3, 1, 1, { phase: 'post' }), reading(4, 1, 2), reading(5, 2, 1), reading(6, 2, 3), reading(7, 2, 3, { phase: 'post' })];
    expect(readings.map((r) => runs.next(r))).toEqual([true, false, true, true, true, false]);
    expect(runs.inOrder).toBe(true);
    expect(runs.withinFileErrors).toEqual({ count: 0, errors: [] });
  });

  it('names each line that describes its session differently from the first, and the first attribute that differs', () => {
    const runs = new SessionRuns(1);
    [
      reading(2, 1, 1, { condition: 'tth', trial: 1 }),
      reading(3, 1, 1, { condition: null, trial: 2 }),
      reading(4, 1, 1, { condition: 'tth', sessionDate: '2024-01-02', trial: 3 }),
      reading(5, 2, 1, { trial: 1 }),
      reading(6, 2, 1, { trial: 2 }, 'another clinic'),
    ].forEach((r) => runs.next(r));
    const { count, errors } = runs.withinFileErrors;
    expect(count).toBe(3);
    // Only as many errors as asked for are kept; all are counted.
    expect(errors).toEqual([{ line: 3, column: 'condition', message: expect.stringContaining('described differently on line 2 (condition)') }]);
  });

  it("finds a reading given twice within its session's run, naming the first line, as the reader would", () => {
    const runs = new SessionRuns(100);
    [
      reading(2, 1, 1, { site: 'neck', trial: 1 }),
      reading(3, 1, 1, { site: 'neck', trial: 2 }),
      reading(4, 1, 1, { site: null, trial: 1 }),
      reading(5, 1, 1, { phase: 'post', site: 'neck', trial: 1 }),
      reading(6, 1, 1, { site: 'neck', trial: 2, value: 310 }),
      reading(7, 1, 1, { site: null, trial: null }),
      reading(8, 1, 1, { site: null, trial: null }),
      reading(9, 1, 2, { site: 'neck', trial: 1 }),
    ].forEach((r) => runs.next(r));
    expect(runs.withinFileErrors).toEqual({
      count: 2,
      errors: [
        { line: 6, column: null, message: duplicateRowMessage(3) },
        { line: 8, column: null, message: duplicateRowMessage(7) },
      ],
    });
  });

  it('finds readings given twice in a long session too, before and after it has more readings than are compared one by one', () => {
    const runs = new SessionRuns(100);
    // Trials 1 to 40 on lines 2 to 41, with trial 2 again on line 50 (early in the session) and trial 30 on line 51.
    const session = Array.from({ length: 40 }, (_, i) => reading(i + 2, 1, 1, { trial: i + 1 }));
    [...session.slice(0, 10), reading(50, 1, 1, { trial: 2 }), ...session.slice(10), reading(51, 1, 1, { trial: 30 }), reading(52, 1, 1, { trial: 41 })].forEach((r) =>
      runs.next(r),
    );
    expect(runs.withinFileErrors).toEqual({
      count: 2,
      errors: [
        { line: 50, column: null, message: duplicateRowMessage(3) },
        { line: 51, column: null, message: duplicateRowMessage(31) },
      ],
    });
  });

  it('leaves the checks to the database once the order breaks: a client that comes back, or a session before an earlier one', () => {
    for (const readings of [
      [reading(2, 1, 1), reading(3, 2, 1), reading(4, 1, 2)],
      [reading(2, 1, 2), reading(3, 1, 1, { technique: 'sham' }), reading(4, 1, 1)],
    ]) {
      const runs = new SessionRuns(100);
      readings.forEach((r) => runs.next(r));
      expect(runs.inOrder).toBe(false);
      expect(runs.withinFileErrors).toEqual({ count: 0, errors: [] });
    }
  });
});
