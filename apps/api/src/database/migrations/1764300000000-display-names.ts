/**
 * Display names of clinics and therapists (issue 16, "Names, not keys"): one row per stored key
 * (the keyed hash of the id a clinic sends), so that views can show "Harbour Street Clinic"
 * instead of `871de41f…`. The raw id a name was given with is never stored, only its key; a key
 * may be named before any of its data arrives, so there is no foreign key to clinics or therapists.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class DisplayNames1764300000000 implements MigrationInterface {
  name = 'DisplayNames1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE display_names (
        kind        text NOT NULL CHECK (kind IN ('clinic', 'therapist')),
        key         text NOT NULL,
        name        text NOT NULL,
        updated_at  timestamptz NOT NULL DEFAULT now(),
        updated_by  text NOT NULL,
        PRIMARY KEY (kind, key)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE display_names`);
  }
}
