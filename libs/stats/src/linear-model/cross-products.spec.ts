import { momentsOf } from '../descriptive/moments.js';
import { MTCARS_MPG, MTCARS_WT } from '../testing/r-datasets.js';
import { expectClose } from '../testing/expect-close.js';
import {
  crossProductsOf,
  EMPTY_CROSS_PRODUCTS,
  mergeCrossProducts,
  type CrossProducts,
} from './cross-products.js';

function expectSame(actual: CrossProducts, expected: CrossProducts): void {
  expect(actual.n).toBe(expected.n);
  for (const key of ['meanX', 'meanY', 'sxx', 'sxy', 'syy'] as const) {
    expectClose(actual[key], expected[key], 1e-12, key);
  }
}

describe('crossProductsOf', () => {
  it('agrees with the moments of each variable and with the covariance R reports', () => {
    const products = crossProductsOf(MTCARS_WT, MTCARS_MPG);
    const wt = momentsOf(MTCARS_WT);
    const mpg = momentsOf(MTCARS_MPG);
    expectClose(products.meanX, wt.mean, 1e-15);
    expectClose(products.sxx, wt.m2, 1e-14);
    expectClose(products.syy, mpg.m2, 1e-14);
    // cov(mtcars$wt, mtcars$mpg): libs/stats/test-fixtures/linear-model.R
    expectClose(products.sxy / 31, -5.1166846774193546);
  });

  it('is empty for no values and refuses mismatched or non-finite input', () => {
    expect(crossProductsOf([], [])).toEqual(EMPTY_CROSS_PRODUCTS);
    expect(crossProductsOf([2], [3])).toEqual({ n: 1, meanX: 2, meanY: 3, sxx: 0, sxy: 0, syy: 0 });
    expect(() => crossProductsOf([1, 2], [1])).toThrow(RangeError);
    expect(() => crossProductsOf([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});

describe('mergeCrossProducts', () => {
  const whole = crossProductsOf(MTCARS_WT, MTCARS_MPG);

  it('combines chunks into the cross-products of the whole sample', () => {
    for (const cut of [1, 7, 16, 31]) {
      const merged = mergeCrossProducts(
        crossProductsOf(MTCARS_WT.slice(0, cut), MTCARS_MPG.slice(0, cut)),
        crossProductsOf(MTCARS_WT.slice(cut), MTCARS_MPG.slice(cut)),
      );
      expectSame(merged, whole);
    }
  });

  it('can be fed one pair at a time, and has EMPTY_CROSS_PRODUCTS as identity', () => {
    const streamed = MTCARS_WT.reduce(
      (acc, x, i) => mergeCrossProducts(acc, crossProductsOf([x], [MTCARS_MPG[i]])),
      EMPTY_CROSS_PRODUCTS,
    );
    expectSame(streamed, whole);
    expect(mergeCrossProducts(whole, EMPTY_CROSS_PRODUCTS)).toBe(whole);
    expect(mergeCrossProducts(EMPTY_CROSS_PRODUCTS, whole)).toBe(whole);
  });
});
