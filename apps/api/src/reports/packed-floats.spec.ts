/**
 * Packed floats (packed-floats.ts) are exact: doubles packed by the database (float8send,
 * concatenated into a bytea as the report statement does) come back as the same doubles, on both
 * databases (a Buffer from node-postgres, a Uint8Array from the embedded one), including the
 * awkward ones (negative zero, the smallest subnormal, the largest finite, 17 significant digits).
 */
import { DataSource } from 'typeorm';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { unpackFloatRows, unpackFloats } from './packed-floats.js';

describe('packed floats', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  }, 120_000);
  afterAll(() => t.close());

  const awkward = [0.1, -0, 5e-324, Number.MAX_VALUE, -Number.MAX_VALUE, 1 / 3, 2 ** 53 + 2, 20.599999979400003, 123.456];
  const many = Array.from({ length: 1000 }, (_, i) => Math.sin(i) * 10 ** (i % 12));

  const packedByDatabase = async (values: number[]): Promise<Uint8Array | null> => {
    const [{ packed }]: { packed: Uint8Array | null }[] = await t.app.get(DataSource).query(
      `SELECT string_agg(float8send(v), ''::bytea ORDER BY i) AS packed
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
      unpacked.forEach((value, i) => expect(Object.is(value, values[i])).toBe(true));
    }
  });

  it('come back in rows, and refuse a length that is not whole rows or whole doubles', async () => {
    const packed = await packedByDatabase(many.slice(0, 12));
    expect(unpackFloatRows(packed, 6)).toEqual([many.slice(0, 6), many.slice(6, 12)]);
    expect(unpackFloatRows(null, 6)).toBeNull();
    expect(await packedByDatabase([])).toBeNull();
    expect(() => unpackFloatRows(packed, 5)).toThrow(/not rows of 5/);
    expect(() => unpackFloats(Uint8Array.from([1, 2, 3]))).toThrow(/not a whole number of doubles/);
  });
});
