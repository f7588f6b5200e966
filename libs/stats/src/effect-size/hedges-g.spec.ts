import { momentsOf } from '../descriptive/moments.js';
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
import { hedgesG, type HedgesGResult } from './hedges-g.js';

function expectResult(actual: HedgesGResult, expected: HedgesGResult, relTol = 1e-9): void {
  for (const key of ['g', 'ciLow', 'ciHigh'] as const) expectClose(actual[key], expected[key], relTol, key);
}

// Expected values: libs/stats/test-fixtures/effect-size.R, the contract's formula written in R 4.2.2,
// with z = qnorm(0.975) as in the reference fixture (see hedges-g.ts).
describe('hedgesG', () => {
  it('matches R on the sleep data (drug 1 = a, drug 2 = b)', () => {
    expectResult(hedgesG(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_2)), {
      g: 0.79701850044744638,
      ciLow: -0.11363940824303842,
      ciHigh: 1.7076764091379313,
    });
  });

  it('matches R on mtcars mpg, automatic (a) vs manual (b), unequal group sizes', () => {
    expectResult(
      hedgesG(momentsOf(where(MTCARS_MPG, MTCARS_AM, 0)), momentsOf(where(MTCARS_MPG, MTCARS_AM, 1))),
      {
        g: 1.4406879253191958,
        ciLow: 0.65185265201645581,
        ciHigh: 2.2295231986219357,
      },
    );
  });

  it('matches R on ToothGrowth, OJ (a) vs VC (b), a negative g', () => {
    const oj = momentsOf(where(TOOTHGROWTH_LEN, TOOTHGROWTH_SUPP, 'OJ'));
    const vc = momentsOf(where(TOOTHGROWTH_LEN, TOOTHGROWTH_SUPP, 'VC'));
    expectResult(hedgesG(oj, vc), {
      g: -0.48809780105748723,
      ciLow: -1.0016382705245765,
      ciHigh: 0.025442668409602076,
    });
  });

  it('matches R at another confidence level', () => {
    const result = hedgesG(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_2), 0.9);
    expectClose(result.ciLow, 0.032770291890135028);
    expectClose(result.ciHigh, 1.5612667090047578);
  });

  it('uses qnorm(0.975), not the contract’s rounded 1.959964, as orthodont.expected.json does', () => {
    // Cumulative change from session 1 to 4 per child in /work/shared/reference/orthodont.csv.
    const female = momentsOf([2, 4.5, 5.5, 3, 2, 2.5, 3.5, 1, 1.5, 3, 3.5]);
    const male = momentsOf([5, 5, 4.5, 1.5, 6, 4, 4.5, 1.5, 3, 4, 2, 6.5, 12.5, 3.5, 7, 3]);
    // The fixture's hedgesG, gCiLow and gCiHigh; with 1.959964, gCiLow would be -0.0601217712676799.
    expectResult(hedgesG(female, male), {
      g: 0.731983332152,
      ciLow: -0.0601217650193,
      ciHigh: 1.52408842932,
    });
  });

  it('is 0 with a symmetric interval for identical groups', () => {
    const result = hedgesG(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_1));
    expect(result.g).toBe(0);
    expectClose(result.ciHigh, -(result.ciLow ?? Number.NaN), 1e-15);
  });

  it('is null when the pooled SD is 0 or undefined', () => {
    expect(hedgesG(momentsOf([1, 1]), momentsOf([2, 2]))).toEqual({ g: null, ciLow: null, ciHigh: null });
    expect(hedgesG(momentsOf([1]), momentsOf([2]))).toEqual({ g: null, ciLow: null, ciHigh: null });
  });

  it('is unchanged by a shift of origin or a change of units', () => {
    const base = hedgesG(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_2));
    const shifted = hedgesG(
      momentsOf(SLEEP_DRUG_1.map((x) => x + 40)),
      momentsOf(SLEEP_DRUG_2.map((x) => x + 40)),
    );
    const scaled = hedgesG(
      momentsOf(SLEEP_DRUG_1.map((x) => x * 10)),
      momentsOf(SLEEP_DRUG_2.map((x) => x * 10)),
    );
    expectResult(shifted, base, 1e-9);
    expectResult(scaled, base, 1e-12);
  });
});
