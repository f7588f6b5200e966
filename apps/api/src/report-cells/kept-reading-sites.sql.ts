/**
 * Reading sites: how many readings each clinic has of each measure at each site, one row per
 * (clinic, measure, site) that has readings (issue 22). The filter controls offer the measures and
 * sites there are (CohortsRepository.filterValues); from the readings that was a hashed pass over
 * every reading at each new data version (1.5 s on three processes on the 12-million-reading
 * practice set), run beside the first report of a dashboard's first visit and slowing it; from
 * this table it is a few rows. clinic_id is null for readings without a clinic: the unique key
 * counts nulls as equal (NULLS NOT DISTINCT, PostgreSQL 15 and later).
 *
 * The table holds counts, so that a writer changes only the triples it touches. Every writer of
 * readings keeps it in its own transaction, beside the report cells (kept-cells.sql.ts):
 * - a staged batch's new clients: their readings are counted and added (addSitesOfNewClients);
 * - a writer that adds to, changes or deletes stored readings notes their cells first
 *   (noteChangedCells): the readings those cells have then are subtracted, once per cell
 *   (subtractSitesOfCells); after the writes (refreshChangedCells) the readings the cells have
 *   now are added, and triples left with none deleted (addSitesOfCells);
 * - the store that writes while reading counts its readings as it copies them (SiteCounts,
 *   streaming-store.ts).
 * The kept-cells check (testing/recomputed-cells.ts) compares the table with a count of the
 * readings after every writer's test.
 */
import type { QueryRunner } from 'typeorm';

/** The readings `where` selects from `measurements m`, counted by (clinic, measure, site). */
function countedReadingsSql(where = ''): string {
  return `SELECT m.clinic_id, m.measure, m.site, count(*) AS readings
    FROM measurements m ${where}
   GROUP BY m.clinic_id, m.measure, m.site`;
}

/** All the readings counted: what the table must hold. */
export const READING_SITES_FROM_READINGS_SQL = countedReadingsSql();

/**
 * The readings of the cells listed in table `cells` (client_id, session_number, measure): a
 * semi-join, so a cell listed twice counts once.
 */
const readingsOfCellsSql = (cells: string): string =>
  countedReadingsSql(`WHERE (m.client_id, m.session_number, m.measure) IN (SELECT client_id, session_number, measure FROM ${cells})`);

/** Adds `counts` (a SELECT of clinic_id, measure, site, readings) to the table. */
function addCountsSql(counts: string): string {
  return `INSERT INTO reading_sites (clinic_id, measure, site, readings)
  ${counts}
  ON CONFLICT (clinic_id, measure, site) DO UPDATE SET readings = reading_sites.readings + excluded.readings`;
}

/** Adds the readings of the clients in [fromClientId, toClientId], all new to the database. */
export async function addSitesOfNewClients(runner: QueryRunner, fromClientId: number, toClientId: number): Promise<void> {
  await runner.query(addCountsSql(countedReadingsSql('WHERE m.client_id BETWEEN $1::bigint AND $2::bigint')), [fromClientId, toClientId]);
}

/**
 * Subtracts the readings the cells listed in `cells` have now: before a writer changes them, for
 * cells noted for the first time in the transaction (a cell noted again was counted out already,
 * before any write to it).
 */
export async function subtractSitesOfCells(runner: QueryRunner, cells: string): Promise<void> {
  // An UPDATE, not an upsert of negative counts: the table's check (readings >= 0) applies to the
  // row an upsert proposes before it meets the conflict. Every triple counted here has a row.
  await runner.query(
    `UPDATE reading_sites k SET readings = k.readings - c.readings
       FROM (${readingsOfCellsSql(cells)}) c
      WHERE k.clinic_id IS NOT DISTINCT FROM c.clinic_id AND k.measure = c.measure AND k.site = c.site`,
  );
}

/** Adds the readings the cells listed in `cells` have after the writes, and drops the triples left with none. */
export async function addSitesOfCells(runner: QueryRunner, cells: string): Promise<void> {
  await runner.query(addCountsSql(readingsOfCellsSql(cells)));
  await runner.query(`DELETE FROM reading_sites WHERE readings = 0`);
}

/**
 * The readings a store counts as it writes them (streaming-store.ts), by clinic id, measure and
 * site; added to the table at the end of the store (addTo).
 */
export class SiteCounts {
  private readonly counts = new Map<string, { clinicId: number | null; measure: string; site: string; readings: number }>();

  add(clinicId: number | null, measure: string, site: string): void {
    // PostgreSQL's text holds no NUL, so no stored measure or site has one: the key is unambiguous.
    const key = `${clinicId}\u0000${measure}\u0000${site}`;
    const counted = this.counts.get(key);
    if (counted === undefined) this.counts.set(key, { clinicId, measure, site, readings: 1 });
    else counted.readings++;
  }

  /** Adds the counts to the table, in the writer's transaction. */
  async addTo(runner: QueryRunner): Promise<void> {
    if (this.counts.size === 0) return;
    const rows = [...this.counts.values()];
    await runner.query(
      addCountsSql(`SELECT * FROM unnest($1::integer[], $2::text[], $3::text[], $4::bigint[])`),
      [rows.map((row) => row.clinicId), rows.map((row) => row.measure), rows.map((row) => row.site), rows.map((row) => row.readings)],
    );
  }
}
