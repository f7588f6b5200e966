/**
 * Every erasure of stored data, in SQL: a client (at their request), a batch (a file loaded by
 * mistake), sessions past their clinic's retention period. Each runs in one transaction under the
 * ingest's store lock, so that no batch stores between the rows found and the rows deleted (a
 * reading must never point at a deleted client or session), and records one row in data_changes,
 * which moves the data version on (cohorts/data-version.repository.ts): every cached answer is
 * computed again. Counts only are kept; never the erased values.
 */
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, QueryRunner } from 'typeorm';
import type { DataChangeKind } from '../database/entities/data-change.entity.js';
import { LOCK_STORE } from '../ingest/ingest.repository.js';
import { noteChangedCells, refreshChangedCells } from '../report-cells/kept-cells.sql.js';

export interface ErasedCounts {
  readings: number;
  sessions: number;
  /** Clients left with no session, deleted with them. */
  clients: number;
}

/** A stored client, found by stored key. */
export interface StoredClient {
  id: string;
  /** Stored key of the clinic of the client's earliest session, if it had one. */
  clinicKey: string | null;
}

export type BatchErasure =
  | { kind: 'erased'; counts: ErasedCounts }
  | { kind: 'not found' }
  | { kind: 'not stored'; status: string };

/** Sessions of one clinic dated before a day (the retention cutoff). */
export interface SessionsBefore {
  clinicId: number;
  /** ISO date: sessions dated before it go; sessions without a date stay. */
  before: string;
}

/** The scratch table of the (client, session) pairs an erasure deletes, dropped at commit. */
const DUE = 'erasure_due_sessions';

@Injectable()
export class ErasureRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findClient(key: string): Promise<StoredClient | null> {
    return findClient(this.dataSource, key);
  }

  /** How many readings and sessions the client has: what erasing them would delete. */
  async countClient(id: string): Promise<{ readings: number; sessions: number }> {
    const [row]: { readings: number; sessions: number }[] = await this.dataSource.query(
      `SELECT (SELECT count(*)::integer FROM measurements WHERE client_id = $1) AS readings,
              (SELECT count(*)::integer FROM sessions WHERE client_id = $1) AS sessions`,
      [id],
    );
    return row;
  }

  /** When a key was erased (null: never). */
  async erasedAt(key: string): Promise<Date | null> {
    const rows: { erasedAt: Date }[] = await this.dataSource.query(`SELECT erased_at AS "erasedAt" FROM erased_clients WHERE key = $1`, [key]);
    return rows[0]?.erasedAt ?? null;
  }

  /**
   * Deletes every reading and session of the client with this stored key, and the client, and
   * remembers the key as erased; null when no such client is stored (looked up under the lock).
   * `allowed` sees the client found first: false leaves everything as it was.
   */
  eraseClient(key: string, erasedBy: string, allowed: (client: StoredClient) => boolean): Promise<(ErasedCounts & { client: StoredClient }) | null> {
    return this.inStoreTransaction(async (runner) => {
      const client = await findClient(runner, key);
      if (client === null || !allowed(client)) return null;
      await runner.query(`CREATE TEMP TABLE ${DUE} ON COMMIT DROP AS SELECT client_id, session_number FROM sessions WHERE client_id = $1`, [client.id]);
      const counts = await deleteDue(runner, [client.id]);
      await runner.query(
        `INSERT INTO erased_clients (key, erased_by) VALUES ($1, $2)
         ON CONFLICT (key) DO UPDATE SET erased_at = now(), erased_by = EXCLUDED.erased_by`,
        [key, erasedBy],
      );
      await recordChange(runner, 'client erased', counts);
      return { ...counts, client };
    });
  }

  /**
   * Undoes a stored batch: deletes the readings it stored, then the sessions left without
   * readings and the clients left without sessions, and marks the batch 'erased'. `allowed`
   * sees who sent it: false answers 'not found'.
   */
  eraseBatch(batchId: string, allowed: (createdBy: string) => boolean): Promise<BatchErasure> {
    return this.inStoreTransaction(async (runner) => {
      const [batch]: { status: string; createdBy: string }[] = await runner.query(
        `SELECT status, created_by AS "createdBy" FROM ingest_batches WHERE id = $1 FOR UPDATE`,
        [batchId],
      );
      if (batch === undefined || !allowed(batch.createdBy)) return { kind: 'not found' } as const;
      if (batch.status !== 'stored') return { kind: 'not stored', status: batch.status } as const;
      const clients: { id: string }[] = await runner.query(`SELECT DISTINCT client_id AS id FROM measurements WHERE batch_id = $1`, [batchId]);
      // Their report cells are recomputed from the readings left (in deleteDue).
      await noteChangedCells(runner, `SELECT client_id, session_number, measure, site FROM measurements WHERE batch_id = $1`, [batchId]);
      const [{ readings }]: { readings: number }[] = await runner.query(
        `WITH gone AS (DELETE FROM measurements WHERE batch_id = $1 RETURNING 1) SELECT count(*)::integer AS readings FROM gone`,
        [batchId],
      );
      // Sessions of these clients left with no reading (the batch's own, unless another batch added to them).
      await runner.query(
        `CREATE TEMP TABLE ${DUE} ON COMMIT DROP AS
           SELECT s.client_id, s.session_number FROM sessions s
           WHERE s.client_id = ANY($1::bigint[])
             AND NOT EXISTS (SELECT 1 FROM measurements m WHERE m.client_id = s.client_id AND m.session_number = s.session_number)`,
        [clients.map((client) => client.id)],
      );
      const rest = await deleteDue(runner, clients.map((client) => client.id));
      const counts = { ...rest, readings: readings + rest.readings };
      await runner.query(
        `UPDATE ingest_batches SET status = 'erased', message = $2 WHERE id = $1`,
        [batchId, `erased: ${counts.readings} readings, ${counts.sessions} sessions and ${counts.clients} clients deleted`],
      );
      await recordChange(runner, 'batch erased', counts);
      return { kind: 'erased', counts } as const;
    });
  }

  /** What erasing the sessions before the cutoff would delete, deleting nothing. */
  async countSessionsBefore({ clinicId, before }: SessionsBefore): Promise<{ readings: number; sessions: number }> {
    const [row]: { readings: number; sessions: number }[] = await this.dataSource.query(
      `WITH due AS (SELECT client_id, session_number FROM sessions WHERE clinic_id = $1 AND session_date < $2::date)
       SELECT (SELECT count(*)::integer FROM due) AS sessions,
              (SELECT count(*)::integer FROM measurements m JOIN due USING (client_id, session_number)) AS readings`,
      [clinicId, before],
    );
    return row;
  }

  /** Deletes the sessions of a clinic dated before the cutoff, their readings, and clients left without sessions. */
  eraseSessionsBefore({ clinicId, before }: SessionsBefore): Promise<ErasedCounts> {
    return this.inStoreTransaction(async (runner) => {
      await runner.query(
        `CREATE TEMP TABLE ${DUE} ON COMMIT DROP AS
           SELECT client_id, session_number FROM sessions WHERE clinic_id = $1 AND session_date < $2::date`,
        [clinicId, before],
      );
      const clients: { id: string }[] = await runner.query(`SELECT DISTINCT client_id AS id FROM ${DUE}`);
      const counts = await deleteDue(runner, clients.map((client) => client.id));
      if (counts.sessions > 0) await recordChange(runner, 'retention', counts);
      return counts;
    });
  }

  private async inStoreTransaction<T>(work: (runner: QueryRunner) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      await runner.query(`SELECT pg_advisory_xact_lock($1, 0)`, [LOCK_STORE]);
      const result = await work(runner);
      await runner.commitTransaction();
      return result;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}

async function findClient(on: DataSource | QueryRunner, key: string): Promise<StoredClient | null> {
  const rows: StoredClient[] = await on.query(
    `SELECT c.id::text AS id, cl.key AS "clinicKey" FROM clients c LEFT JOIN clinics cl ON cl.id = c.clinic_id WHERE c.key = $1`,
    [key],
  );
  return rows[0] ?? null;
}

/**
 * Deletes the sessions in the scratch table with their readings, then those of `clients` left with
 * no session; and recomputes the report cells of every reading deleted (those noted before too).
 */
async function deleteDue(runner: QueryRunner, clients: readonly string[]): Promise<ErasedCounts> {
  const count = async (sql: string, parameters: unknown[] = []): Promise<number> => {
    const [{ n }]: { n: number }[] = await runner.query(`WITH gone AS (${sql} RETURNING 1) SELECT count(*)::integer AS n FROM gone`, parameters);
    return n;
  };
  await noteChangedCells(runner, `SELECT m.client_id, m.session_number, m.measure, m.site FROM measurements m JOIN ${DUE} d USING (client_id, session_number)`);
  const readings = await count(`DELETE FROM measurements m USING ${DUE} d WHERE m.client_id = d.client_id AND m.session_number = d.session_number`);
  const sessions = await count(`DELETE FROM sessions s USING ${DUE} d WHERE s.client_id = d.client_id AND s.session_number = d.session_number`);
  const left = await count(
    `DELETE FROM clients c WHERE c.id = ANY($1::bigint[]) AND NOT EXISTS (SELECT 1 FROM sessions s WHERE s.client_id = c.id)`,
    [clients],
  );
  await refreshChangedCells(runner);
  return { readings, sessions, clients: left };
}

async function recordChange(runner: QueryRunner, kind: DataChangeKind, counts: ErasedCounts): Promise<void> {
  await runner.query(`INSERT INTO data_changes (kind, sessions, readings) VALUES ($1, $2, $3)`, [kind, counts.sessions, counts.readings]);
}
