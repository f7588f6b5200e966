import { focusedDomain } from './axis-domain.js';

describe('focused value axis', () => {
  it('covers every estimate and every ordinary interval', () => {
    const result = focusedDomain([
      { value: 10, low: 5, high: 15 },
      { value: 20, low: 12, high: 28 },
    ]);
    expect(result).toEqual({ domain: [5, 28], cut: 0 });
  });

  it('cuts an interval more than four times the median width, but keeps its estimate', () => {
    // The demo practice data: myofascial release at session 9 has two pairs and a ±320 kPa interval.
    const result = focusedDomain([
      { value: 9.4, low: 6.1, high: 12.7 },
      { value: 14, low: 8, high: 20 },
      { value: 6.1, low: 3.6, high: 8.5 },
      { value: 5, low: -310, high: 320 },
    ]);
    expect(result).toEqual({ domain: [3.6, 20], cut: 1 });
  });

  it('adds reference values (zero, the MCID) and widens a single value', () => {
    expect(focusedDomain([{ value: 5, low: null, high: null }], [0, 20.6])?.domain).toEqual([0, 20.6]);
    expect(focusedDomain([{ value: 5, low: null, high: null }])?.domain).toEqual([4, 6]);
    expect(focusedDomain([])).toBeNull();
  });
});
