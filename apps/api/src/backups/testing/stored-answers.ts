/**
 * What a restore (or an upgrade) must leave unchanged, as the API answers it: reports of several
 * kinds, the cohort summary, the therapists' adjusted comparison, the export of every reading and
 * the batches, each with the data version it was computed for. Two databases holding the same data
 * give equal answers, byte for byte once parsed.
 */
import type { ServerProcess } from '../../testing/server-process.js';

export const COMPARED_PATHS = [
  '/api/reports',
  '/api/reports?by=all',
  '/api/reports?measure=pain_nrs',
  '/api/reports?by=clinic_id',
  '/api/cohorts/summary',
  '/api/cohorts/filters',
  '/api/therapists/adjusted',
  '/api/export?format=csv',
] as const;

export interface StoredAnswers {
  dataVersion: string | null;
  answers: Record<string, unknown>;
}

export async function storedAnswers(server: Pick<ServerProcess, 'api'>, paths: readonly string[] = COMPARED_PATHS): Promise<StoredAnswers> {
  const answers: Record<string, unknown> = {};
  let dataVersion: string | null = null;
  for (const path of paths) {
    const response = await server.api(path);
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${await response.text()}`);
    const type = response.headers.get('content-type') ?? '';
    answers[path] = type.includes('json') ? await response.json() : await response.text();
    if (path.startsWith('/api/reports')) dataVersion ??= response.headers.get('x-data-version');
  }
  return { dataVersion, answers };
}

/** Sends a file as the admin; its batch. */
export async function sendFile(server: Pick<ServerProcess, 'api'>, body: string | Uint8Array, filename: string): Promise<{ id: string; status: string; inserted: number; duplicates: number }> {
  const response = await server.api(`/api/ingest?filename=${encodeURIComponent(filename)}`, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
  const answer = (await response.json()) as { batch: { id: string; status: string; inserted: number; duplicates: number } };
  if (response.status !== 201) throw new Error(`ingest of ${filename}: ${response.status} ${JSON.stringify(answer).slice(0, 300)}`);
  return answer.batch;
}

/**
 * Where two sets of answers differ, as paths: every text, integer and structure exactly, other
 * numbers to 1e-10 relative. A report's sums run in the order the plan reads its rows, and on a
 * server in parts split by the planner's statistics, which ANALYZE samples at random: the same
 * data then give the same numbers to the last digits of rounding, not always bit for bit
 * (report-inputs.sql.ts says the same of the SQL against the in-memory producer).
 */
export function answerDifferences(received: unknown, expected: unknown, path = '$', found: string[] = []): string[] {
  if (typeof expected === 'number' && typeof received === 'number') {
    const same = Number.isInteger(expected) && Number.isInteger(received)
      ? received === expected
      : Math.abs(received - expected) <= 1e-10 * Math.max(Math.abs(expected), Math.abs(received));
    if (!same) found.push(`${path}: ${received} instead of ${expected}`);
  } else if (Array.isArray(expected)) {
    if (!Array.isArray(received) || received.length !== expected.length) found.push(`${path}: ${JSON.stringify(received)?.slice(0, 200)} instead of a list of ${expected.length}`);
    else expected.forEach((item, i) => answerDifferences(received[i], item, `${path}[${i}]`, found));
  } else if (expected !== null && typeof expected === 'object') {
    if (received === null || typeof received !== 'object' || Array.isArray(received)) {
      found.push(`${path}: ${JSON.stringify(received)?.slice(0, 200)} instead of an object`);
    } else {
      const keys = new Set([...Object.keys(expected), ...Object.keys(received)]);
      for (const key of keys) answerDifferences((received as Record<string, unknown>)[key], (expected as Record<string, unknown>)[key], `${path}.${key}`, found);
    }
  } else if (received !== expected) {
    found.push(`${path}: ${JSON.stringify(received)?.slice(0, 200)} instead of ${JSON.stringify(expected)?.slice(0, 200)}`);
  }
  return found;
}
