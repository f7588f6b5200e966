/**
 * Whether an embedded database is new (and so gets the demo data): a data directory without a
 * database is; one that `npm start` created while building (the pgdata.new mark beside it,
 * scripts/start/new-embedded-database.ts) is too, once; a database started before is not.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NEW_DATABASE_MARK, startEmbeddedPostgres } from './embedded-postgres.js';

let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'threshold-embedded-'));
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('an embedded database', () => {
  it('is new when created, new again once with the mark npm start leaves, and not new after that', async () => {
    const first = await startEmbeddedPostgres(dataDir);
    expect(first.created).toBe(true);
    await first.stop();

    await writeFile(join(dataDir, NEW_DATABASE_MARK), 'created by npm start\n');
    const marked = await startEmbeddedPostgres(dataDir);
    expect(marked.created).toBe(true);
    expect(existsSync(join(dataDir, NEW_DATABASE_MARK))).toBe(false);
    await marked.stop();

    const again = await startEmbeddedPostgres(dataDir);
    expect(again.created).toBe(false);
    await again.stop();
  }, 120_000);
});
