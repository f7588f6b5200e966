import { isPlausibleToken, parseHashToken } from './auth.js';

describe('admin token from the location hash', () => {
  it('reads #token= and leaves nothing behind', () => {
    expect(parseHashToken('#token=abc123def456')).toEqual({ token: 'abc123def456', remainingHash: '' });
  });

  it('keeps other hash parameters', () => {
    expect(parseHashToken('#section=2&token=abc123def456')).toEqual({
      token: 'abc123def456',
      remainingHash: '#section=2',
    });
  });

  it('finds no token in an empty or unrelated hash', () => {
    expect(parseHashToken('')).toEqual({ token: undefined, remainingHash: '' });
    expect(parseHashToken('#main')).toEqual({ token: undefined, remainingHash: '#main' });
  });

  it('refuses values that cannot be a token (too short, spaces)', () => {
    expect(parseHashToken('#token=abc').token).toBeUndefined();
    expect(parseHashToken('#token=abc%20def%20ghi').token).toBeUndefined();
    expect(isPlausibleToken('  test-admin-token-0123456789 ')).toBe(true);
    expect(isPlausibleToken('short')).toBe(false);
  });
});
