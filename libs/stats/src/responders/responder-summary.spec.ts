import { expectClose } from '../testing/expect-close.js';
import { responderSummaryFromCount, summariseResponders } from './responder-summary.js';

describe('summariseResponders', () => {
  it('counts responders in the better direction and gives the Wilson interval of the rate', () => {
    // 9 of 11 changes reach +2: prop.test(9, 11, correct = FALSE)$conf.int (test-fixtures/proportion.R).
    const changes = [2, 3.5, 2, 4, 6, 2.5, 1, 3, 0.5, 5, 2];
    const summary = summariseResponders(changes, 2, 'higher-is-better');
    expect(summary).toMatchObject({ threshold: 2, n: 11, count: 9 });
    expectClose(summary.rate, 9 / 11, 1e-15);
    expectClose(summary.ciLow, 0.52301943803915607);
    expectClose(summary.ciHigh, 0.94863231025391503);
  });

  it('uses the direction: the same changes, lower is better', () => {
    const summary = summariseResponders([-3, -2, 1, 4], 2, 'lower-is-better');
    expect(summary).toMatchObject({ n: 4, count: 2, rate: 0.5 });
  });

  it('gives nulls for no clients, as student_sleep.expected.json', () => {
    expect(summariseResponders([], 1, 'higher-is-better')).toEqual({
      threshold: 1,
      n: 0,
      count: 0,
      rate: null,
      ciLow: null,
      ciHigh: null,
    });
  });

  it('gives exact bounds of 0 and 1 when none or all respond', () => {
    expect(summariseResponders([0, 0.5], 2, 'higher-is-better')).toMatchObject({
      count: 0,
      rate: 0,
      ciLow: 0,
    });
    expect(summariseResponders([3, 4], 2, 'higher-is-better')).toMatchObject({
      count: 2,
      rate: 1,
      ciHigh: 1,
    });
  });

  it('leaves the rate unchanged when changes and MCID change units together', () => {
    const changes = [0.1, 0.25, 0.3, -0.2, 0.21];
    const kgCm2 = summariseResponders(changes, 0.21, 'higher-is-better');
    const kPa = summariseResponders(
      changes.map((x) => x * 98.0665),
      0.21 * 98.0665,
      'higher-is-better',
    );
    expect(kPa.count).toBe(kgCm2.count);
    expect(kPa.rate).toBe(kgCm2.rate);
  });
});

describe('responderSummaryFromCount', () => {
  it('matches the summary of the changes themselves', () => {
    // prop.test(14, 16, correct = FALSE)$conf.int (test-fixtures/proportion.R).
    const summary = responderSummaryFromCount(14, 16, 2);
    expect(summary).toMatchObject({ threshold: 2, n: 16, count: 14, rate: 0.875 });
    expectClose(summary.ciLow, 0.63977172734241317);
    expectClose(summary.ciHigh, 0.9650225122567595);
  });

  it('refuses impossible counts and MCIDs', () => {
    expect(() => responderSummaryFromCount(3, 2, 2)).toThrow(RangeError);
    expect(() => responderSummaryFromCount(1, 2, -1)).toThrow(RangeError);
  });
});
