import { isPositiveInteger, looksLikeDecimalComma, parseDecimal, parseIsoDate } from './parse-values.js';

/** The decimal grammar that parseDecimal implements with Number() and a few checks. */
const DECIMAL_GRAMMAR = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

describe('parseDecimal', () => {
  it.each([
    ['12', 12],
    ['-0.5', -0.5],
    ['+3', 3],
    ['.5', 0.5],
    ['5.', 5],
    ['1e3', 1000],
    ['2.5E-1', 0.25],
    ['0e5', 0],
    ['007', 7],
    ['1e999', Infinity],
  ])('reads %s', (text, expected) => {
    expect(parseDecimal(text)).toBe(expected);
  });

  it.each([
    '',
    ' 12',
    '12 ',
    '0x10',
    '0b1',
    '0o7',
    'Infinity',
    '-Infinity',
    'NaN',
    '12,5',
    '1_000',
    '.',
    '-',
    '1e',
    'e5',
    '١٢',
  ])('refuses %j', (text) => {
    expect(parseDecimal(text)).toBeNaN();
  });

  it('agrees with the grammar on many random strings of number-like characters', () => {
    const alphabet = '0123456789+-.eExXbBoO ,_I\t';
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed % n;
    };
    for (let k = 0; k < 50_000; k++) {
      let text = '';
      for (let length = 1 + random(6); length > 0; length--) text += alphabet[random(alphabet.length)];
      const expected = DECIMAL_GRAMMAR.test(text) ? Number(text) : Number.NaN;
      expect([text, parseDecimal(text)]).toEqual([text, expected]);
    }
  });

  it('recognises a decimal comma, for the hint in the message', () => {
    expect(looksLikeDecimalComma('12,5')).toBe(true);
    expect(looksLikeDecimalComma('12')).toBe(false);
  });
});

describe('isPositiveInteger', () => {
  it('accepts 1, 2, ... and refuses 0, fractions, negatives and unsafe integers', () => {
    expect([1, 12, 1.0].every(isPositiveInteger)).toBe(true);
    expect([0, -1, 1.5, Number.NaN, 2 ** 60].some(isPositiveInteger)).toBe(false);
  });
});

describe('parseIsoDate', () => {
  it.each([
    ['2024-03-07', '2024-03-07'],
    ['20240307', '2024-03-07'],
    ['2024-02-29', '2024-02-29'],
    ['2000-02-29', '2000-02-29'],
    ['2024-12-31', '2024-12-31'],
    ['0001-01-01', '0001-01-01'],
  ])('reads %s', (text, expected) => {
    expect(parseIsoDate(text)).toBe(expected);
  });

  it.each([
    '2023-02-29',
    '1900-02-29',
    '2024-04-31',
    '2024-13-01',
    '2024-00-10',
    '2024-01-00',
    '2024-3-7',
    '07/03/2024',
    '2024-03-07T10:00',
    '2024-0307',
    '0000-01-01',
    '',
  ])('refuses %j', (text) => {
    expect(parseIsoDate(text)).toBeNull();
  });
});
