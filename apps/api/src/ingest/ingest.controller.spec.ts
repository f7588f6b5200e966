/**
 * POST /api/ingest through real HTTP into a real database (embedded by default, the PostgreSQL
 * server when DATABASE_URL is set): all or nothing, idempotent, conflicts refused, every bad
 * request a 4xx.
 */
import { readFile } from 'node:fs/promises';
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import { duplicateRowMessage } from '@threshold/ingest';
import { DataSource } from 'typeorm';
import { INGEST_FIXTURES } from '../testing/repository-paths.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';
import { referenceFile } from '@threshold/stats/testing';
import type { BatchView } from './batches/batch-view.js';

interface IngestAnswer {
  batch: BatchView;
  errors?: { line: number; column: string | null; message: string }[];
}

describe('POST /api/ingest', () => {
  let t: TestApp;
  let orthodont: Buffer;

  beforeAll(async () => {
    t = await startTestApp();
    orthodont = await readFile(referenceFile('orthodont.csv'));
  }, 60_000);
  afterAll(() => t.close());

  const post = async (body: NonNullable<RequestInit['body']>, contentType: string, query = ''): Promise<{ status: number; answer: IngestAnswer }> => {
    const response = await t.api(`/api/ingest${query}`, { method: 'POST', body, headers: { 'content-type': contentType } });
    return { status: response.status, answer: (await response.json()) as IngestAnswer };
  };
  const counts = async (): Promise<{ measurements: number; sessions: number; clients: number }> => {
    const [row] = await t.app
      .get(DataSource)
      .query(
        `SELECT (SELECT count(*) FROM measurements)::int AS measurements, (SELECT count(*) FROM sessions)::int AS sessions,
                (SELECT count(*) FROM clients)::int AS clients`,
      );
    return row;
  };

  it('stores a valid file whole and records the batch', async () => {
    const { status, answer } = await post(orthodont, 'text/csv', '?filename=orthodont.csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', inserted: 108, duplicates: 0, rowsRead: 108, filename: 'orthodont.csv', createdBy: 'admin' });
    expect(await counts()).toEqual({ measurements: 108, sessions: 108, clients: 27 });
    const listed = (await (await t.api('/api/ingest/batches')).json()) as { batches: BatchView[]; total: number };
    expect(listed.batches[0].id).toBe(answer.batch.id);
    const one = (await (await t.api(`/api/ingest/batches/${answer.batch.id}`)).json()) as BatchView;
    expect(one.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('changes nothing when the same file is sent again, and says so', async () => {
    const before = await counts();
    const { status, answer } = await post(orthodont, 'text/csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', inserted: 0, duplicates: 108 });
    expect(answer.batch.message).toMatch(/nothing new.*same file as batch/);
    expect(await counts()).toEqual(before);
  });

  it('counts rows already stored as duplicates, stores only the new ones, also in another unit', async () => {
    // The first two readings again, the first in kg/cm2 (the same value), and one new session.
    const lines = orthodont.toString('utf8').trim().split('\n');
    const [first, second] = lines.slice(1, 3);
    const inKg = first.replace(',kPa,26', `,kg/cm2,${26 / 98.0665}`);
    const body = [lines[0], inKg, second, 'M01,Male,5,pre,ppt,kPa,33'].join('\n');
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ inserted: 1, duplicates: 2 });
  });

  it('refuses a reading stored with another value, storing nothing', async () => {
    const before = await counts();
    const changed = orthodont.toString('utf8').replace('M01,Male,1,pre,ppt,kPa,26', 'M01,Male,1,pre,ppt,kPa,27');
    const body = `${changed.trim()}\nM99,Male,1,pre,ppt,kPa,20\n`;
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.batch.status).toBe('refused');
    expect(answer.errors).toEqual([expect.objectContaining({ line: 2, column: 'value', message: expect.stringContaining('stored (batch') })]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a session described differently on two lines of one file', async () => {
    const body = 'client_id,technique,session,phase,measure,unit,value\nz1,massage,1,pre,ppt,kPa,100\nz1,sham,1,post,ppt,kPa,110\n';
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors?.[0]).toMatchObject({ line: 3, column: 'technique' });
  });

  it('refuses a session described differently in a file out of session order (checked by the database)', async () => {
    const before = await counts();
    const body = 'client_id,technique,session,phase,measure,unit,value\ny1,massage,1,pre,ppt,kPa,100\ny2,massage,1,pre,ppt,kPa,100\ny1,sham,1,post,ppt,kPa,110\n';
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors).toEqual([expect.objectContaining({ line: 4, column: 'technique', message: expect.stringContaining('line 2') })]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a reading given twice in a file out of session order, naming both lines as the reader would', async () => {
    const before = await counts();
    const body =
      'client_id,technique,session,phase,measure,unit,value\nd1,massage,1,pre,ppt,kPa,100\nd2,massage,1,pre,ppt,kPa,100\nd1,massage,1,pre,ppt,kg/cm2,1.02\n';
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors).toEqual([{ line: 4, column: null, message: duplicateRowMessage(2) }]);
    expect(await counts()).toEqual(before);
  });

  it('stores a file out of session order as it stores one in order', async () => {
    const before = await counts();
    // orthodont with other client ids, last line first.
    const [header, ...rows] = orthodont.toString('utf8').trim().split('\n');
    const body = [header, ...rows.reverse().map((line) => line.replace(/^([MF])/, 'R$1'))].join('\n');
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', inserted: 108, duplicates: 0 });
    expect(await counts()).toEqual({ measurements: before.measurements + 108, sessions: before.sessions + 108, clients: before.clients + 27 });
    const again = await post(body, 'text/csv');
    expect(again.answer.batch).toMatchObject({ status: 'stored', inserted: 0, duplicates: 108 });
  });

  // On a PostgreSQL server a file is first stored while it is read, by COPYs of 4,000 readings, then
  // 8,000, doubling (see store/streaming-store.ts); these files turn out not to be storable that way after their first COPYs,
  // and are read again from their copy and staged. The embedded database stages them at once.
  /** `count` clients of prefix `prefix`, two sessions each (pre and post), in session order. */
  const largeFile = (prefix: string, count: number): string[] => {
    const lines: string[] = [];
    for (let c = 0; c < count; c++) {
      for (const session of [1, 2]) for (const phase of ['pre', 'post']) lines.push(`${prefix}${c},massage,${session},${phase},ppt,kPa,${300 + (c % 50) + session}`);
    }
    return lines;
  };
  const HEADER = 'client_id,technique,session,phase,measure,unit,value';

  it('stores a large file that leaves session order after 20,000 readings as one in order', async () => {
    const before = await counts();
    const lines = [...largeFile('big', 5000), 'late,massage,2,pre,ppt,kPa,301', 'late,massage,1,pre,ppt,kPa,302'];
    const { status, answer } = await post([HEADER, ...lines].join('\n'), 'text/csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', inserted: 20_002, duplicates: 0, rowsRead: 20_002 });
    expect(await counts()).toEqual({ measurements: before.measurements + 20_002, sessions: before.sessions + 10_002, clients: before.clients + 5001 });
  });

  it('stores a large file whose last client is stored: its new readings inserted, its stored ones counted as duplicates', async () => {
    const first = await post([HEADER, 'kept,massage,1,pre,ppt,kPa,250'].join('\n'), 'text/csv');
    expect(first.answer.batch).toMatchObject({ status: 'stored', inserted: 1 });
    const before = await counts();
    const lines = [...largeFile('more', 5000), 'kept,massage,1,pre,ppt,kPa,250', 'kept,massage,2,pre,ppt,kPa,260'];
    const { status, answer } = await post([HEADER, ...lines].join('\n'), 'text/csv');
    expect(status).toBe(201);
    expect(answer.batch).toMatchObject({ status: 'stored', inserted: 20_001, duplicates: 1 });
    expect(await counts()).toEqual({ measurements: before.measurements + 20_001, sessions: before.sessions + 10_001, clients: before.clients + 5000 });
  });

  it('refuses a large file with a session described in two ways after its first COPYs, storing nothing', async () => {
    const before = await counts();
    const lines = [...largeFile('bad', 5000), 'odd,massage,1,pre,ppt,kPa,250', 'odd,sham,1,post,ppt,kPa,260'];
    const { status, answer } = await post([HEADER, ...lines].join('\n'), 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors).toEqual([expect.objectContaining({ line: 20_003, column: 'technique' })]);
    expect(await counts()).toEqual(before);
  });

  it('stores two large files sent at once, with a client in both', async () => {
    // On a server the first to take the store lock is stored while read; the other finds the lock
    // taken, is staged, and waits for the lock to store. The embedded database stages both.
    const before = await counts();
    // Both name the client 'shared' (different sessions): whichever stores second finds it stored.
    const first = [HEADER, ...largeFile('one', 5000), 'shared,massage,1,pre,ppt,kPa,300'].join('\n');
    const second = [HEADER, ...largeFile('two', 5000), 'shared,massage,2,pre,ppt,kPa,310'].join('\n');
    const answers = await Promise.all([post(first, 'text/csv'), post(second, 'text/csv')]);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201]);
    expect(answers.map((answer) => answer.answer.batch.inserted)).toEqual([20_001, 20_001]);
    expect(await counts()).toEqual({ measurements: before.measurements + 40_002, sessions: before.sessions + 20_002, clients: before.clients + 10_001 });
  });

  it('refuses numbers and dates the database cannot store with their line and column (never a 500)', async () => {
    const before = await counts();
    // A site of 3,000 characters would not fit in the readings' primary-key index.
    const body =
      'client_id,technique,session,phase,measure,unit,value,trial,session_date,site\n' +
      'b1,massage,3000000000,pre,ppt,kPa,100,1,,\nb1,massage,1,pre,ppt,kPa,100,2147483648,,\nb1,massage,2,pre,ppt,kPa,100,1,0000-01-01,\n' +
      `b1,massage,3,pre,ppt,kPa,100,1,,${'s'.repeat(3000)}\n`;
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors?.map((error) => [error.line, error.column])).toEqual([
      [2, 'session'],
      [3, 'trial'],
      [4, 'session_date'],
      [5, 'site'],
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a session given a condition on one line and none on another, naming only that line', async () => {
    const before = await counts();
    const body =
      'client_id,technique,session,phase,measure,unit,value,condition\n' +
      'z2,massage,1,pre,ppt,kPa,100,tth\nz2,massage,1,post,ppt,kPa,110,\nz3,massage,1,pre,ppt,kPa,100,\nz3,massage,1,post,ppt,kPa,110,\n';
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors).toEqual([expect.objectContaining({ line: 3, column: 'condition', message: expect.stringContaining('line 2') })]);
    expect(await counts()).toEqual(before);
  });

  it('refuses a session stored with another technique, and stores a new session of a stored client', async () => {
    const before = await counts();
    const changed = 'client_id,technique,session,phase,measure,unit,value\nM01,Female,1,post,ppt,kPa,30\n';
    const refused = await post(changed, 'text/csv');
    expect(refused.status).toBe(422);
    expect(refused.answer.errors).toEqual([expect.objectContaining({ line: 2, column: 'technique', message: expect.stringContaining('stored (batch') })]);
    expect(await counts()).toEqual(before);

    const newSession = 'client_id,technique,session,phase,measure,unit,value\nM02,Male,6,pre,ppt,kPa,31\nM02,Male,6,post,ppt,kPa,32\n';
    const stored = await post(newSession, 'text/csv');
    expect(stored.status).toBe(201);
    expect(stored.answer.batch).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(await counts()).toEqual({ ...before, measurements: before.measurements + 2, sessions: before.sessions + 1 });
  });

  it.each([
    ['non-numeric-value.csv', 'value'],
    ['unknown-column.csv', null],
    ['wrong-unit.csv', 'unit'],
    ['out-of-range.csv', 'value'],
    ['personal-identifiers.csv', 'client_id'],
    ['bad-session.csv', 'session'],
    ['duplicate-rows.csv', null],
  ])('refuses %s with the line and column of each error, storing nothing', async (name, column) => {
    const before = await counts();
    const { status, answer } = await post(await readFile(`${INGEST_FIXTURES}bad/${name}`), 'text/csv', `?filename=${name}`);
    expect(status).toBe(422);
    expect(answer.errors?.length).toBeGreaterThan(0);
    expect(answer.errors?.[0].line).toBeGreaterThan(0);
    if (column !== null) expect(answer.errors?.map((error) => error.column)).toContain(column);
    expect(answer.batch).toMatchObject({ status: 'refused', inserted: 0, filename: name });
    expect(await counts()).toEqual(before);
  });

  it('reads JSON rows, NDJSON and Arrow (file and stream)', async () => {
    const json = await post(await readFile(`${INGEST_FIXTURES}good/rows.json`), 'application/json');
    expect(json.status).toBe(201);
    const ndjson = await post(await readFile(`${INGEST_FIXTURES}good/rows.ndjson`), 'application/x-ndjson');
    expect(ndjson.status).toBe(201);
    const table = tableFromArrays({
      client_id: ['a1', 'a1', 'a2'],
      session: Int32Array.from([1, 2, 1]),
      measure: ['pain_nrs', 'pain_nrs', 'pain_nrs'],
      unit: ['score', 'score', 'score'],
      value: Float64Array.from([6, 4, 7]),
    });
    const file = await post(tableToIPC(table, 'file'), 'application/vnd.apache.arrow.file');
    expect(file.status).toBe(201);
    expect(file.answer.batch.inserted).toBe(3);
    const stream = await post(tableToIPC(table, 'stream'), 'application/vnd.apache.arrow.stream');
    expect(stream.answer.batch).toMatchObject({ inserted: 0, duplicates: 3 });
  });

  it.each([
    ['an empty body', '', 'text/csv', 422],
    ['a header without rows', 'client_id,session,measure,value,unit\n', 'text/csv', 422],
    ['an empty JSON list', '[]', 'application/json', 422],
    ['a filename given twice', 'client_id,session,measure,value,unit\nc1,1,ppt,250,kPa\n', 'text/csv', 400, '?filename=a.csv&filename=b.csv'],
    ['an unknown query parameter', 'client_id,session,measure,value,unit\nc1,1,ppt,250,kPa\n', 'text/csv', 400, '?file=a.csv'],
    ['garbage bytes', Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x88, 0x9a, 0x00, 0x01]), 'text/csv', 422],
    ['garbage bytes as Arrow', Buffer.from('this is not arrow at all'), 'application/vnd.apache.arrow.file', 422],
    ['a truncated Arrow file', Buffer.from([]), 'application/vnd.apache.arrow.stream', 422],
    ['malformed JSON', '[{"client_id": "a", ', 'application/json', 422],
    ['a wrong content type', 'client_id\n', 'text/plain', 415],
    ['no content type', 'client_id\n', '', 415],
  ] as [string, string | Buffer, string, number, string?][])('answers %s with a 4xx, never 500', async (_label, body, contentType, expected, query = '') => {
    const response = await t.api(`/api/ingest${query}`, {
      method: 'POST',
      body: body as NonNullable<RequestInit['body']>,
      headers: contentType === '' ? {} : { 'content-type': contentType },
    });
    expect(response.status).toBe(expected);
  });

  it('refuses a truncated Arrow file', async () => {
    const table = tableFromArrays({ client_id: ['b1'], session: Int32Array.from([1]), measure: ['hdi'], unit: ['score'], value: Float64Array.from([40]) });
    const bytes = tableToIPC(table, 'file');
    const { status, answer } = await post(bytes.slice(0, Math.floor(bytes.length / 2)), 'application/vnd.apache.arrow.file');
    expect(status).toBe(422);
    expect(answer.errors?.[0].line).toBe(0);
  });

  it('refuses a 10 MB line quickly, without holding it', async () => {
    const body = `client_id,session,measure,unit,value\n${'x'.repeat(10 * 1024 * 1024)}\n`;
    const { status, answer } = await post(body, 'text/csv');
    expect(status).toBe(422);
    expect(answer.errors?.[0].message).toMatch(/longer than/);
  });

  it('needs the token', async () => {
    const response = await fetch(`${t.baseUrl}/api/ingest/batches`);
    expect(response.status).toBe(401);
    const forged = await fetch(`${t.baseUrl}/api/ingest/batches`, { headers: { authorization: 'Bearer not-the-token' } });
    expect(forged.status).toBe(401);
  });

  it('finds the batch of an upload by the X-Upload-Id its sender chose', async () => {
    const { answer } = await post(orthodont, 'text/csv');
    expect(answer.batch.uploadId).toBeNull();
    const sent = await t.api('/api/ingest', {
      method: 'POST',
      body: orthodont,
      headers: { 'content-type': 'text/csv', 'x-upload-id': 'upload-0042' },
    });
    const { batch } = (await sent.json()) as IngestAnswer;
    const found = (await (await t.api('/api/ingest/batches?uploadId=upload-0042')).json()) as { batches: BatchView[] };
    expect(found.batches.map((b) => b.id)).toEqual([batch.id]);
    expect((await t.api('/api/ingest/batches?uploadId=no%20spaces')).status).toBe(400);
    const refused = await t.api('/api/ingest', { method: 'POST', body: orthodont, headers: { 'content-type': 'text/csv', 'x-upload-id': '../../etc' } });
    expect(refused.status).toBe(400);
  });

  it('answers 404 for an unknown batch and 400 for a malformed id', async () => {
    expect((await t.api('/api/ingest/batches/999999')).status).toBe(404);
    expect((await t.api('/api/ingest/batches/abc')).status).toBe(400);
    expect((await t.api('/api/ingest/batches/9223372036854775808')).status).toBe(400); // past bigint
    expect((await t.api('/api/ingest/batches/9223372036854775807')).status).toBe(404);
    expect((await t.api('/api/ingest/batches?limit=-1')).status).toBe(400);
  });
});
