import type { GroupReport } from '../api/report-types.js';
import { attritionFlow } from './attrition.js';

/** Published cells (not withheld by small-cell suppression). */
const SHOWN = { suppressed: false, sizeBand: null };

function group(name: string, counts: [number, number][]): GroupReport {
  return {
    name,
    nClients: counts[0][1],
    sessions: counts.flatMap(([session, n]) => [
      { session, phase: 'pre' as const, n, mean: 1, sd: 1, ciLow: 0, ciHigh: 2, median: 1, ...SHOWN },
      {
        session,
        phase: 'post' as const,
        n: 1,
        mean: 1,
        sd: null,
        ciLow: null,
        ciHigh: null,
        median: 1,
        ...SHOWN,
      },
    ]),
    withinSession: [],
    cumulative: [],
    courseChange: { n: 0, meanChange: null, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null, ...SHOWN },
    responders: { threshold: 1, n: 0, count: 0, rate: null, ciLow: null, ciHigh: null, ...SHOWN },
    timeToResponse: null,
    durability: null,
  };
}

describe('attrition flow', () => {
  it('counts clients measured before each session, with the change from the previous measured session', () => {
    const steps = attritionFlow([
      group('swedish', [
        [1, 20],
        [2, 15],
        [3, 16],
        [12, 8],
      ]),
    ]);
    expect(steps.map((step) => [step.session, step.n, step.fewerThanPrevious])).toEqual([
      [1, 20, null],
      [2, 15, 5],
      [3, 16, -1],
      [12, 8, 8],
    ]);
    expect(steps[3].shareOfFirst).toBe(0.4);
  });

  it('keeps groups apart and ignores the post phase', () => {
    const steps = attritionFlow([
      group('a', [[1, 2]]),
      group('b', [
        [1, 3],
        [12, 3],
      ]),
    ]);
    expect(steps.map((step) => `${step.group}:${step.session}:${step.n}`)).toEqual([
      'a:1:2',
      'b:1:3',
      'b:12:3',
    ]);
  });

  it('keeps a withheld count as a step with no numbers, and gives no difference next to it', () => {
    const swedish = group('swedish', [
      [1, 40],
      [6, 8],
      [12, 20],
    ]);
    // Session 6 withheld by small-cell suppression: the API sends no count, only a size band.
    swedish.sessions[2] = {
      ...swedish.sessions[2],
      n: null,
      mean: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      median: null,
      suppressed: true,
      sizeBand: '1-10',
    };
    const steps = attritionFlow([swedish]);
    expect(
      steps.map((step) => [step.session, step.n, step.fewerThanPrevious, step.shareOfFirst, step.suppressed]),
    ).toEqual([
      [1, 40, null, 1, false],
      [6, null, null, null, true],
      // 40 - 20 would be no secret, but a difference "since the previous measured session" next
      // to a withheld one would be read as one: left out.
      [12, 20, null, 0.5, false],
    ]);
    expect(steps[1].sizeBand).toBe('1-10');
  });
});
