/**
 * Report cells: the per-client statistics that every report reads instead of the readings (issue
 * 22, docs/scaling.md 4.4). One row per (measure, client, session): the session's value with
 * every site, i.e. the trials of each site averaged, then the sites averaged, as the report
 * statement's site_values and cells steps computed from the readings (a reading without a site is
 * the site '' among the others). Reports with site=all (the dashboard's default and every
 * scheduled report) read these rows; a report of one site reads the readings, as before (per-site
 * cells would more than double the rows every ingest writes, for a filter seldom used).
 *
 * pre, post and followup are the three phases' values (null where the phase has no reading),
 * readings how many readings the cell stands for (for the cohort summary's counts), and
 * the session's attributes (technique, condition, therapist, clinic, date) are copied from its
 * sessions row, so that a report filters and groups cells without reading sessions. The primary
 * key leads with the measure: a report reads one contiguous range of it, in client and session
 * order, which its per-client windows need.
 *
 * Every writer of readings or sessions keeps the cells, their clients' courses (kept-courses.sql.ts),
 * the counts of reading sites (kept-reading-sites.sql.ts) and of sessions by group and by
 * date (kept-session-counts.sql.ts) in the same transaction, by
 * recomputing the cells it touched from the readings (never by adding to a stored mean, whose
 * rounding would drift):
 * the staged ingest (ingest.repository.ts), corrections, and the erasures of a client, a batch and
 * of sessions past retention (erasure.repository.ts). The store that writes a file while reading it
 * (new clients only, in session order) computes its sessions' cells as it reads them instead
 * (session-cells.ts) and copies them in with the readings: reading a million readings back and
 * grouping them again doubled the time of that ingest.
 */
import type { QueryRunner } from 'typeorm';
import { insertCoursesOfNewClients, refreshCoursesOf } from './kept-courses.sql.js';
import { addSitesOfCells, addSitesOfNewClients, subtractSitesOfCells } from './kept-reading-sites.sql.js';
import { addSessionCountsOfCells, addSessionCountsOfNewClients, subtractSessionCountsOfNewlyNoted } from './kept-session-counts.sql.js';

/** The kept table's columns, in the order of cellsFromReadingsSql's select list. */
export const REPORT_CELL_COLUMNS =
  'measure, client_id, session_number, pre, post, followup, technique, condition, therapist_id, clinic_id, session_date, readings';

/** The scratch table of the cells a writer touched (changed readings' keys), dropped at commit. */
const CHANGED_CELLS = 'report_cells_changed';
/** The cells one call of noteChangedCells noted that were not noted before in the transaction. */
const NEWLY_NOTED = 'report_cells_newly_noted';

/**
 * The cells of the readings that `readingsWhere` selects from `measurements m`, as rows in
 * REPORT_CELL_COLUMNS order. `onlyChanged`: of the changed cells only (the scratch table), whose
 * readings it selects itself.
 *
 * The site_values step groups in the primary key's column order (client, session, phase, measure,
 * site), so that it streams over a key-ordered scan. Many cells come out in primary-key order, as
 * the streaming store writes each flush's: a report reads one measure's range of the key, and
 * with the table's pages in that order too it reads a few neighbouring pages per batch instead of
 * one page per cell (measured: 630,000 page reads for 626,000 cells written in hash order).
 *
 * The sums behind each mean run in the order the plan meets the rows: a recomputation may differ
 * from the kept value in the last bit (as the report statement on readings differed from the
 * command line), never more.
 */
export function cellsFromReadingsSql(readingsWhere: string, onlyChanged = false): string {
  const changedTriples = `(m.client_id, m.session_number, m.measure) IN (SELECT client_id, session_number, measure FROM ${CHANGED_CELLS})`;
  const where = onlyChanged ? `WHERE ${changedTriples}` : readingsWhere;
  return `
WITH site_values AS (
  SELECT m.client_id, m.session_number, m.phase, m.measure, m.site, avg(m.value) AS value, count(*) AS readings
    FROM measurements m
  ${where}
   GROUP BY m.client_id, m.session_number, m.phase, m.measure, m.site
),
cells AS (
  SELECT measure, client_id, session_number,
         avg(value) FILTER (WHERE phase = 'pre') AS pre,
         avg(value) FILTER (WHERE phase = 'post') AS post,
         avg(value) FILTER (WHERE phase = 'followup') AS followup,
         sum(readings)::integer AS readings
    FROM site_values
   GROUP BY measure, client_id, session_number
)
SELECT c.measure, c.client_id, c.session_number, c.pre, c.post, c.followup,
       s.technique, s.condition, s.therapist_id, s.clinic_id, s.session_date, c.readings
  FROM cells c
  JOIN sessions s ON s.client_id = c.client_id AND s.session_number = c.session_number${onlyChanged ? '' : '\n ORDER BY c.measure, c.client_id, c.session_number'}`;
}

/**
 * Adds the cells of every reading of these clients, which have no cells yet: the clients a batch
 * a staged batch brought, all new to the database, whose ids are one range (taken under the store
 * lock).
 */
export async function insertCellsOfNewClients(runner: QueryRunner, fromClientId: number, toClientId: number): Promise<void> {
  // The sorts of a large batch's cells stay in memory, and compiling the statement (JIT) would
  // cost seconds for nothing. For the rest of the store transaction only.
  await runner.query(`SET LOCAL work_mem = '64MB'`);
  await runner.query(`SET LOCAL jit = off`);
  await runner.query(
    `INSERT INTO report_cells (${REPORT_CELL_COLUMNS})
     ${cellsFromReadingsSql('WHERE m.client_id BETWEEN $1::bigint AND $2::bigint')}`,
    [fromClientId, toClientId],
  );
  await insertCoursesOfNewClients(runner, fromClientId, toClientId);
  await addSitesOfNewClients(runner, fromClientId, toClientId);
  await addSessionCountsOfNewClients(runner, fromClientId, toClientId);
}

/**
 * Notes the cells of the readings `readingsSql` selects as changed: a SELECT of (client_id,
 * session_number, measure) of readings about to be written, changed or deleted (before a
 * delete: the readings are gone after it). May be called more than once in a transaction; then
 * refreshChangedCells, after the writes and before the commit.
 */
export async function noteChangedCells(runner: QueryRunner, readingsSql: string, parameters: readonly unknown[] = []): Promise<void> {
  await runner.query(
    `CREATE TEMP TABLE IF NOT EXISTS ${CHANGED_CELLS} (
       client_id bigint NOT NULL, session_number integer NOT NULL, measure text NOT NULL
     ) ON COMMIT DROP`,
  );
  // Only cells not noted before: the readings they have now are counted out of the reading sites
  // (kept-reading-sites.sql.ts) before any write to them, once.
  await runner.query(`CREATE TEMP TABLE IF NOT EXISTS ${NEWLY_NOTED} (client_id bigint, session_number integer, measure text) ON COMMIT DROP`);
  await runner.query(`TRUNCATE ${NEWLY_NOTED}`);
  await runner.query(
    `INSERT INTO ${NEWLY_NOTED} (client_id, session_number, measure)
     SELECT DISTINCT r.client_id, r.session_number, r.measure FROM (${readingsSql}) r
      WHERE NOT EXISTS (SELECT FROM ${CHANGED_CELLS} k
                         WHERE k.client_id = r.client_id AND k.session_number = r.session_number AND k.measure = r.measure)`,
    [...parameters],
  );
  await runner.query(`ANALYZE ${NEWLY_NOTED}`);
  // Their sessions likewise, from the kept session counts (kept-session-counts.sql.ts): those with no
  // cell noted before, so before these cells join the noted ones.
  await subtractSessionCountsOfNewlyNoted(runner, NEWLY_NOTED, CHANGED_CELLS);
  await runner.query(`INSERT INTO ${CHANGED_CELLS} (client_id, session_number, measure) SELECT * FROM ${NEWLY_NOTED}`);
  await subtractSitesOfCells(runner, NEWLY_NOTED);
}

/**
 * Recomputes the noted cells from the readings as they are now: deletes them, then inserts those
 * that still have readings. Each cell is recomputed whole (every trial of every site of its
 * session), so the result is what a recomputation from all the readings gives.
 */
export async function refreshChangedCells(runner: QueryRunner): Promise<void> {
  const [{ noted }]: { noted: boolean }[] = await runner.query(`SELECT to_regclass('pg_temp.${CHANGED_CELLS}') IS NOT NULL AS noted`);
  if (!noted) return;
  await runner.query(`ANALYZE ${CHANGED_CELLS}`);
  await runner.query(
    `DELETE FROM report_cells c USING ${CHANGED_CELLS} k
      WHERE c.measure = k.measure AND c.client_id = k.client_id AND c.session_number = k.session_number`,
  );
  await runner.query(`INSERT INTO report_cells (${REPORT_CELL_COLUMNS}) ${cellsFromReadingsSql('', true)}`);
  // The courses of the clients whose cells changed, recomputed whole (kept-courses.sql.ts).
  await refreshCoursesOf(runner, `SELECT DISTINCT measure, client_id FROM ${CHANGED_CELLS}`);
  await addSitesOfCells(runner, CHANGED_CELLS);
  await addSessionCountsOfCells(runner, CHANGED_CELLS);
  await runner.query(`DROP TABLE ${CHANGED_CELLS}, ${NEWLY_NOTED}`);
}
