/**
 * Report cells (issue 22; report-cells/kept-cells.sql.ts): the per-client, per-session values every
 * report reads instead of the readings, kept by every writer in its own transaction. Built here
 * from the stored readings, so that an existing database reads the same numbers as before.
 *
 * No foreign keys, as for sessions and measurements: the writers set the rows in the same
 * transactions as the readings they come from.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReportCells1796680000000 implements MigrationInterface {
  name = 'ReportCells1796680000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_cells (
        measure         text NOT NULL,
        client_id       bigint NOT NULL,
        session_number  integer NOT NULL,
        pre             double precision,
        post            double precision,
        followup        double precision,
        technique       text NOT NULL,
        condition       text,
        therapist_id    integer,
        clinic_id       integer,
        session_date    date,
        CONSTRAINT report_cells_pkey PRIMARY KEY (measure, client_id, session_number)
      )`);
    // The cells as report-cells/kept-cells.sql.ts computed them when this migration was written
    // (a copy: a migration must not change with the code that keeps the table afterwards, which
    // has since added a column, 1796690000000).
    await queryRunner.query(`
      INSERT INTO report_cells (measure, client_id, session_number, pre, post, followup, technique, condition, therapist_id, clinic_id, session_date)
      WITH site_values AS (
        SELECT m.client_id, m.session_number, m.phase, m.measure, m.site, avg(m.value) AS value
          FROM measurements m
         GROUP BY m.client_id, m.session_number, m.phase, m.measure, m.site
      ),
      cells AS (
        SELECT measure, client_id, session_number,
               avg(value) FILTER (WHERE phase = 'pre') AS pre,
               avg(value) FILTER (WHERE phase = 'post') AS post,
               avg(value) FILTER (WHERE phase = 'followup') AS followup
          FROM site_values
         GROUP BY measure, client_id, session_number
      )
      SELECT c.measure, c.client_id, c.session_number, c.pre, c.post, c.followup,
             s.technique, s.condition, s.therapist_id, s.clinic_id, s.session_date
        FROM cells c
        JOIN sessions s ON s.client_id = c.client_id AND s.session_number = c.session_number
       ORDER BY c.measure, c.client_id, c.session_number`);
    await queryRunner.query(`ANALYZE report_cells`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_cells`);
  }
}
