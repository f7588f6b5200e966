import type { OutcomesReport } from '../../api/report-types.js';
import { sessionOffers } from './session-picker.js';

const change = (session: number, n: number) => ({
  session,
  n,
  meanChange: 1,
  ciLow: null,
  ciHigh: null,
  t: null,
  df: null,
  p: null,
});

describe('sessions to compare therapists at', () => {
  it('counts, for each session, the clients and therapists with a change since session 1', () => {
    const groups = [
      { name: 't1', cumulative: [change(2, 6), change(12, 1)] },
      { name: 't2', cumulative: [change(2, 8), change(11, 2)] },
      { name: 't3', cumulative: [change(2, 0)] },
    ] as unknown as OutcomesReport['groups'];
    expect(sessionOffers({ groups } as OutcomesReport)).toEqual([
      { session: 2, clients: 14, therapists: 2 },
      { session: 11, clients: 2, therapists: 1 },
      { session: 12, clients: 1, therapists: 1 },
    ]);
  });
});
