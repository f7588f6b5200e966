import { createHmac } from 'node:crypto';
import { Pseudonymizer } from './pseudonymizer.js';

describe('Pseudonymizer', () => {
  const secret = 'a-deployment-secret-of-some-length';

  it('is HMAC-SHA-256 of the kind and the id, truncated to 128 bits', () => {
    const expected = createHmac('sha256', secret).update('client\u0000c000123').digest('hex').slice(0, 32);
    expect(new Pseudonymizer(secret).key('client', 'c000123')).toBe(expected);
  });

  it('gives unrelated keys to the same id of different kinds, and under different secrets', () => {
    const p = new Pseudonymizer(secret);
    expect(p.key('client', 'x1')).not.toBe(p.key('therapist', 'x1'));
    expect(new Pseudonymizer(`${secret}!`).key('client', 'x1')).not.toBe(p.key('client', 'x1'));
  });

  it('remembers keys per kind, and gives the same keys once its memory was cleared', () => {
    const p = new Pseudonymizer(secret, 2);
    const first = ['c1', 'c2', 'c3'].map((id) => p.key('client', id));
    expect(p.key('therapist', 'c1')).toBe(createHmac('sha256', secret).update('therapist\u0000c1').digest('hex').slice(0, 32));
    expect(['c1', 'c2', 'c3'].map((id) => p.key('client', id))).toEqual(first);
    expect(Buffer.from(p.keyBytes('client', 'c2')).toString('hex')).toBe(first[1]);
  });

  it('keeps stored keys given as filters and hashes clinic ids', () => {
    const p = new Pseudonymizer(secret);
    const stored = p.key('clinic', 'k03');
    expect(p.keyForFilter('clinic', stored)).toBe(stored);
    expect(p.keyForFilter('clinic', 'k03')).toBe(stored);
  });

  it('keeps stored clinic and therapist keys for the session form’s rows, and hashes client ids as ever', () => {
    const p = new Pseudonymizer(secret);
    const clinicKey = p.key('clinic', 'k1');
    const keeping = p.keepingPlaceKeys();
    expect(keeping.key('clinic', clinicKey)).toBe(clinicKey);
    expect(keeping.key('therapist', p.key('therapist', 't1'))).toBe(p.key('therapist', 't1'));
    expect(keeping.key('client', 'c1')).toBe(p.key('client', 'c1'));
    expect(Buffer.from(keeping.keyBytes('client', 'c1')).toString('hex')).toBe(p.key('client', 'c1'));
    // A clinic's own id is not a stored key: a row that carried one is a bug of the door, not data.
    expect(() => keeping.key('clinic', 'k1')).toThrow('a clinic key must be a stored key');
  });

  it('refuses a short secret', () => {
    expect(() => new Pseudonymizer('short')).toThrow('at least 16 characters');
  });
});
