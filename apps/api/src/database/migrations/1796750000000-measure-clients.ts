/**
 * Measure clients (report-cells/kept-measure-clients.sql.ts): how many clients have a course of
 * each measure, which the summary of all the data gave by counting the courses table once per
 * measure (docs/scaling.md 4.10). Filled here by counting the stored courses.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class MeasureClients1796750000000 implements MigrationInterface {
  name = 'MeasureClients1796750000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE measure_clients (
        measure  text PRIMARY KEY,
        clients  bigint NOT NULL CHECK (clients >= 0)
      )`);
    await queryRunner.query(`INSERT INTO measure_clients (measure, clients) SELECT measure, count(*) FROM client_courses GROUP BY measure`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE measure_clients`);
  }
}
