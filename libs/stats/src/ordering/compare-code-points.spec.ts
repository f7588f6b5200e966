import { compareCodePoints } from './compare-code-points.js';

describe('compareCodePoints', () => {
  it('orders ASCII as byte order: upper case before lower case, prefixes first', () => {
    expect(['deep_tissue', 'Male', 'Female', 'all', 'al'].sort(compareCodePoints)).toEqual([
      'Female',
      'Male',
      'al',
      'all',
      'deep_tissue',
    ]);
  });

  it('returns 0 for equal strings and a sign for the order', () => {
    expect(compareCodePoints('sham', 'sham')).toBe(0);
    expect(compareCodePoints('', 'a')).toBeLessThan(0);
    expect(compareCodePoints('b', 'a')).toBeGreaterThan(0);
  });

  it('puts a character above U+FFFF after U+FFFD, where UTF-16 code-unit order does not', () => {
    const emoji = '\u{1F600}'; // code point 0x1F600, stored as the surrogate pair D83D DE00
    const replacement = '\uFFFD';
    expect(compareCodePoints(replacement, emoji)).toBeLessThan(0);
    expect([emoji, replacement].sort()).toEqual([emoji, replacement]); // the code-unit order
    expect([emoji, replacement].sort(compareCodePoints)).toEqual([replacement, emoji]);
  });
});
