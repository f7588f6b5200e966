/**
 * Session dates (report-cells/kept-session-counts.sql.ts): how many sessions there are of each
 * clinic on each date, from whose earliest and latest the filter values and the summary of all the
 * data take the sessions' first and last dates; in place of the index on the sessions' dates of
 * 1796730000000, whose inserts landed all over a B-tree as large as the sessions table and made an
 * ingest into a 12-million-reading database 1.36 times the same ingest into an empty one
 * (docs/scaling.md 4.10). Filled here by counting the stored sessions.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SessionDates1796740000000 implements MigrationInterface {
  name = 'SessionDates1796740000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE session_dates (
        clinic_id     integer,
        session_date  date,
        sessions      bigint NOT NULL CHECK (sessions >= 0),
        CONSTRAINT session_dates_key UNIQUE NULLS NOT DISTINCT (clinic_id, session_date)
      )`);
    // The first and last dates of all clinics from its ends (a clinic's from the key).
    await queryRunner.query(`CREATE INDEX session_dates_by_date ON session_dates (session_date)`);
    await queryRunner.query(`
      INSERT INTO session_dates (clinic_id, session_date, sessions)
      SELECT clinic_id, session_date, count(*) FROM sessions GROUP BY clinic_id, session_date`);
    await queryRunner.query(`DROP INDEX sessions_by_date`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX sessions_by_date ON sessions (session_date)`);
    await queryRunner.query(`DROP TABLE session_dates`);
  }
}
