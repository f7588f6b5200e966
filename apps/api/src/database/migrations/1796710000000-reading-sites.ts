/**
 * Reading sites (issue 22, report-cells/kept-reading-sites.sql.ts): how many readings each clinic
 * has of each measure at each site, so that the filter controls list the measures and sites
 * without a pass over every reading. Filled here by counting the stored readings.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ReadingSites1796710000000 implements MigrationInterface {
  name = 'ReadingSites1796710000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE reading_sites (
        clinic_id  integer,
        measure    text NOT NULL,
        site       text NOT NULL,
        readings   bigint NOT NULL CHECK (readings >= 0),
        CONSTRAINT reading_sites_key UNIQUE NULLS NOT DISTINCT (clinic_id, measure, site)
      )`);
    await queryRunner.query(`
      INSERT INTO reading_sites (clinic_id, measure, site, readings)
      SELECT clinic_id, measure, site, count(*) FROM measurements GROUP BY clinic_id, measure, site`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE reading_sites`);
  }
}
