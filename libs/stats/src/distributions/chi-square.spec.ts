import { expectClose } from '../testing/expect-close.js';
import { chiSquareUpperTail } from './chi-square.js';

// Expected values: libs/stats/test-fixtures/distributions.R (R 4.2.2).
describe('chiSquareUpperTail', () => {
  it('matches R pchisq(lower.tail = FALSE)', () => {
    expectClose(chiSquareUpperTail(0.16, 1), 0.68915651677935175); // pchisq(0.16, 1, lower.tail = FALSE)
    expectClose(chiSquareUpperTail(3.84, 1), 0.050043521248705224); // pchisq(3.84, 1, lower.tail = FALSE)
    expectClose(chiSquareUpperTail(5.2, 2), 0.074273578214333877); // pchisq(5.2, 2, lower.tail = FALSE)
    expectClose(chiSquareUpperTail(7.5, 4), 0.11170929281604328); // pchisq(7.5, 4, lower.tail = FALSE)
  });

  it('keeps tiny p-values with one degree of freedom, and to 1e-16 absolute with more', () => {
    expectClose(chiSquareUpperTail(200, 1), 2.0884875837625449e-45, 1e-12); // pchisq(200, 1, lower.tail = FALSE)
    const p = 3.4457876477041906e-10; // pchisq(43.577396833140682, 2, lower.tail = FALSE)
    expectClose(chiSquareUpperTail(43.577396833140682, 2), p, 2e-16 / p);
  });

  it('is 1 at or below 0, and null for impossible arguments', () => {
    expect(chiSquareUpperTail(0, 2)).toBe(1);
    expect(chiSquareUpperTail(-1, 1)).toBe(1);
    expect(chiSquareUpperTail(Number.NaN, 1)).toBeNull();
    expect(chiSquareUpperTail(1, 0)).toBeNull();
    expect(chiSquareUpperTail(1, Number.POSITIVE_INFINITY)).toBeNull();
  });
});
