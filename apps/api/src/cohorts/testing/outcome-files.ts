/**
 * Test helpers for the features that read stored data: files enter the database only through the
 * real ingest (POST /api/ingest), and the command line's report is computed on the same file.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readOutcomes, type MeasurementRow } from '@threshold/ingest';
import { createReadStream } from 'node:fs';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import type { TestApp } from '../../testing/test-app.js';

/** The pseudonymizer of startTestApp's deployment (same secret), to name stored keys in tests. */
export function testPseudonymizer(t: TestApp): Pseudonymizer {
  return new Pseudonymizer(t.config.pseudonymKey ?? '');
}

/** Sends a CSV file to POST /api/ingest as the admin; fails the test unless it is stored. */
export async function ingestFile(t: TestApp, file: string): Promise<{ id: string; inserted: number }> {
  const response = await t.api(`/api/ingest?filename=${encodeURIComponent(file.split('/').pop() ?? file)}`, {
    method: 'POST',
    headers: { 'content-type': 'text/csv' },
    body: await readFile(file),
  });
  const answer = (await response.json()) as {
    batch: { id: string; status: string; inserted: number };
    errors?: unknown[];
  };
  if (response.status !== 201 || answer.batch.status !== 'stored') {
    throw new Error(`ingest of ${file}: ${response.status} ${JSON.stringify(answer).slice(0, 500)}`);
  }
  return { id: answer.batch.id, inserted: answer.batch.inserted };
}

/** Every valid row of a file, as the ingest reads it (values in canonical units). */
export async function readRows(file: string): Promise<MeasurementRow[]> {
  const rows: MeasurementRow[] = [];
  const result = await readOutcomes(createReadStream(file), 'csv', {
    onBatch: (batch) => void rows.push(...batch),
  });
  if (result.errorCount > 0) throw new Error(`${file} has ${result.errorCount} errors`);
  return rows;
}

/**
 * A copy of a CSV file whose therapist_id and clinic_id are the keys the API stores for them, so
 * that the command line, which names groups by the values in the file, names them as the API does.
 */
export async function withStoredKeys(
  file: string,
  pseudonymizer: Pseudonymizer,
  directory: string,
): Promise<string> {
  const [header, ...lines] = (await readFile(file, 'utf8')).split('\n');
  const columns = header.split(',');
  const kinds = columns.map((column) =>
    column === 'therapist_id' ? 'therapist' : column === 'clinic_id' ? 'clinic' : null,
  );
  const keyed = lines
    .filter((line) => line !== '')
    .map((line) =>
      line
        .split(',')
        .map((value, i) => {
          const kind = kinds[i];
          return kind === null || value === '' ? value : pseudonymizer.key(kind, value);
        })
        .join(','),
    );
  const copy = join(directory, `keyed-${file.split('/').pop() ?? 'file.csv'}`);
  await writeFile(copy, `${[header, ...keyed].join('\n')}\n`);
  return copy;
}
