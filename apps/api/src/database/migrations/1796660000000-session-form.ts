/**
 * The session form (issue 20; docs/api.md, "Session form"): its batches come from a new source,
 * 'form', and are sent with an Idempotency-Key, stored with the batch together with the SHA-256 of
 * the request it came with. A repeat of the same key by the same sender answers the first batch
 * (or 422 when its body differs), so a double tap or a retry after a dropped connection stores
 * once. The key is unique per sender among batches that did not fail: a failed batch (the
 * server's failure, nothing stored) leaves its key free for the retry.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionForm1796660000000 implements MigrationInterface {
  name = 'SessionForm1796660000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE ingest_batches DROP CONSTRAINT ingest_batches_source_check`);
    await queryRunner.query(
      `ALTER TABLE ingest_batches ADD CONSTRAINT ingest_batches_source_check CHECK (source IN ('http', 'inbox', 'cli', 'demo', 'form'))`,
    );
    await queryRunner.query(`ALTER TABLE ingest_batches ADD COLUMN idempotency_key text, ADD COLUMN request_checksum text`);
    await queryRunner.query(
      `CREATE UNIQUE INDEX ingest_batches_idempotency_idx ON ingest_batches (created_by, idempotency_key)
        WHERE idempotency_key IS NOT NULL AND status <> 'failed'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX ingest_batches_idempotency_idx`);
    await queryRunner.query(`ALTER TABLE ingest_batches DROP COLUMN idempotency_key, DROP COLUMN request_checksum`);
    await queryRunner.query(`DELETE FROM ingest_batches WHERE source = 'form'`);
    await queryRunner.query(`ALTER TABLE ingest_batches DROP CONSTRAINT ingest_batches_source_check`);
    await queryRunner.query(`ALTER TABLE ingest_batches ADD CONSTRAINT ingest_batches_source_check CHECK (source IN ('http', 'inbox', 'cli', 'demo'))`);
  }
}
