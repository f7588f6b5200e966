import { BadRequestException } from '@nestjs/common';
import { QueryParameters, type RawQuery } from './query-parameters.js';

const parameters = (query: RawQuery) => new QueryParameters(query, ['n', 'text']);

describe('QueryParameters', () => {
  it('refuses a value the database cannot store, in any known parameter, read or not', () => {
    expect(() => parameters({ text: 'a\u0000' })).toThrow('text must not contain a NUL character (U+0000)');
    expect(() => parameters({ text: ['ok', '\ud800'] })).toThrow(/^text must not contain an unpaired UTF-16 surrogate/);
  });

  describe('decimal', () => {
    it.each<[string, number]>([
      ['0', 0],
      ['2', 2],
      ['0.5', 0.5],
      ['.5', 0.5],
      ['1e3', 1000],
    ])('reads %j as %d', (text, number) => {
      expect(parameters({ n: text }).decimal('n', { min: 0 })).toBe(number);
    });

    it('takes an empty or absent value as none', () => {
      expect(parameters({ n: '' }).decimal('n', { min: 0 })).toBeUndefined();
      expect(parameters({}).decimal('n', { min: 0 })).toBeUndefined();
    });

    it.each(['0x10', '0b1', ' 1', '1 ', 'Infinity', '1e400', 'abc', '1,5', '-1'])('refuses %j', (text) => {
      expect(() => parameters({ n: text }).decimal('n', { min: 0 })).toThrow(BadRequestException);
      expect(() => parameters({ n: text }).decimal('n', { min: 0 })).toThrow(`n must be a number >= 0, got "${text}"`);
    });
  });

  describe('integer', () => {
    const range = { min: 1, max: 1000, fallback: 100 };

    it('reads decimal digits, and gives the fallback when absent or empty', () => {
      expect(parameters({ n: '7' }).integer('n', range)).toBe(7);
      expect(parameters({ n: '0010' }).integer('n', range)).toBe(10);
      expect(parameters({ n: '' }).integer('n', range)).toBe(100);
      expect(parameters({}).integer('n', range)).toBe(100);
    });

    it.each(['0', '1001', '1e2', '0x10', '+5', '-5', '5.0', ' 5', '1'.repeat(17)])('refuses %j', (text) => {
      expect(() => parameters({ n: text }).integer('n', range)).toThrow(`n must be a whole number from 1 to 1000, got "${text}"`);
    });
  });
});
