/**
 * Packed floats (packed-floats.ts) are exact: doubles packed by the database as the report
 * statement packs them (float8send, concatenated, base64 in lines of 76 characters) come back as
 * the same doubles, on both databases, including the awkward ones (negative zero, the smallest
 * subnormal, the largest finite, 17 significant digits).
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { concatFloats, unpackFloats } from './packed-floats.js';

describe('packed floats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const awkward = [0.1, -0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1 / 3, 2 ** 53 + 2, 20.599999979400003, 123.456];
  const many = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** (i % 12));

  const packedByDatabase = async (values: number[]): Promise<string | null> => {
    const [{ packed }]: { packed: string | null }[] = await t.app.get(DataSource).query(
      `SELECT encode(string_agg(float8send(v), ''::bytea ORDER BY i), 'base64') AS packed
         FROM unnest($1::text[]::float8[]) WITH ORDINALITY AS t(v, i)`,
      // As text: a number parameter would be sent as String(-0), which is "0".
      [values.map((value) => (Object.is(value, -0) ? '-0' : String(value)))],
    );
    return packed;
  };

  it('come back as the very doubles the database packed', async () => {
    for (const values of [awkward, many, []]) {
      const unpacked = unpackFloats(await packedByDatabase(values));
      expect(unpacked).toHaveLength(values.length);
      Array.from(unpacked).forEach((value, i) => expect(Object.is(value, values[i])).toBe(true));
    }
  });

  it('come back whole, joined in order, and a length that is not whole doubles is refused', async () => {
    const first = unpackFloats(await packedByDatabase(many.slice(0, 12)));
    const second = unpackFloats(await packedByDatabase(many.slice(12, 20)));
    expect(Array.from(concatFloats([first, second]))).toEqual(many.slice(0, 20));
    expect(await packedByDatabase([])).toBeNull();
    expect(unpackFloats(null)).toHaveLength(0);
    expect(() => unpackFloats(Buffer.from([1, 2, 3]).toString('base64'))).toThrow(/not a whole number of doubles/);
  });
});
