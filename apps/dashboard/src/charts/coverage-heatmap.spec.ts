import { coverageRowLabel, coverageRows } from './coverage-heatmap.js';

describe('coverage map rows', () => {
  it('divides the clients measured in a cell by the clients who reached that session', () => {
    const rows = coverageRows({
      sessions: [
        { session: 1, clients: 200 },
        { session: 2, clients: 150 },
      ],
      cells: [
        { session: 1, phase: 'pre', site: 'upper_trapezius_left', clients: 124 },
        { session: 2, phase: 'post', site: null, clients: 30 },
        { session: 3, phase: 'pre', site: 'upper_trapezius_left', clients: 5 },
      ],
    });
    expect(rows).toEqual([
      { session: 1, phase: 'pre', site: 'upper_trapezius_left', clients: 124, reached: 200, share: 0.62 },
      { session: 2, phase: 'post', site: 'all', clients: 30, reached: 150, share: 0.2 },
      // A session the API did not count reached: no share rather than a division by zero.
      { session: 3, phase: 'pre', site: 'upper_trapezius_left', clients: 5, reached: 0, share: null },
    ]);
  });

  it('gives follow-up visits rows of their own, never drawn over the after-treatment row of the session', () => {
    const site = 'upper_trapezius_left';
    const labels = (['pre', 'post', 'followup'] as const).map((phase) => coverageRowLabel({ site, phase }));
    expect(labels).toEqual([
      'Upper trapezius left · before',
      'Upper trapezius left · after',
      'Upper trapezius left · follow\u2011up',
    ]);
  });
});
