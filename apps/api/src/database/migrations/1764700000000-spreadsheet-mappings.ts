/**
 * Mappings of spreadsheets in a clinic's own layout (docs/mappings.md), saved per clinic by name
 * so that an upload names one (`POST /api/ingest?mapping=NAME&clinic=ID`). A clinic is named by
 * its key (the keyed hash of its id, as clinics.key), so that a mapping can be saved before the
 * clinic's first reading is stored.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SpreadsheetMappings1764700000000 implements MigrationInterface {
  name = 'SpreadsheetMappings1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE spreadsheet_mappings (
        clinic_key  text NOT NULL,
        name        text NOT NULL,
        mapping     jsonb NOT NULL,
        saved_by    text NOT NULL,
        saved_at    timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT spreadsheet_mappings_pkey PRIMARY KEY (clinic_key, name)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE spreadsheet_mappings`);
  }
}
