import { adjustPresent, ascendingOrder } from './adjust-present.js';

describe('adjustPresent', () => {
  it('adjusts only the present p-values and keeps nulls in place', () => {
    const seen: number[][] = [];
    const result = adjustPresent([0.2, null, 0.4, null], (present) => {
      seen.push([...present]);
      return present.map((p) => p * 2);
    });
    expect(seen).toEqual([[0.2, 0.4]]);
    expect(result).toEqual([0.4, null, 0.8, null]);
  });

  it('returns an empty list for no p-values, and all nulls for only nulls', () => {
    expect(adjustPresent([], (present) => [...present])).toEqual([]);
    expect(adjustPresent([null, null], (present) => [...present])).toEqual([null, null]);
  });

  it('refuses values that are not p-values', () => {
    for (const bad of [-0.1, 1.5, Number.NaN]) {
      expect(() => adjustPresent([0.1, bad], (present) => [...present])).toThrow(RangeError);
    }
  });
});

describe('ascendingOrder', () => {
  it('orders indices by value and keeps ties in input order', () => {
    expect(ascendingOrder([0.3, 0.1, 0.3, 0.2])).toEqual([1, 3, 0, 2]);
  });
});
