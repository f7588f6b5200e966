import { FEW_CLIENTS, isTooFew, missingIntervalReason } from './small-numbers.js';

describe('small numbers', () => {
  it('calls 1 to 4 clients too few, 5 and more not, and leaves a withheld count alone', () => {
    expect(FEW_CLIENTS).toBe(5);
    expect([1, 2, 3, 4].every(isTooFew)).toBe(true);
    expect([5, 6, 100].some(isTooFew)).toBe(false);
    expect(isTooFew(null)).toBe(false);
  });

  it('says why an interval is missing', () => {
    expect(missingIntervalReason(1, null)).toBe('no interval: one client has no spread to measure');
    expect(missingIntervalReason(3, 0)).toBe('no interval: every client changed by the same amount');
    expect(missingIntervalReason(0, null)).toBe('no clients to compute an interval from');
  });
});
