/**
 * A clinic's report reads its cells through report_cells_by_clinic (migration 1796690000000), not
 * the whole measure's range of the primary key: on both databases the plan of the report statement
 * names that index. On a server, the vacuum that follows a large ingest (in the background: no
 * report waits for it) marks the pages all-visible, and the scan reads the index alone: an
 * index-only scan without a heap fetch. That the numbers read so equal the command line's on the
 * clinic's rows is reports.controller.spec.ts's (a clinic with techniques and dates).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { practiceDataSet, writeCsvFile } from '@threshold/data';
import { findMeasure, type MeasureDefinition } from '@threshold/stats';
import { DataSource } from 'typeorm';
import { SqlParameters } from '../cohorts/cohort-filters.sql.js';
import { applySettings } from '../cohorts/read-only-statement.js';
import { ingestFile, testPseudonymizer } from '../cohorts/testing/outcome-files.js';
import { DataChanges } from '../database/data-changes.js';
import { reportCellsSql } from '../reports/report-inputs.sql.js';
import type { ReportQuery } from '../reports/report-query.js';
import { statementSettings } from './cell-filters.sql.js';
import { startTestApp, type TestApp } from '../testing/test-app.js';

interface PlanNode {
  'Node Type': string;
  'Index Name'?: string;
  'Heap Fetches'?: number;
  Plans?: PlanNode[];
}

function planNodes(node: PlanNode): PlanNode[] {
  return [node, ...(node.Plans ?? []).flatMap(planNodes)];
}

describe('a clinic’s report cells', () => {
  let directory: string;
  let t: TestApp;
  let clinicKey: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'threshold-cells-by-clinic-'));
    const file = join(directory, 'practice.csv');
    await writeCsvFile(practiceDataSet({ seed: 7, clients: 800, clinics: 40 }), file);
    t = await startTestApp();
    await ingestFile(t, file);
    // The statistics, and on a server the vacuum after them.
    await t.app.get(DataChanges).idle();
    clinicKey = testPseudonymizer(t).key('clinic', 'k01');
  }, 240_000);
  afterAll(async () => {
    await t?.close();
    await rm(directory, { recursive: true, force: true });
  });

  const clinicQuery = (): ReportQuery => ({
    filters: { measure: 'ppt', conditions: [], techniques: [], clinics: [clinicKey], therapists: [] },
    measure: findMeasure('ppt') as MeasureDefinition,
    by: 'technique',
    mcid: 20.6,
  });

  it('are read through report_cells_by_clinic, index-only on a server after the vacuum', async () => {
    const parameters = new SqlParameters();
    const { sql, sortsClients } = reportCellsSql(clinicQuery(), parameters);
    expect(sortsClients).toBe(true);
    const dataSource = t.app.get(DataSource);
    const runner = dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.query('BEGIN');
      // The report's own settings, as the repository applies them.
      await applySettings(runner, statementSettings(sortsClients));
      const [{ 'QUERY PLAN': plan }]: { 'QUERY PLAN': [{ Plan: PlanNode }] }[] = await runner.query(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        parameters.values,
      );
      await runner.query('ROLLBACK');
      const scans = planNodes(plan[0].Plan).filter((node) => node['Index Name'] === 'report_cells_by_clinic');
      expect(scans.length).toBeGreaterThan(0);
      expect(planNodes(plan[0].Plan).some((node) => node['Node Type'] === 'Seq Scan' && JSON.stringify(node).includes('report_cells'))).toBe(false);
      if (t.database.databaseUrl !== undefined && t.database.databaseUrl !== null) {
        expect(scans.map((node) => [node['Node Type'], node['Heap Fetches']])).toEqual([['Index Only Scan', 0]]);
      }
    } finally {
      await runner.release();
    }
  });
});
