import { EMPTY_MOMENTS, momentsOf } from '../descriptive/moments.js';
import { MTCARS_MPG, SLEEP_DRUG_1, SLEEP_DRUG_2 } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { pairedTTest, type PairedTTestResult } from './paired-t-test.js';

const sleepChanges = SLEEP_DRUG_2.map((x, i) => x - SLEEP_DRUG_1[i]);

function expectResult(actual: PairedTTestResult, expected: PairedTTestResult, relTol = 1e-9): void {
  expect(actual.n).toBe(expected.n);
  for (const key of ['meanChange', 'sd', 'ciLow', 'ciHigh', 't', 'df', 'p', 'dz'] as const) {
    expectClose(actual[key], expected[key], relTol, key);
  }
}

// Expected values: libs/stats/test-fixtures/t-test.R (R 4.2.2).
describe('pairedTTest', () => {
  it('matches R t.test(d2, d1, paired = TRUE) on Student’s sleep data', () => {
    expectResult(pairedTTest(momentsOf(sleepChanges)), {
      n: 10,
      meanChange: 1.5800000000000001, // $estimate
      sd: 1.2299954832798732, // sd(d2 - d1)
      ciLow: 0.70011423672301754, // $conf.int
      ciHigh: 2.4598857632769824,
      t: 4.0621276833820366, // $statistic
      df: 9, // $parameter
      p: 0.0028328901973842702, // $p.value
      dz: 1.2845575625910546, // mean(d2 - d1) / sd(d2 - d1)
    });
  });

  it('matches R at another confidence level', () => {
    const result = pairedTTest(momentsOf(sleepChanges), 0.99);
    expectClose(result.ciLow, 0.31594811489517521); // t.test(d2, d1, paired = TRUE, conf.level = 0.99)
    expectClose(result.ciHigh, 2.8440518851048249);
    expectClose(result.p, 0.0028328901973842702);
  });

  it('keeps a tiny p for a huge t', () => {
    expectResult(pairedTTest(momentsOf(MTCARS_MPG.map((x) => x + 100))), {
      n: 32,
      meanChange: 120.090625, // t.test(mtcars$mpg + 100)
      sd: 6.0269480520891046,
      ciLow: 117.91767850874625,
      ciHigh: 122.26357149125377,
      t: 112.71627969648249,
      df: 31,
      p: 4.3789481407908685e-42,
      dz: 19.925611430875584,
    });
  });

  it('matches R with n = 2 (1 df)', () => {
    expectResult(pairedTTest(momentsOf([4.2, 7.9])), {
      n: 2,
      meanChange: 6.0500000000000007, // t.test(c(4.2, 7.9))
      sd: 2.616295090390226,
      ciLow: -17.456478761923186,
      ciHigh: 29.556478761923184,
      t: 3.2702702702702706,
      df: 1,
      p: 0.18892058487508179,
      dz: 2.3124302844208717,
    });
  });

  it('gives nulls for n = 0 and n = 1, keeping the mean of one change', () => {
    const none = {
      meanChange: null,
      sd: null,
      ciLow: null,
      ciHigh: null,
      t: null,
      df: null,
      p: null,
      dz: null,
    };
    expect(pairedTTest(EMPTY_MOMENTS)).toEqual({ n: 0, ...none });
    expect(pairedTTest(momentsOf([1.5]))).toEqual({ n: 1, ...none, meanChange: 1.5 });
  });

  it('gives null t, p and dz when every change is the same (R: "data are essentially constant")', () => {
    expect(pairedTTest(momentsOf([2, 2, 2]))).toEqual({
      n: 3,
      meanChange: 2,
      sd: 0,
      ciLow: 2,
      ciHigh: 2,
      t: null,
      df: 2,
      p: null,
      dz: null,
    });
    expect(pairedTTest(momentsOf([0, 0])).t).toBeNull();
    // Equal but for the last bit of 0.1: R refuses these as "essentially constant", and so do we.
    const noisy = pairedTTest(momentsOf([0.1, 0.1, 0.1 + 0.1 * Number.EPSILON]));
    expect(noisy.sd).toBeGreaterThan(0);
    expect(noisy.t).toBeNull();
    expect(noisy.p).toBeNull();
  });

  it('is unchanged when a constant is added to every pre and post value', () => {
    const shifted = SLEEP_DRUG_2.map((x, i) => x + 250 - (SLEEP_DRUG_1[i] + 250));
    expectResult(pairedTTest(momentsOf(shifted)), pairedTTest(momentsOf(sleepChanges)), 1e-9);
  });

  it('scales mean, SD and CI with the units and leaves t, df, p and dz unchanged', () => {
    const kPaPerKgCm2 = 98.0665;
    const base = pairedTTest(momentsOf(sleepChanges));
    const scaled = pairedTTest(momentsOf(sleepChanges.map((x) => x * kPaPerKgCm2)));
    for (const key of ['meanChange', 'sd', 'ciLow', 'ciHigh'] as const) {
      expectClose(scaled[key], (base[key] ?? Number.NaN) * kPaPerKgCm2, 1e-12, key);
    }
    for (const key of ['t', 'df', 'p', 'dz'] as const) expectClose(scaled[key], base[key], 1e-12, key);
  });
});
