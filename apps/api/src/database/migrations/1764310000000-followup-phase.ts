/**
 * Readings may have phase `followup` (report-contract.md section 5, contract 1.1): a visit without
 * treatment after the course. The check is replaced NOT VALID and then validated, so that the scan
 * of the existing rows holds no lock that stops reads or ingests.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class FollowupPhase1764310000000 implements MigrationInterface {
  name = 'FollowupPhase1764310000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE measurements
        DROP CONSTRAINT measurements_phase_check,
        ADD CONSTRAINT measurements_phase_check CHECK (phase IN ('pre', 'post', 'followup')) NOT VALID`);
    await queryRunner.query(`ALTER TABLE measurements VALIDATE CONSTRAINT measurements_phase_check`);
  }

  /** Fails while follow-up readings are stored: they would have no place in the older schema. */
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      ALTER TABLE measurements
        DROP CONSTRAINT measurements_phase_check,
        ADD CONSTRAINT measurements_phase_check CHECK (phase IN ('pre', 'post'))`);
  }
}
