/**
 * Clients' rights (docs/privacy.md): erasure of a client, of a wrongly loaded batch, and of
 * sessions past a clinic's retention period.
 *
 * - erased_clients: the stored keys (keyed hashes, never the clinic's ids) of erased clients, so
 *   that an old file naming one is refused unless its sender confirms (POST /api/ingest?confirmErased=1).
 * - data_changes: one row per erasure of any kind. The data version counts them with the stored
 *   batches, so that it moves on when data go as when they come (cohorts/data-version.repository.ts).
 * - ingest_batches.status 'erased': a batch undone whole. It still counts in the data version
 *   (it did change the data once), and its erasure counts again.
 * - clinics.retention_years: how long a clinic keeps sessions; none (kept) by default.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ClientsRights1764500000000 implements MigrationInterface {
  name = 'ClientsRights1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE erased_clients (
        key        text PRIMARY KEY,
        erased_at  timestamptz NOT NULL DEFAULT now(),
        erased_by  text NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE data_changes (
        id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at        timestamptz NOT NULL DEFAULT now(),
        kind      text NOT NULL CHECK (kind IN ('client erased', 'batch erased', 'retention')),
        sessions  integer NOT NULL,
        readings  integer NOT NULL
      )`);
    await queryRunner.query(`ALTER TABLE ingest_batches DROP CONSTRAINT ingest_batches_status_check`);
    await queryRunner.query(`
      ALTER TABLE ingest_batches ADD CONSTRAINT ingest_batches_status_check
        CHECK (status IN ('loading', 'stored', 'refused', 'failed', 'erased'))`);
    await queryRunner.query(`
      ALTER TABLE clinics ADD COLUMN retention_years integer
        CONSTRAINT clinics_retention_years_check CHECK (retention_years BETWEEN 1 AND 100)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE clinics DROP COLUMN retention_years`);
    await queryRunner.query(`ALTER TABLE ingest_batches DROP CONSTRAINT ingest_batches_status_check`);
    // Erased batches cannot be told apart from failed ones by the old schema.
    await queryRunner.query(`UPDATE ingest_batches SET status = 'failed' WHERE status = 'erased'`);
    await queryRunner.query(`
      ALTER TABLE ingest_batches ADD CONSTRAINT ingest_batches_status_check
        CHECK (status IN ('loading', 'stored', 'refused', 'failed'))`);
    await queryRunner.query(`DROP TABLE data_changes`);
    await queryRunner.query(`DROP TABLE erased_clients`);
  }
}
