import { EMPTY_MOMENTS, momentsOf } from '../descriptive/moments.js';
import {
  MTCARS_AM,
  MTCARS_MPG,
  SLEEP_DRUG_1,
  SLEEP_DRUG_2,
  TOOTHGROWTH_LEN,
  TOOTHGROWTH_SUPP,
  where,
} from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { pairedTTest } from './paired-t-test.js';
import { welchTTest, type WelchTTestResult } from './welch-t-test.js';

const FIELDS = ['diff', 'ciLow', 'ciHigh', 't', 'df', 'p'] as const;

function expectResult(actual: WelchTTestResult, expected: WelchTTestResult, relTol = 1e-9): void {
  for (const key of FIELDS) expectClose(actual[key], expected[key], relTol, key);
}

const automatic = momentsOf(where(MTCARS_MPG, MTCARS_AM, 0));
const manual = momentsOf(where(MTCARS_MPG, MTCARS_AM, 1));

// Expected values: libs/stats/test-fixtures/t-test.R (R 4.2.2). R's t.test(b, a) gives diff = mean(b) - mean(a).
describe('welchTTest', () => {
  it('matches R t.test(d2, d1) on the sleep data taken as two groups', () => {
    expectResult(welchTTest(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_2)), {
      diff: 1.5800000000000001, // $estimate[1] - $estimate[2]
      ciLow: -0.20548323071171018, // $conf.int
      ciHigh: 3.3654832307117104,
      t: 1.8608134674868531, // $statistic
      df: 17.776473516178498, // $parameter
      p: 0.079394140187358173, // $p.value
    });
  });

  it('matches R t.test(am1, am0) on mtcars mpg by transmission, at 95% and 90%', () => {
    expectResult(welchTTest(automatic, manual), {
      diff: 7.2449392712550598,
      ciLow: 3.2096841874699598,
      ciHigh: 11.280194355040161,
      t: 3.7671231451449252,
      df: 18.332251638400461,
      p: 0.0013736383330710284,
    });
    const ci90 = welchTTest(automatic, manual, 0.9);
    expectClose(ci90.ciLow, 3.9132558169480571); // t.test(am1, am0, conf.level = 0.9)$conf.int
    expectClose(ci90.ciHigh, 10.576622725562062);
  });

  it('matches R t.test(vc, oj) on ToothGrowth, a negative difference', () => {
    const oj = momentsOf(where(TOOTHGROWTH_LEN, TOOTHGROWTH_SUPP, 'OJ'));
    const vc = momentsOf(where(TOOTHGROWTH_LEN, TOOTHGROWTH_SUPP, 'VC'));
    expectResult(welchTTest(oj, vc), {
      diff: -3.6999999999999993,
      ciLow: -7.5710156183671629,
      ciHigh: 0.17101561836716456,
      t: -1.915268268695268,
      df: 55.30943268264059,
      p: 0.060634507880934066,
    });
  });

  it('flips the sign of diff, t and the interval when the groups swap, keeping df and p', () => {
    const forward = welchTTest(automatic, manual);
    const backward = welchTTest(manual, automatic);
    expectClose(backward.diff, -(forward.diff ?? Number.NaN), 1e-15);
    expectClose(backward.t, -(forward.t ?? Number.NaN), 1e-15);
    expectClose(backward.ciLow, -(forward.ciHigh ?? Number.NaN), 1e-15);
    expectClose(backward.df, forward.df, 1e-15);
    expectClose(backward.p, forward.p, 1e-15);
  });

  it('gives diff 0, t 0 and p 1 for identical groups', () => {
    const result = welchTTest(automatic, automatic);
    expect(result.diff).toBe(0);
    expect(result.t).toBe(0);
    expect(result.p).toBe(1);
    expectClose(result.ciHigh, -(result.ciLow ?? Number.NaN), 1e-15);
  });

  it('with one constant group, is the one-sample test of the other against that constant', () => {
    const constant = momentsOf([0.5, 0.5, 0.5, 0.5]);
    const welch = welchTTest(constant, momentsOf(SLEEP_DRUG_2));
    const oneSample = pairedTTest(momentsOf(SLEEP_DRUG_2.map((x) => x - 0.5)));
    expectClose(welch.t, oneSample.t, 1e-12);
    expectClose(welch.df, 9, 1e-12);
    expectClose(welch.p, oneSample.p, 1e-9);
    expectClose(welch.ciLow, oneSample.ciLow, 1e-12);
  });

  it('gives only diff when a group has fewer than 2 values, and nothing when one is empty', () => {
    const one = momentsOf([3]);
    expect(welchTTest(one, manual)).toEqual({
      diff: manual.mean - 3,
      ciLow: null,
      ciHigh: null,
      t: null,
      df: null,
      p: null,
    });
    expect(welchTTest(EMPTY_MOMENTS, manual).diff).toBeNull();
    expect(welchTTest(manual, EMPTY_MOMENTS).diff).toBeNull();
  });

  it('gives no inference when both groups are constant', () => {
    expect(welchTTest(momentsOf([1, 1]), momentsOf([4, 4, 4]))).toEqual({
      diff: 3,
      ciLow: null,
      ciHigh: null,
      t: null,
      df: null,
      p: null,
    });
  });

  it('is unchanged by adding a constant to every value of both groups', () => {
    const shiftedA = momentsOf(where(MTCARS_MPG, MTCARS_AM, 0).map((x) => x + 500));
    const shiftedB = momentsOf(where(MTCARS_MPG, MTCARS_AM, 1).map((x) => x + 500));
    expectResult(welchTTest(shiftedA, shiftedB), welchTTest(automatic, manual), 1e-9);
  });

  it('scales diff and CI with the units and leaves t, df and p unchanged', () => {
    const factor = 6.894757;
    const base = welchTTest(automatic, manual);
    const scaled = welchTTest(
      momentsOf(where(MTCARS_MPG, MTCARS_AM, 0).map((x) => x * factor)),
      momentsOf(where(MTCARS_MPG, MTCARS_AM, 1).map((x) => x * factor)),
    );
    for (const key of ['diff', 'ciLow', 'ciHigh'] as const) {
      expectClose(scaled[key], (base[key] ?? Number.NaN) * factor, 1e-12, key);
    }
    for (const key of ['t', 'df', 'p'] as const) expectClose(scaled[key], base[key], 1e-12, key);
  });
});
