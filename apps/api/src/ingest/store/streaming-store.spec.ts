/**
 * The streaming store on the real PostgreSQL server (the embedded database never uses it: see
 * IngestRepository.beginStreamingStore), so these cases belong to the database suite (npm run
 * test:db, with DATABASE_URL). The whole path through HTTP, and its fallback to staging, is in
 * ingest.controller.spec.ts, which runs on both databases.
 */
import type { MeasurementRow } from '@threshold/ingest';
import { DataSource } from 'typeorm';
import { Pseudonymizer } from '../../pseudonyms/pseudonymizer.js';
import { startTestApp, type TestApp } from '../../testing/test-app.js';
import { BatchClients } from '../read/batch-clients.js';
import { IngestRepository } from '../ingest.repository.js';
import { SessionRuns } from '../read/session-runs.js';
import { stageReadings } from '../stage/staged-row.js';
import { NotStorableWhileReading, type StreamingStore } from './streaming-store.js';
import { measurementRow } from '../testing/measurement-row.js';

const onServer = process.env.DATABASE_URL !== undefined && process.env.DATABASE_URL !== '';

describe('StreamingStore (PostgreSQL server)', () => {
  let t: TestApp;
  let repository: IngestRepository;
  let dataSource: DataSource;
  let pseudonyms: Pseudonymizer;
  beforeAll(async () => {
    t = await startTestApp();
    repository = t.app.get(IngestRepository);
    dataSource = t.app.get(DataSource);
    pseudonyms = t.app.get(Pseudonymizer);
  }, 60_000);
  afterAll(() => t.close());

  const newBatch = async () =>
    (await repository.createBatch({ source: 'cli', uploadId: null, filename: null, contentType: null, format: 'csv', bytesTotal: null, createdBy: 'test' })).id;

  /** Rows of `clients` clients with `sessions` sessions each, a pre and a post reading per session. */
  const rows = (prefix: string, clients: number, sessions: number, extra: Partial<MeasurementRow> = {}): MeasurementRow[] => {
    const all: MeasurementRow[] = [];
    for (let c = 0; c < clients; c++) {
      for (let session = 1; session <= sessions; session++) {
        for (const phase of ['pre', 'post'] as const) {
          all.push(measurementRow({ line: all.length + 2, clientId: `${prefix}${c}`, session, phase, value: 200 + c + session, rawValue: 200 + c + session, ...extra }));
        }
      }
    }
    return all;
  };

  /** Writes the rows as the ingest does, in chunks, and finishes. */
  const storeAll = async (store: StreamingStore, all: MeasurementRow[], chunk = 1000): Promise<number> => {
    const clients = new BatchClients(pseudonyms);
    const runs = new SessionRuns(100);
    for (let i = 0; i < all.length; i += chunk) await store.write(stageReadings(all.slice(i, i + chunk), pseudonyms, clients, runs), clients);
    return store.finish(clients);
  };

  const counts = async (batchId: string) => {
    const [row] = await dataSource.query(
      `SELECT (SELECT count(*) FROM clients WHERE batch_id = $1)::int AS clients, (SELECT count(*) FROM sessions WHERE batch_id = $1)::int AS sessions,
              (SELECT count(*) FROM measurements WHERE batch_id = $1)::int AS measurements`,
      [batchId],
    );
    return row;
  };

  if (onServer) {
    it('stores clients, sessions and readings (over several COPYs) in one transaction, with their clinic and therapist', async () => {
      const batchId = await newBatch();
      const store = (await repository.beginStreamingStore(batchId))!;
      expect(store).not.toBeNull();
      const all = rows('s', 5000, 2, { clinicId: 'north', therapistId: 't1' });
      expect(await storeAll(store, all)).toBe(20_000);
      // Nothing is visible before the commit.
      expect(await counts(batchId)).toEqual({ clients: 0, sessions: 0, measurements: 0 });
      await store.commit();
      expect(await counts(batchId)).toEqual({ clients: 5000, sessions: 10_000, measurements: 20_000 });
      const [wrong] = await dataSource.query(
        `SELECT count(*)::int AS n FROM sessions s JOIN clients c ON c.id = s.client_id JOIN clinics cl ON cl.id = s.clinic_id
           JOIN therapists th ON th.id = s.therapist_id
          WHERE s.batch_id = $1 AND (c.clinic_id <> cl.id OR cl.key <> $2 OR th.key <> $3 OR th.clinic_id <> cl.id)`,
        [batchId, pseudonyms.key('clinic', 'north'), pseudonyms.key('therapist', 't1')],
      );
      expect(wrong.n).toBe(0);
      const [reading] = await dataSource.query(
        `SELECT m.value, m.phase FROM measurements m JOIN clients c ON c.id = m.client_id WHERE c.key = $1 AND m.session_number = 2 AND m.phase = 'post'`,
        [pseudonyms.key('client', 's7')],
      );
      expect(reading).toEqual({ value: 209, phase: 'post' });
    });

    it('stores text with tabs, line breaks and backslashes as it was given (COPY escapes)', async () => {
      const batchId = await newBatch();
      const store = (await repository.beginStreamingStore(batchId))!;
      const odd = 'a\tb\nc\\d\re';
      await storeAll(store, rows('esc', 1, 1, { site: odd, technique: odd, condition: odd, rawUnit: 'kPa', sessionDate: '2026-01-31' }));
      await store.commit();
      const [row] = await dataSource.query(
        `SELECT m.site, s.technique, s.condition, s.session_date::text AS date FROM measurements m
           JOIN sessions s USING (client_id, session_number) WHERE m.batch_id = $1 AND m.phase = 'pre'`,
        [batchId],
      );
      expect(row).toEqual({ site: odd, technique: odd, condition: odd, date: '2026-01-31' });
    });

    it('leaves the clients id sequence past the ids it took: a staged batch after it gets new ones', async () => {
      const batchId = await newBatch();
      const store = (await repository.beginStreamingStore(batchId))!;
      await storeAll(store, rows('q', 3, 1));
      await store.commit();
      const [{ max }] = await dataSource.query(`SELECT max(id)::int AS max FROM clients`);
      const [{ id }] = await dataSource.query(`INSERT INTO clients (key, batch_id) VALUES ('a key of no client', $1) RETURNING id::int AS id`, [batchId]);
      expect(id).toBeGreaterThan(max);
    });

    it('finds the stored clinics and therapists by key, and numbers new ones after every id taken before', async () => {
      const first = await newBatch();
      const store = (await repository.beginStreamingStore(first))!;
      await storeAll(store, rows('c', 2, 1, { clinicId: 'south', therapistId: 't-south' }));
      await store.commit();
      const second = await newBatch();
      const again = (await repository.beginStreamingStore(second))!;
      await storeAll(again, [
        ...rows('d', 1, 1, { clinicId: 'south', therapistId: 't-south' }),
        ...rows('e', 1, 1, { clinicId: 'west', therapistId: 't-west' }),
      ]);
      await again.commit();
      const keys = (kind: 'clinic' | 'therapist', ids: string[]) => ids.map((id) => pseudonyms.key(kind, id));
      const [{ clinics, therapists }] = await dataSource.query(
        `SELECT (SELECT count(*) FROM clinics WHERE key = ANY($1))::int AS clinics, (SELECT count(*) FROM therapists WHERE key = ANY($2))::int AS therapists`,
        [keys('clinic', ['south', 'west']), keys('therapist', ['t-south', 't-west'])],
      );
      expect({ clinics, therapists }).toEqual({ clinics: 2, therapists: 2 });
      // The new therapist belongs to the new clinic; both tables' next ids come after these.
      const [west] = await dataSource.query(
        `SELECT th.clinic_id = cl.id AS same FROM therapists th, clinics cl WHERE th.key = $1 AND cl.key = $2`,
        [pseudonyms.key('therapist', 't-west'), pseudonyms.key('clinic', 'west')],
      );
      expect(west.same).toBe(true);
      for (const table of ['clinics', 'therapists']) {
        const [{ max }] = await dataSource.query(`SELECT max(id)::int AS max FROM ${table}`);
        const [{ id }] = await dataSource.query(`INSERT INTO ${table} (key) VALUES ('a key of nothing') RETURNING id::int AS id`);
        expect(id).toBeGreaterThan(max);
      }
    });

    it('gives way (null) while another batch holds the store lock', async () => {
      const holder = await repository.beginStoreTransaction();
      try {
        expect(await repository.beginStreamingStore(await newBatch())).toBeNull();
      } finally {
        await holder.rollbackTransaction();
        await holder.release();
      }
    });

    it('finds a stored client by its key (NotStorableWhileReading), and leaves nothing when abandoned', async () => {
      const first = await newBatch();
      const store = (await repository.beginStreamingStore(first))!;
      await storeAll(store, rows('r', 2, 1));
      await store.commit();

      const second = await newBatch();
      const again = (await repository.beginStreamingStore(second))!;
      // 10,000 new clients (20,000 readings), then a stored one: the first COPYs succeed, the last fails.
      const error = await storeAll(again, [...rows('new', 10_000, 1), ...rows('r', 1, 1)].map((row, i) => ({ ...row, line: i + 2 }))).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NotStorableWhileReading);
      expect((error as NotStorableWhileReading).reason).toBe('stored client');
      await again.abandon();
      await again.abandon(); // the service's failure paths may abandon an ended store again: harmless
      expect(await counts(second)).toEqual({ clients: 0, sessions: 0, measurements: 0 });
      // The lock went with the transaction.
      const next = await repository.beginStreamingStore(await newBatch());
      expect(next).not.toBeNull();
      await next!.abandon();
    });
  } else {
    it('is used on a PostgreSQL server only: the embedded database stages every batch', async () => {
      expect(await repository.beginStreamingStore(await newBatch())).toBeNull();
    });
  }
});
