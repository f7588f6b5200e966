/**
 * The only place where ingest talks to the database (with its two writers: stage/staging-writer.ts
 * and store/streaming-store.ts). Raw SQL, because a batch can hold millions of rows. A file in client and
 * session order whose clients are all new is stored while it is read, by COPY in the store
 * transaction. Any other file is staged: its readings and clients go into the batch's unlogged
 * tables (COPY on a server, `INSERT ... SELECT FROM unnest(...)` on the embedded database, see
 * stage/staging-writer.ts), then, in one transaction under the store lock, are checked against each
 * other and against what is stored, and written with set-based INSERTs.
 */
import { Inject, Injectable } from '@nestjs/common';
import { DATABASE_ENDPOINT } from '../database/database-endpoint.js';
import { rollBackAndRelease } from '../database/query-runners.js';
import type { DatabaseEndpoint } from '../database/database-options.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import {
  IngestBatchEntity,
  type IngestSource,
  type StoredIngestError,
} from '../database/entities/ingest-batch.entity.js';
import { conflictMessage, SESSION_ATTRIBUTE_COLUMNS, type ConflictKind } from './store/conflicts.js';
import { STAGED_CLIENT_COLUMNS, STAGED_READING_COLUMNS, stagingColumnsDdl } from './stage/staged-row.js';
import { insertCellsOfNewClients, noteChangedCells, refreshChangedCells } from '../report-cells/kept-cells.sql.js';
import { CopyStagingWriter, UnnestStagingWriter, type StagingTables, type StagingWriter } from './stage/staging-writer.js';
import { StreamingStore } from './store/streaming-store.js';

/**
 * A loading batch whose process is alive: its heartbeat (or, before the first beat, its creation)
 * is less than $1 seconds old (see batches/batch-heartbeat.ts).
 */
const FRESH_HEARTBEAT = `coalesce(heartbeat_at, created_at) > now() - make_interval(secs => $1)`;

/** Advisory-lock key of the store step (the first key of pg_advisory_xact_lock(int, int)). */
export const LOCK_STORE = 2;

/** Readings that differ by less than this (relative) are the same reading sent again, e.g. in another unit. */
export const SAME_VALUE_RELATIVE_TOLERANCE = 1e-9;

export interface NewBatch {
  source: IngestSource;
  uploadId: string | null;
  filename: string | null;
  contentType: string | null;
  format: string | null;
  bytesTotal: number | null;
  createdBy: string;
  /** A correction (corrections/), with its reason; an ordinary ingest by default. */
  kind?: 'correction';
  reason?: string;
  /** The sender's Idempotency-Key and the SHA-256 of their request (the session form's; ingest/form/). */
  idempotencyKey?: string | null;
  requestChecksum?: string | null;
}

export interface StoreResult {
  inserted: number;
}

/** The store transaction's list of the batch's clients (see listBatchClients). */
const BATCH_CLIENTS = 'ingest_batch_clients';

/**
 * Each session attribute's column in the staging table, and its stored form (se: sessions,
 * th: therapists, cl: clinics).
 */
const SESSION_ATTRIBUTE_SQL: Record<(typeof SESSION_ATTRIBUTE_COLUMNS)[number], { staged: string; stored: string }> = {
  technique: { staged: 'technique', stored: 'se.technique' },
  condition: { staged: 'condition', stored: 'se.condition' },
  therapist_id: { staged: 'therapist_key', stored: 'th.key' },
  clinic_id: { staged: 'clinic_key', stored: 'cl.key' },
  session_date: { staged: 'session_date', stored: 'se.session_date' },
};
const SESSION_ATTRIBUTES = SESSION_ATTRIBUTE_COLUMNS.map((column) => ({ column, ...SESSION_ATTRIBUTE_SQL[column] }));

/** What the read learnt of the batch's order (see SessionRuns). */
export interface StagedOrder {
  /** Every reading's client and session at or after the previous one's: runs marked, sessions checked while reading. */
  inSessionOrder: boolean;
}

@Injectable()
export class IngestRepository {
  /** Readings this process's batches stored since it last refreshed the planner's statistics (see analyzeStoredTables). */
  private storedSinceAnalyze = 0;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(DATABASE_ENDPOINT) private readonly endpoint: DatabaseEndpoint,
  ) {}

  /** Stored keys of the clients erased at their request (few: one per request a clinic received). */
  async erasedClientKeys(): Promise<Set<string>> {
    const rows: { key: string }[] = await this.dataSource.query(`SELECT key FROM erased_clients`);
    return new Set(rows.map((row) => row.key));
  }

  async createBatch(batch: NewBatch): Promise<IngestBatchEntity> {
    const repository = this.dataSource.getRepository(IngestBatchEntity);
    return repository.save(repository.create({ ...batch, bytesTotal: batch.bytesTotal?.toString() ?? null, status: 'loading' }));
  }

  async findBatch(id: string): Promise<IngestBatchEntity | null> {
    return this.dataSource.getRepository(IngestBatchEntity).findOneBy({ id });
  }

  async listBatches(
    limit: number,
    offset: number,
    where: { createdBy?: string; uploadId?: string },
  ): Promise<{ batches: IngestBatchEntity[]; total: number }> {
    const [batches, total] = await this.dataSource
      .getRepository(IngestBatchEntity)
      .findAndCount({ where, order: { id: 'DESC' }, take: limit, skip: offset });
    return { batches, total };
  }

  /** Ends a batch that stored nothing: refused (bad input) or failed (the server could not finish). */
  async finishUnstored(
    id: string,
    status: 'refused' | 'failed',
    outcome: { bytesRead: number; rowsRead: number; errorCount: number; errors: readonly StoredIngestError[]; checksum: string | null; message: string },
  ): Promise<void> {
    await this.dataSource.query(
      `UPDATE ingest_batches SET status = $2, bytes_read = $3, rows_read = $4, error_count = $5, errors = $6::jsonb,
              checksum = $7, message = $8, finished_at = now()
        WHERE id = $1`,
      [id, status, outcome.bytesRead, outcome.rowsRead, outcome.errorCount, JSON.stringify(outcome.errors), outcome.checksum, outcome.message],
    );
  }

  /**
   * Batches left 'loading' by a process that stopped (killed, crashed): their rows were only
   * staged, or their store transaction was rolled back by PostgreSQL, so they stored nothing. A
   * batch being loaded by a live process beats its heartbeat every few seconds, so only batches
   * silent for longer than `staleAfterSeconds` are failed (safe with several API processes).
   */
  async failInterruptedBatches(staleAfterSeconds: number): Promise<string[]> {
    // TypeORM answers an UPDATE with [returned rows, affected count].
    const [rows]: [{ id: string }[], number] = await this.dataSource.query(
      `UPDATE ingest_batches SET status = 'failed', finished_at = now(),
              message = 'interrupted: the server stopped before the batch was stored; nothing of it was stored, send the file again'
        WHERE status = 'loading' AND NOT ${FRESH_HEARTBEAT}
        RETURNING id`,
      [staleAfterSeconds],
    );
    for (const { id } of rows) await this.dropStaging(id);
    return rows.map((row) => row.id);
  }

  /**
   * Whether a batch of the watch folder with this file name is being loaded by a live process (its
   * heartbeat beat within `staleAfterSeconds`), or ended as recently (its process is about to move
   * the file out of .processing/): the inbox then leaves the file where it is.
   */
  async hasLiveInboxBatch(filename: string, staleAfterSeconds: number): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `SELECT 1 FROM ingest_batches
        WHERE source = 'inbox' AND filename = $2
          AND ((status = 'loading' AND ${FRESH_HEARTBEAT}) OR finished_at > now() - make_interval(secs => $1))
        LIMIT 1`,
      [staleAfterSeconds, filename],
    );
    return rows.length > 0;
  }

  /**
   * Creates the batch's staging table. Rows are staged outside any transaction, one statement per
   * chunk, so that the connection is free between chunks (on the embedded database the pool has
   * one): the API stays responsive while a large file is read. Staged rows are not stored data;
   * only the final transaction (beginStoreTransaction) writes the tables that reports read.
   */
  async createStaging(batchId: string): Promise<void> {
    const tables = stagingTables(batchId);
    await this.dataSource.query(`CREATE UNLOGGED TABLE ${tables.readings} (${stagingColumnsDdl(STAGED_READING_COLUMNS)})`);
    await this.dataSource.query(`CREATE UNLOGGED TABLE ${tables.clients} (${stagingColumnsDdl(STAGED_CLIENT_COLUMNS)})`);
  }

  async dropStaging(batchId: string): Promise<void> {
    const tables = stagingTables(batchId);
    await this.dataSource.query(`DROP TABLE IF EXISTS ${tables.readings}, ${tables.clients}`);
  }

  /**
   * Records how far the batch has got, so that other processes (and a restart) can see it is alive
   * (see batches/batch-heartbeat.ts). A batch that has ended is left as it ended.
   */
  async heartbeat(batchId: string, bytesRead: number, rowsRead: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE ingest_batches SET bytes_read = $2, rows_read = $3, heartbeat_at = now() WHERE id = $1 AND status = 'loading'`,
      [batchId, bytesRead, rowsRead],
    );
  }

  /** Starts the transaction that checks and stores the staged rows, on a connection of its own. */
  async beginStoreTransaction(): Promise<QueryRunner> {
    const runner = (await this.openStoreTransaction('wait'))!;
    try {
      // The checks and inserts sort up to a batch's rows: let them sort in memory.
      await runner.query(`SET LOCAL work_mem = '128MB'`);
    } catch (error) {
      await rollBackAndRelease(runner);
      throw error;
    }
    return runner;
  }

  /**
   * The store transaction opened before the file is read, to store it while it is read (see
   * store/streaming-store.ts); null on the embedded database, whose one connection must stay free
   * between chunks for the rest of the API, or when another batch holds the store lock (the batch
   * is then staged, and waits for the lock only when its rows are all read).
   */
  async beginStreamingStore(batchId: string): Promise<StreamingStore | null> {
    if (this.endpoint.kind !== 'postgres') return null;
    const runner = await this.openStoreTransaction('try');
    return runner === null ? null : StreamingStore.begin(runner, batchId);
  }

  /**
   * A transaction on a connection of its own, holding the store lock: one batch stores at a time,
   * so that two cannot both pass the conflict check (or take the same ids) and then race. 'wait'
   * waits for the lock; 'try' answers null if another batch holds it.
   */
  private async openStoreTransaction(lock: 'wait' | 'try'): Promise<QueryRunner | null> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      if (lock === 'wait') {
        await runner.query(`SELECT pg_advisory_xact_lock($1, 0)`, [LOCK_STORE]);
      } else {
        const [{ locked }]: { locked: boolean }[] = await runner.query(`SELECT pg_try_advisory_xact_lock($1, 0) AS locked`, [LOCK_STORE]);
        if (!locked) {
          await rollBackAndRelease(runner);
          return null;
        }
      }
    } catch (error) {
      await rollBackAndRelease(runner);
      throw error;
    }
    return runner;
  }

  /** A writer of staged rows for this database (COPY on a server, unnest on the embedded one). */
  async openStagingWriter(batchId: string): Promise<StagingWriter> {
    const tables = stagingTables(batchId);
    return this.endpoint.kind === 'postgres'
      ? CopyStagingWriter.open(this.dataSource, tables)
      : new UnnestStagingWriter(this.dataSource, tables);
  }

  /**
   * Lists the batch's clients, one row each in order of first appearance, with the id of those
   * already stored, in a table of the store transaction (dropped with it). The checks and the store
   * then join the staged rows to it on the client's ordinal, an integer, instead of joining
   * millions of staged rows to the clients on their 44-character keys; and they look for stored
   * sessions and readings only among the clients that have any.
   * Runs in the store transaction, which holds the store lock: no other batch adds clients meanwhile.
   */
  async listBatchClients(runner: QueryRunner, batchId: string): Promise<void> {
    const tables = stagingTables(batchId);
    await runner.query(`ANALYZE ${tables.readings}`);
    await runner.query(
      `CREATE TEMPORARY TABLE ${BATCH_CLIENTS} ON COMMIT DROP AS
       SELECT s.client_ordinal, s.client_key, s.clinic_key, c.id, c.id IS NULL AS is_new
         FROM ${tables.clients} s LEFT JOIN clients c ON c.key = s.client_key`,
    );
    await runner.query(`ANALYZE ${BATCH_CLIENTS}`);
  }

  /**
   * For an owner's batch (clinicScope: the stored keys of their clinics): the first line of each
   * client of the file who is stored with a session outside those clinics. Client ids are keyed
   * across the whole network, so without this an owner could add sessions to another clinic's
   * client, and the conflict check (findConflicts), which names the column that differs, would
   * tell them that client's stored technique, condition, therapist, date and values one file at a
   * time. Such a file is refused before anything stored is compared with it.
   */
  async findClientsOfOtherClinics(
    runner: QueryRunner,
    batchId: string,
    clinicScope: readonly string[],
    limit: number,
  ): Promise<{ count: number; errors: StoredIngestError[] }> {
    const staging = stagingTables(batchId).readings;
    const rows: { line: number; total: string }[] = await runner.query(
      `SELECT min(s.line) AS line, count(*) OVER () AS total
         FROM ${staging} s
         JOIN ${BATCH_CLIENTS} bc ON bc.client_ordinal = s.client_ordinal AND NOT bc.is_new
        WHERE EXISTS (SELECT 1 FROM sessions se LEFT JOIN clinics cl ON cl.id = se.clinic_id
                       WHERE se.client_id = bc.id AND (cl.key IS NULL OR NOT cl.key = ANY ($1::text[])))
        GROUP BY s.client_ordinal
        ORDER BY 1 LIMIT $2`,
      [clinicScope, limit],
    );
    const errors = rows.map((row) => ({
      line: row.line,
      column: 'client_id',
      message: 'this client id is stored with sessions of a clinic you may not ingest for: ask its owner or an admin; nothing was stored',
    }));
    return { count: rows.length === 0 ? 0 : Number(rows[0].total), errors };
  }

  /**
   * Rows that contradict each other or what is stored: a session described differently (technique,
   * condition, therapist, clinic, date) on two lines or from an earlier batch, and a reading whose
   * key is stored with another value. Nothing is ever overwritten silently.
   * Sessions described differently and readings given twice within the file were checked while it
   * was read if it was in session order (see SessionRuns); only otherwise are they looked for here.
   * Runs in the store transaction after listBatchClients.
   */
  async findConflicts(
    runner: QueryRunner,
    batchId: string,
    order: StagedOrder,
    limit: number,
  ): Promise<{ count: number; errors: StoredIngestError[] }> {
    const staging = stagingTables(batchId).readings;
    const differs = (staged: string, stored: string) => `${staged} IS DISTINCT FROM ${stored}`;
    // The attributes of a staged reading s against those of another row: as stored, or the
    // session's first staged reading f.
    const against = (other: 'stored' | 'f') =>
      SESSION_ATTRIBUTES.map((a) => ({ column: a.column, staged: `s.${a.staged}`, stored: other === 'stored' ? a.stored : `f.${a.staged}` }));
    const which = (pairs: { column: string; staged: string; stored: string }[]) =>
      `CASE ${pairs.map((p) => `WHEN ${differs(p.staged, p.stored)} THEN '${p.column}'`).join(' ')} END`;
    const withinFile = against('f');
    const stored = against('stored');

    // Sessions described in more than one way are found by counting the distinct descriptions
    // (one sort of the staged rows); only their rows are then compared line by line with the
    // session's first line, to name the line and the column.
    const withinFileQueries = `
       described_differently AS (
         SELECT client_ordinal, session FROM ${staging}
          GROUP BY client_ordinal, session
         HAVING count(DISTINCT (${SESSION_ATTRIBUTES.map((a) => a.staged).join(', ')})) > 1
       ),
       their_rows AS (
         SELECT s.* FROM ${staging} s JOIN described_differently USING (client_ordinal, session)
       ),
       firsts AS (
         SELECT DISTINCT ON (client_ordinal, session) * FROM their_rows ORDER BY client_ordinal, session, line
       ),
       within_file AS (
         SELECT s.line, ${which(withinFile)} AS column_name, 'within' AS kind, f.line::text AS other
           FROM their_rows s JOIN firsts f USING (client_ordinal, session)
          WHERE ${withinFile.map((p) => differs(p.staged, p.stored)).join(' OR ')}
       ),
       duplicates AS (
         SELECT line, NULL AS column_name, 'duplicate' AS kind, first_line::text AS other
           FROM (SELECT line, min(line) OVER (PARTITION BY client_ordinal, session, phase, measure, site, trial) AS first_line
                   FROM ${staging}) d
          WHERE line <> first_line
       ),`;
    const rows: { line: number; column_name: string | null; kind: ConflictKind; other: string; total: string }[] = await runner.query(
      `WITH ${order.inSessionOrder ? '' : withinFileQueries}
       stored_sessions AS (
         SELECT s.line, ${which(stored)} AS column_name, 'session' AS kind, se.batch_id::text AS other
           FROM ${staging} s
           JOIN ${BATCH_CLIENTS} bc ON bc.client_ordinal = s.client_ordinal AND NOT bc.is_new
           JOIN sessions se ON se.client_id = bc.id AND se.session_number = s.session
           LEFT JOIN therapists th ON th.id = se.therapist_id
           LEFT JOIN clinics cl ON cl.id = se.clinic_id
          WHERE ${stored.map((p) => differs(p.staged, p.stored)).join(' OR ')}
       ),
       stored_readings AS (
         SELECT s.line, 'value' AS column_name, 'reading' AS kind, m.batch_id::text AS other
           FROM ${staging} s
           JOIN ${BATCH_CLIENTS} bc ON bc.client_ordinal = s.client_ordinal AND NOT bc.is_new
           JOIN measurements m ON m.client_id = bc.id AND m.session_number = s.session AND m.phase = s.phase
                              AND m.measure = s.measure AND m.site = s.site AND m.trial = s.trial
          WHERE abs(m.value - s.value) > ${SAME_VALUE_RELATIVE_TOLERANCE} * greatest(abs(m.value), abs(s.value))
       ),
       conflicts AS (
         ${order.inSessionOrder ? '' : 'SELECT * FROM within_file UNION ALL SELECT * FROM duplicates UNION ALL'}
         SELECT * FROM stored_sessions UNION ALL SELECT * FROM stored_readings
       )
       SELECT line, column_name, kind, other, count(*) OVER () AS total FROM conflicts ORDER BY line, kind LIMIT $1`,
      [limit],
    );
    const errors = rows.map((row) => ({ line: row.line, column: row.column_name, message: conflictMessage(row.kind, row.column_name ?? '', row.other) }));
    return { count: rows.length === 0 ? 0 : Number(rows[0].total), errors };
  }

  /**
   * Writes the staged rows: new clinics, therapists, clients and sessions, then the new readings.
   * Runs after findConflicts found none, under the store lock, so what is not stored yet can be
   * written with plain INSERTs: a session or reading of a client new to the database cannot be
   * stored, and those of a stored client are looked up one by one. (INSERT ... ON CONFLICT DO
   * NOTHING would find them too, but its speculative insertion costs half as much again as the
   * insert itself.) The reader refuses a file with the same reading twice, so staged readings
   * are unique; if one ever were not, the primary key would fail the batch, never drop a row.
   */
  async store(runner: QueryRunner, batchId: string, order: StagedOrder): Promise<StoreResult> {
    const tables = stagingTables(batchId);
    const staging = tables.readings;
    await runner.query(
      `INSERT INTO clinics (key)
       SELECT DISTINCT clinic_key FROM ${staging} WHERE clinic_key IS NOT NULL
       ON CONFLICT (key) DO NOTHING`,
    );
    await runner.query(
      `INSERT INTO therapists (key, clinic_id)
       SELECT DISTINCT ON (s.therapist_key) s.therapist_key, cl.id
         FROM ${staging} s LEFT JOIN clinics cl ON cl.key = s.clinic_key
        WHERE s.therapist_key IS NOT NULL
        ORDER BY s.therapist_key, s.line
       ON CONFLICT (key) DO NOTHING`,
    );
    // New clients get their ids in order of first appearance, so that each B-tree below grows at
    // its right edge instead of at random pages.
    await runner.query(
      `WITH inserted AS (
         INSERT INTO clients (key, clinic_id, batch_id)
         SELECT bc.client_key, cl.id, $1
           FROM ${BATCH_CLIENTS} bc LEFT JOIN clinics cl ON cl.key = bc.clinic_key
          WHERE bc.is_new
          ORDER BY bc.client_ordinal
         RETURNING id, key
       )
       UPDATE ${BATCH_CLIENTS} bc SET id = inserted.id FROM inserted WHERE bc.client_key = inserted.key`,
      [batchId],
    );
    // Before any reading is written: the cells the batch adds to are noted while they still hold
    // only their stored readings (the reading sites count those out, kept-reading-sites.sql.ts).
    await this.noteCellsOfStoredClients(runner, staging);
    // A file in session order marked each session's first reading: those are the sessions' rows,
    // already in key order. Otherwise each session's first line is found by sorting.
    const sessionRows = order.inSessionOrder
      ? { distinct: '', where: 's.first_of_session AND', orderBy: '' }
      : { distinct: 'DISTINCT ON (s.client_ordinal, s.session)', where: '', orderBy: 'ORDER BY s.client_ordinal, s.session, s.line' };
    await runner.query(
      `INSERT INTO sessions (client_id, session_number, technique, condition, therapist_id, clinic_id, session_date, batch_id)
       SELECT ${sessionRows.distinct} bc.id, s.session, s.technique, s.condition, th.id, cl.id, s.session_date, $1
         FROM ${staging} s
         JOIN ${BATCH_CLIENTS} bc USING (client_ordinal)
         LEFT JOIN therapists th ON th.key = s.therapist_key
         LEFT JOIN clinics cl ON cl.key = s.clinic_key
        WHERE ${sessionRows.where}
              (bc.is_new OR NOT EXISTS (SELECT FROM sessions se WHERE se.client_id = bc.id AND se.session_number = s.session))
        ${sessionRows.orderBy}`,
      [batchId],
    );
    const inserted = await runner.query(
      `INSERT INTO measurements (client_id, session_number, phase, measure, site, trial, clinic_id,
                                 value, raw_value, raw_unit, batch_id)
       SELECT bc.id, s.session, s.phase, s.measure, s.site, s.trial, cl.id, s.value, s.raw_value, s.raw_unit, $1
         FROM ${staging} s
         JOIN ${BATCH_CLIENTS} bc USING (client_ordinal)
         LEFT JOIN clinics cl ON cl.key = s.clinic_key
        WHERE bc.is_new OR NOT EXISTS (
                SELECT FROM measurements m
                 WHERE m.client_id = bc.id AND m.session_number = s.session AND m.phase = s.phase
                   AND m.measure = s.measure AND m.site = s.site AND m.trial = s.trial)
        ${order.inSessionOrder ? '' : 'ORDER BY s.client_ordinal, s.session, s.phase, s.measure, s.site, s.trial'}`,
      [batchId],
      true,
    );
    await this.keepReportCells(runner);
    // Dropped in the same transaction: they go only if the rows went.
    await runner.query(`DROP TABLE ${tables.readings}, ${tables.clients}`);
    return { inserted: inserted.affected ?? 0 };
  }

  /**
   * Notes the cells of stored clients' sessions that the batch adds readings to
   * (report-cells/kept-cells.sql.ts), before the batch's readings are written.
   */
  private async noteCellsOfStoredClients(runner: QueryRunner, staging: string): Promise<void> {
    const [{ stored }]: { stored: boolean }[] = await runner.query(`SELECT EXISTS (SELECT FROM ${BATCH_CLIENTS} WHERE NOT is_new) AS stored`);
    if (!stored) return;
    await noteChangedCells(
      runner,
      `SELECT bc.id AS client_id, s.session AS session_number, s.measure, s.site
         FROM ${staging} s JOIN ${BATCH_CLIENTS} bc ON bc.client_ordinal = s.client_ordinal AND NOT bc.is_new`,
    );
  }

  /**
   * The report cells of the stored rows (report-cells/kept-cells.sql.ts), in the store
   * transaction: those of the batch's new clients computed from their readings (their ids are one
   * range, taken under the store lock), and those of stored clients' sessions that the batch added
   * readings to (noted before the writes) recomputed whole.
   */
  private async keepReportCells(runner: QueryRunner): Promise<void> {
    const [range]: { low: string | null; high: string | null }[] = await runner.query(
      `SELECT min(id)::text AS low, max(id)::text AS high FROM ${BATCH_CLIENTS} WHERE is_new`,
    );
    if (range.low !== null && range.high !== null) await insertCellsOfNewClients(runner, Number(range.low), Number(range.high));
    await refreshChangedCells(runner);
  }

  /**
   * Marks the batch stored, in the batch's transaction: its rows and its status commit together.
   * finished_at is the clock's time, not now(): now() is when the transaction began, a minute
   * before the end of a large batch's store step.
   */
  async finishStored(
    runner: QueryRunner,
    id: string,
    outcome: { bytesRead: number; rowsRead: number; inserted: number; duplicates: number; checksum: string; message: string | null },
  ): Promise<void> {
    await runner.query(
      `UPDATE ingest_batches SET status = 'stored', bytes_read = $2, rows_read = $3, inserted = $4, duplicates = $5,
              checksum = $6, message = $7, finished_at = clock_timestamp()
        WHERE id = $1`,
      [id, outcome.bytesRead, outcome.rowsRead, outcome.inserted, outcome.duplicates, outcome.checksum, outcome.message],
    );
  }

  /**
   * Refreshes the planner's statistics of the tables a batch grew, when they have changed enough
   * for a plan to change, as autovacuum decides: more than 50 rows and 10 % of the readings since
   * the last ANALYZE. After a large batch they are stale until autovacuum gets to them (or for ever,
   * where it is off), and the report's plan then misjudges its row counts; after a small one into
   * large tables ANALYZE, which samples 30,000 rows of each table whatever the batch, would cost
   * more than the batch. Answers whether it analysed.
   *
   * The readings since the last ANALYZE are those this process's batches stored, counted here, not
   * the statistics system's n_mod_since_analyze: a backend reports its counts up to a second or
   * more after its commit, so a batch's own inserts could arrive after the ANALYZE they caused and
   * count again for the next batch (seen: 20 readings into 300 analysed again). Other processes'
   * batches (the command line's) are analysed by their own process.
   */
  async analyzeStoredTables(inserted: number): Promise<boolean> {
    this.storedSinceAnalyze += inserted;
    const [readings]: { tuples: number }[] = await this.dataSource.query(
      `SELECT reltuples AS tuples FROM pg_class WHERE oid = 'measurements'::regclass`,
    );
    // reltuples is -1 for a table never analysed.
    const tuples = Number(readings.tuples);
    if (tuples >= 0 && this.storedSinceAnalyze <= 50 + 0.1 * tuples) return false;
    // In two halves of about equal cost, each on its own connection (on a server, its own core):
    // reports and cohort questions wait for them, and the five one after the other took 1.5 s
    // after the 12-million-reading practice file. The embedded database's one connection takes
    // the halves in turn.
    await Promise.all([
      this.dataSource.query(`ANALYZE measurements, sessions`),
      this.dataSource.query(`ANALYZE client_courses, report_cells, clients`),
    ]);
    this.storedSinceAnalyze = 0;
    return true;
  }

  /**
   * Marks report_cells' new pages all-visible (VACUUM), so that a clinic's report reads its cells
   * from report_cells_by_clinic alone instead of a heap page per client: after a large ingest, as
   * autovacuum would on an insert-heavy table (it may be off, and late). On a server only: the
   * embedded database has one connection, on which a vacuum would hold up every report, and holds
   * a practice's data, whose clinics are small. Answers whether it vacuumed.
   */
  async vacuumReportCells(): Promise<boolean> {
    if (this.endpoint.kind !== 'postgres') return false;
    await this.dataSource.query(`VACUUM report_cells`);
    return true;
  }

  /**
   * The first stored batch of these bytes (its checksum), other than `exceptId`, or null: for the
   * message of a file sent again (its duplicates are found row by row), and for the watch folder to
   * tell a file stored before its server stopped from one that was not. On `runner`'s transaction
   * when given.
   */
  async findStoredByChecksum(checksum: string, options: { exceptId?: string; runner?: QueryRunner } = {}): Promise<string | null> {
    const rows: { id: string }[] = await (options.runner ?? this.dataSource).query(
      `SELECT id FROM ingest_batches WHERE checksum = $1 AND status = 'stored' AND id IS DISTINCT FROM $2::bigint ORDER BY id LIMIT 1`,
      [checksum, options.exceptId ?? null],
    );
    return rows[0]?.id ?? null;
  }
}

/** The batch's staging tables; batch ids are integers from the database, so the names are safe SQL. */
function stagingTables(batchId: string): StagingTables {
  if (!/^[0-9]+$/.test(batchId)) throw new Error(`not a batch id: ${batchId}`);
  return { readings: `ingest_staging_${batchId}`, clients: `ingest_staging_${batchId}_clients` };
}
