import { BadRequestException } from '@nestjs/common';
import { ParseIdPipe } from './parse-id.pipe.js';

describe('ParseIdPipe', () => {
  const bigint = new ParseIdPipe('claim');
  const integer = new ParseIdPipe('user', 'integer');

  it('gives a well-formed id back as its decimal text, up to the largest of the column type', () => {
    expect(bigint.transform('1')).toBe('1');
    expect(bigint.transform('9223372036854775807')).toBe('9223372036854775807');
    expect(integer.transform('2147483647')).toBe('2147483647');
  });

  it.each(['', '0', '-1', '+1', '01', '1.0', '1e3', '0x10', ' 1', '1 ', 'abc', '\u0000', '٣', '9223372036854775808', '1'.repeat(40)])(
    'refuses %j with a 400 saying what an id is',
    (id) => {
      expect(() => bigint.transform(id)).toThrow(BadRequestException);
      expect(() => bigint.transform(id)).toThrow('a claim id is a whole number from 1 to 9223372036854775807');
    },
  );

  it('refuses an integer id past 2147483647, and what is not text', () => {
    expect(() => integer.transform('2147483648')).toThrow('a user id is a whole number from 1 to 2147483647');
    expect(() => integer.transform(undefined)).toThrow(BadRequestException);
    expect(() => integer.transform(['1'])).toThrow(BadRequestException);
  });
});
