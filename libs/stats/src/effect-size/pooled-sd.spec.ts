import { EMPTY_MOMENTS, momentsOf } from '../descriptive/moments.js';
import { SLEEP_DRUG_1, SLEEP_DRUG_2 } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import { pooledSd } from './pooled-sd.js';

describe('pooledSd', () => {
  it('matches the pooled SD R computes for the sleep data', () => {
    // sqrt((9 * var(d1) + 9 * var(d2)) / 18): libs/stats/test-fixtures/effect-size.R
    expectClose(pooledSd(momentsOf(SLEEP_DRUG_1), momentsOf(SLEEP_DRUG_2)), 1.8986252336303178);
  });

  it('is the common SD when both groups have it', () => {
    expectClose(pooledSd(momentsOf([1, 3]), momentsOf([10, 12, 14])), Math.sqrt((2 + 8) / 3), 1e-15);
  });

  it('is null without residual df or with an empty group', () => {
    expect(pooledSd(momentsOf([1]), momentsOf([2]))).toBeNull();
    expect(pooledSd(EMPTY_MOMENTS, momentsOf([1, 2, 3]))).toBeNull();
  });
});
