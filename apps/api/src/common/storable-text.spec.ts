import { BadRequestException } from '@nestjs/common';
import { assertStorableText, unstorableCharacterIn } from './storable-text.js';

describe('unstorableCharacterIn', () => {
  it.each(['', 'swedish', 'Ångström 指圧', 'emoji 🤲 (a surrogate pair)', 'tab\tand\u0001control'])('takes %j', (text) => {
    expect(unstorableCharacterIn(text)).toBeUndefined();
  });

  it.each<[string, RegExp]>([
    ['\u0000', /NUL/],
    ['a\u0000b', /NUL/],
    ['\ud800', /unpaired UTF-16 surrogate/],
    ['x\udc00', /unpaired UTF-16 surrogate/],
    ['\udc00\ud800', /unpaired UTF-16 surrogate/], // a pair in the wrong order
  ])('names what is wrong with %j', (text, description) => {
    expect(unstorableCharacterIn(text)).toMatch(description);
  });
});

describe('assertStorableText', () => {
  it('refuses with a 400 naming the field', () => {
    expect(() => assertStorableText('a\u0000', 'site')).toThrow(BadRequestException);
    expect(() => assertStorableText('a\u0000', 'site')).toThrow('site must not contain a NUL character (U+0000)');
    expect(() => assertStorableText('a', 'site')).not.toThrow();
  });
});
