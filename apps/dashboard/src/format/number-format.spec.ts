import {
  decimalsForWidth,
  formatBytes,
  formatChange,
  formatCount,
  formatEstimate,
  formatInterval,
  formatN,
  formatNumber,
  formatP,
  formatPercent,
  formatRate,
  MISSING,
} from './number-format.js';

describe('number formatting', () => {
  it('writes numbers with fixed decimals, a true minus sign and no negative zero', () => {
    expect(formatNumber(1234.567, 1)).toBe('1,234.6');
    expect(formatNumber(-3.81, 1)).toBe('−3.8');
    expect(formatNumber(-0.04, 1)).toBe('0.0');
    expect(formatNumber(null)).toBe(MISSING);
    expect(formatNumber(Number.NaN)).toBe(MISSING);
  });

  it('chooses decimals from the width of the interval (two significant figures of it)', () => {
    expect(decimalsForWidth(62)).toBe(0);
    expect(decimalsForWidth(22.5)).toBe(0);
    expect(decimalsForWidth(9.9)).toBe(1);
    expect(decimalsForWidth(1.4)).toBe(1);
    expect(decimalsForWidth(0.31)).toBe(2);
    expect(decimalsForWidth(0.0001)).toBe(3);
    expect(decimalsForWidth(null)).toBe(1);
  });

  it('writes an estimate with its unit and 95% CI, at the precision the CI justifies', () => {
    // The sham arm of the demo trial: cumulative change at session 12.
    expect(
      formatEstimate({ value: 14.125, ciLow: 2.876104926179046, ciHigh: 25.373895073820954 }, 'kPa'),
    ).toBe('14 kPa (95% CI 3 to 25)');
    expect(formatEstimate({ value: -1.25, ciLow: -1.9, ciHigh: -0.6 }, 'score')).toBe(
      '−1.3 score (95% CI −1.9 to −0.6)',
    );
    expect(formatEstimate({ value: 70.2, ciLow: null, ciHigh: null }, 'kPa')).toBe(
      '70.2 kPa (95% CI not computable)',
    );
    expect(formatInterval(null, 3)).toBe('95% CI not computable');
  });

  it('signs changes', () => {
    expect(formatChange(14.125, 1)).toBe('+14.1');
    expect(formatChange(-3.8, 1)).toBe('−3.8');
    expect(formatChange(0.01, 1)).toBe('0.0');
    expect(formatChange(null)).toBe(MISSING);
  });

  it('writes p-values without false precision', () => {
    expect(formatP(2.39e-30)).toBe('< 0.001');
    expect(formatP(0.0042)).toBe('0.004');
    expect(formatP(0.03342)).toBe('0.03');
    expect(formatP(0.46876)).toBe('0.47');
    expect(formatP(0.999)).toBe('> 0.99');
    expect(formatP(null)).toBe(MISSING);
  });

  it('writes rates as percentages with their Wilson interval', () => {
    expect(formatPercent(0.3888888)).toBe('39%');
    expect(formatRate(0.3888888, 0.20305246572163627, 0.613809583977621)).toBe('39% (95% CI 20% to 61%)');
    expect(formatRate(null, null, null)).toBe('– (95% CI not computable)');
  });

  it('writes counts and n with thousands separators', () => {
    expect(formatCount(1200000)).toBe('1,200,000');
    expect(formatN(21)).toBe('n = 21');
  });

  it('writes sizes in decimal units', () => {
    expect(formatBytes(812)).toBe('812 B');
    expect(formatBytes(3_612_345)).toBe('3.6 MB');
    expect(formatBytes(178_000_000)).toBe('178 MB');
    expect(formatBytes(1_200_000_000)).toBe('1.2 GB');
  });
});
