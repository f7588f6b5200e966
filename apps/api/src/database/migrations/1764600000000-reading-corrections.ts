/**
 * Corrections of stored readings (docs/api.md, "Corrections"): a batch is an ordinary ingest or a
 * correction, with the reason given for it; and every reading a correction changed or withdrew
 * keeps its previous value here, with who corrected it, when and why. Measurements keep only the
 * current value (reports read them as before); the history is read only to show it.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadingCorrections1764600000000 implements MigrationInterface {
  name = 'ReadingCorrections1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE ingest_batches
        ADD COLUMN kind text NOT NULL DEFAULT 'ingest' CONSTRAINT ingest_batches_kind_check CHECK (kind IN ('ingest', 'correction')),
        ADD COLUMN reason text`);
    // The reading's key as measurements key it; its clinic, so that an owner sees the history of
    // their clinics' readings; the value before and after (after: null for a withdrawal).
    await queryRunner.query(`
      CREATE TABLE measurement_history (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        client_id        bigint NOT NULL,
        session_number   integer NOT NULL,
        phase            text NOT NULL,
        measure          text NOT NULL,
        site             text NOT NULL,
        trial            integer NOT NULL,
        clinic_id        integer,
        previous_value      double precision NOT NULL,
        previous_raw_value  double precision NOT NULL,
        previous_raw_unit   text NOT NULL,
        previous_batch_id   bigint NOT NULL,
        value            double precision,
        raw_value        double precision,
        raw_unit         text,
        batch_id         bigint NOT NULL,
        reason           text NOT NULL,
        corrected_by     text NOT NULL,
        corrected_at     timestamptz NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(`CREATE INDEX measurement_history_reading_idx ON measurement_history (client_id, session_number, measure)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE measurement_history`);
    await queryRunner.query(`ALTER TABLE ingest_batches DROP COLUMN reason, DROP COLUMN kind`);
  }
}
