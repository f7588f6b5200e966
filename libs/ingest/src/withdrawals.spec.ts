/**
 * A correction file may withdraw a stored reading by leaving its value and unit empty
 * (ReadOutcomesOptions.withdrawals); an ordinary file may not.
 */
import { readOutcomes, type ReadOutcomesOptions } from './read-outcomes.js';
import type { MeasurementRow } from './types.js';

async function* text(body: string): AsyncGenerator<Uint8Array> {
  yield Buffer.from(body);
}

async function read(body: string, options: ReadOutcomesOptions): Promise<{ rows: MeasurementRow[]; errors: unknown[] }> {
  const rows: MeasurementRow[] = [];
  const result = await readOutcomes(text(body), 'csv', { ...options, onBatch: (batch) => void rows.push(...batch) });
  return { rows, errors: [...result.errors] };
}

const FILE = 'client_id,session,phase,measure,site,value,unit\nc1,1,pre,ppt,upper_trapezius_left,,\nc1,1,post,ppt,upper_trapezius_left,3.4,kg/cm2\n';

describe('withdrawals', () => {
  it('reads a row of empty value and unit as the withdrawal of its key, in a correction', async () => {
    const { rows, errors } = await read(FILE, { withdrawals: true });
    expect(errors).toEqual([]);
    expect(rows[0]).toMatchObject({ line: 2, clientId: 'c1', session: 1, phase: 'pre', measure: 'ppt', site: 'upper_trapezius_left', withdrawn: true, rawUnit: '' });
    expect(rows[0].value).toBeNaN();
    expect(rows[1]).not.toHaveProperty('withdrawn');
  });

  it('still checks the key of a withdrawal, and wants both value and unit empty', async () => {
    const { errors } = await read('client_id,session,measure,value,unit\nc1,0,ppt,,\nc1,2,ppt,,kPa\nc1,3,ppt,300,\n', { withdrawals: true });
    expect(errors).toEqual([
      expect.objectContaining({ line: 2, column: 'session' }),
      expect.objectContaining({ line: 3, column: 'value', message: expect.stringContaining('empty, but required') }),
      expect.objectContaining({ line: 4, column: 'unit' }),
    ]);
  });

  it('refuses empty values in an ordinary file', async () => {
    const { rows, errors } = await read(FILE, {});
    expect(rows).toEqual([]);
    expect(errors).toEqual([expect.objectContaining({ line: 2, column: 'value' }), expect.objectContaining({ line: 2, column: 'unit' })]);
  });
});
