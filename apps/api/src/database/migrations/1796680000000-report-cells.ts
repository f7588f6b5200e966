/**
 * Report cells (issue 22; report-cells/kept-cells.sql.ts): the per-client, per-session values every
 * report reads instead of the readings, kept by every writer in its own transaction. Built here
 * from the stored readings, so that an existing database reads the same numbers as before.
 *
 * No foreign keys, as for sessions and measurements: the writers set the rows in the same
 * transactions as the readings they come from.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';
import { cellsFromReadingsSql, REPORT_CELL_COLUMNS } from '../../report-cells/kept-cells.sql.js';

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
    await queryRunner.query(`INSERT INTO report_cells (${REPORT_CELL_COLUMNS}) ${cellsFromReadingsSql('')}`);
    await queryRunner.query(`ANALYZE report_cells`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_cells`);
  }
}
