/**
 * Session groups (report-cells/kept-session-groups.sql.ts): how many sessions there are of each
 * (clinic, therapist, technique, condition), so that the filter controls and the summary of all
 * the data need no pass over every session; and an index on the sessions' dates, whose first and
 * last the same two read from its ends. Filled here by counting the stored sessions.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionGroups1796730000000 implements MigrationInterface {
  name = 'SessionGroups1796730000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE session_groups (
        clinic_id     integer,
        therapist_id  integer,
        technique     text NOT NULL,
        condition     text,
        sessions      bigint NOT NULL CHECK (sessions >= 0),
        CONSTRAINT session_groups_key UNIQUE NULLS NOT DISTINCT (clinic_id, therapist_id, technique, condition)
      )`);
    await queryRunner.query(`
      INSERT INTO session_groups (clinic_id, therapist_id, technique, condition, sessions)
      SELECT clinic_id, therapist_id, technique, condition, count(*) FROM sessions
       GROUP BY clinic_id, therapist_id, technique, condition`);
    await queryRunner.query(`CREATE INDEX sessions_by_date ON sessions (session_date)`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX sessions_by_date`);
    await queryRunner.query(`DROP TABLE session_groups`);
  }
}
