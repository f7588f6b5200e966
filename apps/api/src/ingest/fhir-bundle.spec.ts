/**
 * The FHIR door over real HTTP into a real database: POST /api/ingest with application/fhir+json
 * stores the sample bundle of docs/fhir.md, refuses a bad one naming the entry and path of each
 * error, and answers random mutations of the sample with 201 or a 4xx, never a 500.
 */
import { readFile } from 'node:fs/promises';
import { DataSource } from 'typeorm';
import { INGEST_FIXTURES } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import type { BatchView } from './batches/batch-view.js';

interface IngestAnswer {
  batch: BatchView;
  errors?: { line: number; column: string | null; message: string; location?: string }[];
}

describe('POST /api/ingest with a FHIR R4 bundle', () => {
  let t: TestApp;
  let sample: Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    sample = await readFile(`${INGEST_FIXTURES}good/sample.fhir.json`);
  }, 60_000);
  afterAll(() => t.close());

  const post = async (body: string | Buffer, query = ''): Promise<{ status: number; answer: IngestAnswer }> => {
    const response = await t.api(`/api/ingest${query}`, { method: 'POST', body, headers: { 'content-type': 'application/fhir+json' } });
    return { status: response.status, answer: (await response.json()) as IngestAnswer };
  };

  it('stores the sample bundle, its PPT in kPa, once', async () => {
    const { status, answer } = await post(sample, '?filename=sample.fhir.json');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', format: 'fhir', inserted: 6, duplicates: 0, rowsRead: 6 });
    const stored = (await t.app
      .get(DataSource)
      .query(`SELECT measure, site, value, session_number AS session FROM measurements ORDER BY session_number, measure, site, value`)) as {
      measure: string;
      site: string;
      value: number;
      session: number;
    }[];
    expect(stored.map((row) => [row.session, row.measure, row.site])).toEqual([
      [1, 'pain_nrs', ''],
      [1, 'ppt', 'upper_trapezius_left'],
      [1, 'ppt', 'upper_trapezius_left'],
      [1, 'ppt', 'upper_trapezius_right'],
      [1, 'ppt', 'upper_trapezius_right'],
      [2, 'ppt', 'upper_trapezius_left'],
    ]);
    expect(stored.find((row) => row.site === 'upper_trapezius_right')?.value).toBeCloseTo(310, 9);
    const again = await post(sample);
    expect(again.answer.batch).toMatchObject({ status: 'stored', inserted: 0, duplicates: 6 });
  });

  it('refuses a bundle with a wrong unit and a reading stored with another value, naming entries and paths', async () => {
    const bundle = JSON.parse(sample.toString('utf8')) as { entry: { resource: { valueQuantity: Record<string, unknown> } }[] };
    bundle.entry[2].resource.valueQuantity.value = 311;
    const changed = await post(JSON.stringify(bundle));
    expect(changed.status).toBe(422);
    // Found by the database, after reading: line 3 is entry[2].
    expect(changed.answer.errors).toEqual([expect.objectContaining({ line: 3, column: 'value', message: expect.stringContaining('stored (batch') })]);

    bundle.entry[2].resource.valueQuantity.value = 310;
    delete bundle.entry[1].resource.valueQuantity.code;
    bundle.entry[1].resource.valueQuantity.unit = 'mmHg';
    const { status, answer } = await post(JSON.stringify(bundle));
    expect(status).toBe(422);
    expect(answer.batch.status).toBe('refused');
    expect(answer.errors).toEqual([
      { line: 2, column: 'unit', location: 'entry[1].resource.valueQuantity.unit', message: expect.stringContaining('UCUM') },
    ]);
  });

  it('answers random mutations of the sample with 201 or 422, never a 500 (fuzz, seeded)', async () => {
    const random = mulberry32(7);
    const text = sample.toString('latin1');
    const statuses = new Set<number>();
    for (let round = 0; round < 40; round++) {
      let mutated = text;
      for (let m = 0; m < 3; m++) {
        const at = Math.floor(random() * mutated.length);
        const kind = random();
        if (kind < 0.4) mutated = mutated.slice(0, at) + mutated.slice(at + 1 + Math.floor(random() * 12));
        else if (kind < 0.8) mutated = mutated.slice(0, at) + '{}[]",:0x'.charAt(Math.floor(random() * 9)) + mutated.slice(at);
        else mutated = mutated.slice(0, at) + String.fromCharCode(128 + Math.floor(random() * 128)) + mutated.slice(at + 1);
      }
      const { status } = await post(Buffer.from(mutated, 'latin1'));
      statuses.add(status);
      expect([201, 422]).toContain(status);
    }
    expect(statuses.has(422)).toBe(true);
  });
});

/** A small seeded generator, so that a failing round can be found again. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
