/**
 * No planner statistics of columns that no statement filters, joins or groups by: the values and
 * per-client sums of the readings, the report cells and the client courses. After a large ingest
 * reports wait for ANALYZE (ingest.repository.ts analyzeStoredTables), which otherwise sorts a
 * sample of every such column for histograms nobody reads: on the 1.2-million-reading benchmark
 * set client_courses took 0.21 s and now 0.09 s, measurements 0.22 s and now 0.18 s
 * (docs/scaling.md 4.8). A column's null fraction is then the planner's default, which only the
 * report's FILTER clauses would see, and those do not shape a plan.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS_WITHOUT_STATISTICS: Record<string, readonly string[]> = {
  measurements: ['value', 'raw_value', 'raw_unit'],
  report_cells: ['pre', 'post', 'followup', 'readings'],
  client_courses: [
    'baseline', 'last_pre_session', 'n', 'st', 'stt', 'sy', 'sty', 'syy', 'response_bounds', 'response_sessions',
    'first_followup', 'followup_after_course', 'end_of_course', 'course_followup', 'days_to_followup',
  ],
};

export class NoStatisticsOfValues1796720000000 implements MigrationInterface {
  name = 'NoStatisticsOfValues1796720000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await this.setStatistics(queryRunner, 0);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    // -1: the server's default_statistics_target again.
    await this.setStatistics(queryRunner, -1);
  }

  private async setStatistics(queryRunner: QueryRunner, target: number): Promise<void> {
    for (const [table, columns] of Object.entries(COLUMNS_WITHOUT_STATISTICS)) {
      await queryRunner.query(
        `ALTER TABLE ${table} ${columns.map((column) => `ALTER COLUMN ${column} SET STATISTICS ${target}`).join(', ')}`,
      );
    }
  }
}
