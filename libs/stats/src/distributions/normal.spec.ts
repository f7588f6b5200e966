import { expectClose } from '../testing/expect-close.js';
import { normalQuantile } from './normal.js';

// Expected values: libs/stats/test-fixtures/distributions.R (R 4.2.2).
describe('normalQuantile', () => {
  it('matches R qnorm', () => {
    expectClose(normalQuantile(0.975), 1.9599639845400536); // qnorm(0.975)
    expectClose(normalQuantile(0.995), 2.5758293035488999); // qnorm(0.995)
    expectClose(normalQuantile(0.1), -1.2815515655446008); // qnorm(0.1)
    expect(normalQuantile(0.5)).toBe(0);
  });

  it('is null where the quantile is infinite or undefined', () => {
    expect(normalQuantile(0)).toBeNull();
    expect(normalQuantile(1)).toBeNull();
    expect(normalQuantile(-0.1)).toBeNull();
    expect(normalQuantile(Number.NaN)).toBeNull();
  });
});
