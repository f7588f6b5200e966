import type { GroupReport, OutcomesReport } from '../api/report-types.js';
import { fittedLines } from './fitted-lines.js';

/** Published cells (not withheld by small-cell suppression). */
const SHOWN = { suppressed: false, sizeBand: null };

/** Groups with pre values at sessions 1 and 12, as in the demo trial. */
function group(name: string): GroupReport {
  return {
    name,
    nClients: 20,
    sessions: [
      {
        session: 1,
        phase: 'pre' as const,
        n: 20,
        mean: 300,
        sd: 60,
        ciLow: 270,
        ciHigh: 330,
        median: 300,
        ...SHOWN,
      },
      {
        session: 1,
        phase: 'post' as const,
        n: 20,
        mean: 310,
        sd: 60,
        ciLow: 280,
        ciHigh: 340,
        median: 310,
        ...SHOWN,
      },
      {
        session: 12,
        phase: 'pre' as const,
        n: 18,
        mean: 320,
        sd: 60,
        ciLow: 290,
        ciHigh: 350,
        median: 320,
        ...SHOWN,
      },
    ],
    withinSession: [],
    cumulative: [],
    courseChange: { n: 0, meanChange: null, sd: null, ciLow: null, ciHigh: null, t: null, df: null, p: null, ...SHOWN },
    responders: { threshold: 20.6, n: 18, count: 7, rate: 0.39, ciLow: 0.2, ciHigh: 0.61, ...SHOWN },
    timeToResponse: null,
    durability: null,
  };
}

function effect(term: string, estimate: number | null) {
  return { term, estimate, se: 1, df: 50, t: 1, p: 0.5 };
}

// Fixed effects of the demo trial's report (npm run outcomes -- report data/demo/trial.csv).
const TRIAL: OutcomesReport = {
  version: 1,
  measure: 'ppt',
  unit: 'kPa',
  site: 'all',
  by: 'technique',
  mcid: 20.6,
  reference: 'sham_ultrasound',
  endpointSession: 12,
  groups: [group('sham_ultrasound'), group('trigger_point_release'), group('waitlist')],
  suppressedGroups: [],
  suppressionMinimum: null,
  names: { clinics: {}, therapists: {} },
  comparisons: [],
  responseComparison: null,
  trajectory: {
    fixedEffects: [
      effect('(Intercept)', 299.95238095238125),
      effect('time', 1.312904773655773),
      effect('group[trigger_point_release]', 21.630952380951978),
      effect('group[waitlist]', -11.489880952381323),
      effect('time:group[trigger_point_release]', 1.810061507038628),
      effect('time:group[waitlist]', -1.1163138645648596),
    ],
    randomEffects: {
      structure: 'intercept',
      interceptVar: 3911.47,
      slopeVar: null,
      interceptSlopeCov: null,
      residualVar: 302.99,
    },
    logLikREML: -594.7,
    nObs: 119,
    nClients: 62,
    singular: false,
    converged: true,
    iterations: 6,
    gradientNorm: 0,
    warnings: [],
  },
};

describe('fitted lines of the mixed model', () => {
  const lines = fittedLines(TRIAL);
  const at = (group: string, session: number) =>
    lines.find((line) => line.group === group)!.points.find((point) => point.session === session)!.fitted;

  it('draws the reference group from the intercept and the time slope alone', () => {
    expect(at('sham_ultrasound', 1)).toBeCloseTo(299.95238, 5);
    expect(at('sham_ultrasound', 12)).toBeCloseTo(299.95238 + 1.3129048 * 11, 4);
  });

  it('adds group[B] to the intercept and time:group[B] to the slope for another group', () => {
    expect(at('trigger_point_release', 1)).toBeCloseTo(321.58333, 4);
    expect(at('trigger_point_release', 12)).toBeCloseTo(321.58333 + (1.3129048 + 1.8100615) * 11, 4);
    expect(at('waitlist', 12)).toBeCloseTo(299.95238 - 11.48988 + (1.3129048 - 1.1163139) * 11, 4);
  });

  it('gives one point per whole session from the group’s first to its last pre session', () => {
    expect(lines.map((line) => line.points.length)).toEqual([12, 12, 12]);
    expect(lines[1].slope).toBeCloseTo(3.1229663, 6);
  });

  it('uses intercept and time alone when the report has one group', () => {
    const single = fittedLines({
      ...TRIAL,
      groups: [group('all')],
      reference: 'all',
      trajectory: { ...TRIAL.trajectory!, fixedEffects: TRIAL.trajectory!.fixedEffects.slice(0, 2) },
    });
    expect(single).toHaveLength(1);
    expect(single[0].points[11].fitted).toBeCloseTo(299.95238 + 1.3129048 * 11, 4);
  });

  it('draws no line rather than a wrong one when the model or a term is missing', () => {
    expect(fittedLines({ ...TRIAL, trajectory: null })).toEqual([]);
    const withoutWaitlistSlope = {
      ...TRIAL,
      trajectory: {
        ...TRIAL.trajectory!,
        fixedEffects: TRIAL.trajectory!.fixedEffects.filter((e) => e.term !== 'time:group[waitlist]'),
      },
    };
    expect(fittedLines(withoutWaitlistSlope).map((line) => line.group)).toEqual([
      'sham_ultrasound',
      'trigger_point_release',
    ]);
    const unestimated = {
      ...TRIAL,
      trajectory: { ...TRIAL.trajectory!, fixedEffects: [effect('(Intercept)', null), effect('time', 1)] },
    };
    expect(fittedLines(unestimated)).toEqual([]);
  });

  it('draws a group’s line only over sessions whose pre values are published (not withheld)', () => {
    const withheldLast = group('trigger_point_release');
    withheldLast.sessions[2] = {
      ...withheldLast.sessions[2],
      n: null,
      mean: null,
      suppressed: true,
      sizeBand: '1-10',
    };
    const shortened = fittedLines({
      ...TRIAL,
      groups: [group('sham_ultrasound'), withheldLast, group('waitlist')],
    });
    expect(
      shortened.find((line) => line.group === 'trigger_point_release')!.points.map((point) => point.session),
    ).toEqual([1]);
  });
});
