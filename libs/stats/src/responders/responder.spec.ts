import { MEASURES } from '../measures/measures.js';
import { isResponder, MCID_RELATIVE_TOLERANCE } from './responder.js';

describe('isResponder', () => {
  it('counts a rise of at least the MCID when higher is better (PPT)', () => {
    const { direction } = MEASURES.ppt;
    expect(isResponder(20.6, 20.6, direction)).toBe(true);
    expect(isResponder(35, 20.6, direction)).toBe(true);
    expect(isResponder(20.5, 20.6, direction)).toBe(false);
    expect(isResponder(-30, 20.6, direction)).toBe(false);
  });

  it('counts a fall of at least the MCID when lower is better (pain NRS)', () => {
    const { direction } = MEASURES.pain_nrs;
    expect(isResponder(-2, 2, direction)).toBe(true);
    expect(isResponder(-5, 2, direction)).toBe(true);
    expect(isResponder(-1.9, 2, direction)).toBe(false);
    expect(isResponder(3, 2, direction)).toBe(false);
  });

  it('counts a change that equals the MCID on paper but falls short in binary', () => {
    expect(1.3 - 1.1).toBeLessThan(0.2);
    expect(isResponder(1.3 - 1.1, 0.2, 'higher-is-better')).toBe(true);
    expect(isResponder(1.1 - 1.3, 0.2, 'lower-is-better')).toBe(true);
    // ...but nothing that falls short by more than the tolerance.
    expect(isResponder(0.2 * (1 - 10 * MCID_RELATIVE_TOLERANCE), 0.2, 'higher-is-better')).toBe(false);
  });

  it('with an MCID of 0, counts any change in the better direction, and no change', () => {
    expect(isResponder(0, 0, 'higher-is-better')).toBe(true);
    expect(isResponder(-0.001, 0, 'higher-is-better')).toBe(false);
    expect(isResponder(0.001, 0, 'lower-is-better')).toBe(false);
  });

  it('refuses a negative or non-finite MCID and a non-finite change', () => {
    expect(() => isResponder(1, -2, 'higher-is-better')).toThrow(RangeError);
    expect(() => isResponder(1, Number.NaN, 'higher-is-better')).toThrow(RangeError);
    expect(() => isResponder(Number.NaN, 2, 'higher-is-better')).toThrow(RangeError);
  });
});
