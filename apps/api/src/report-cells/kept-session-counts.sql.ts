/**
 * Session groups: how many sessions there are of each (clinic, therapist, technique, condition),
 * one row per combination that has sessions (issue 16's first chart, issue 22). The filter
 * controls' techniques and conditions and the summary of all the data (its sessions, clinics and
 * therapists) come from these few rows (6,109 on the 1.2-million-reading practice set) instead of
 * a pass over every session (1.2 million on the benchmark set: 0.33 s on three processes each, run
 * beside the first report of a dashboard's first visit). The sessions' first and last dates come
 * from the index on sessions (session_date) instead: a date cannot be taken out of a minimum.
 * Null clinics, therapists and conditions are keys like any other (NULLS NOT DISTINCT).
 *
 * Counts, so that a writer changes only the groups it touches. Every writer keeps the table in its
 * own transaction, beside the report cells (kept-cells.sql.ts), as it keeps the reading sites
 * (kept-reading-sites.sql.ts):
 * - a staged batch's new clients: their sessions are counted and added (addSessionGroupsOfNewClients);
 * - a writer that adds to, changes or deletes stored readings or sessions notes their cells first
 *   (noteChangedCells): the sessions of the cells noted, as they are then, are subtracted, each
 *   session once however many of its cells are noted and in however many calls
 *   (subtractSessionGroupsOfNewlyNoted); after the writes (refreshChangedCells) those sessions as
 *   they are now are added, and groups left with none deleted (addSessionGroupsOfCells);
 * - the store that writes while reading counts its sessions as it copies them (SessionGroupCounts,
 *   streaming-store.ts).
 * The kept-cells check (testing/recomputed-cells.ts) compares the table with a count of the
 * sessions after every writer's test.
 */
import type { QueryRunner } from 'typeorm';

const GROUP_COLUMNS = 'clinic_id, therapist_id, technique, condition';

/** The sessions `where` selects from `sessions s`, counted by group. */
function countedSessionsSql(where = ''): string {
  return `SELECT s.clinic_id, s.therapist_id, s.technique, s.condition, count(*) AS sessions
    FROM sessions s ${where}
   GROUP BY s.clinic_id, s.therapist_id, s.technique, s.condition`;
}

/** All the sessions counted: what the table must hold. */
export const SESSION_GROUPS_FROM_SESSIONS_SQL = countedSessionsSql();

/** Adds `counts` (a SELECT of the group's columns and sessions) to the table. */
function addCountsSql(counts: string): string {
  return `INSERT INTO session_groups (${GROUP_COLUMNS}, sessions)
  ${counts}
  ON CONFLICT (${GROUP_COLUMNS}) DO UPDATE SET sessions = session_groups.sessions + excluded.sessions`;
}

/** Adds the sessions of the clients in [fromClientId, toClientId], all new to the database. */
export async function addSessionGroupsOfNewClients(runner: QueryRunner, fromClientId: number, toClientId: number): Promise<void> {
  await runner.query(addCountsSql(countedSessionsSql('WHERE s.client_id BETWEEN $1::bigint AND $2::bigint')), [fromClientId, toClientId]);
}

/**
 * Subtracts the sessions, as they are now, of the cells listed in `newlyNoted` whose session has
 * no cell in `noted` (the cells noted by earlier calls in the transaction): before a writer changes
 * them, each session once. Called before `newlyNoted` is added to `noted`.
 */
export async function subtractSessionGroupsOfNewlyNoted(runner: QueryRunner, newlyNoted: string, noted: string): Promise<void> {
  // An UPDATE, not an upsert of negative counts: the table's check (sessions >= 0) applies to the
  // row an upsert proposes before it meets the conflict. Every group counted here has a row.
  await runner.query(
    `UPDATE session_groups k SET sessions = k.sessions - c.sessions
       FROM (${countedSessionsSql(
         `WHERE (s.client_id, s.session_number) IN (
            SELECT n.client_id, n.session_number FROM ${newlyNoted} n
             WHERE NOT EXISTS (SELECT FROM ${noted} o WHERE o.client_id = n.client_id AND o.session_number = n.session_number))`,
       )}) c
      WHERE k.clinic_id IS NOT DISTINCT FROM c.clinic_id AND k.therapist_id IS NOT DISTINCT FROM c.therapist_id
        AND k.technique = c.technique AND k.condition IS NOT DISTINCT FROM c.condition`,
  );
}

/** Adds the sessions of the cells listed in `cells`, as they are after the writes, and drops the groups left with none. */
export async function addSessionGroupsOfCells(runner: QueryRunner, cells: string): Promise<void> {
  await runner.query(
    addCountsSql(countedSessionsSql(`WHERE (s.client_id, s.session_number) IN (SELECT client_id, session_number FROM ${cells})`)),
  );
  await runner.query(`DELETE FROM session_groups WHERE sessions = 0`);
}

/**
 * The sessions a store counts as it writes them (streaming-store.ts), by group; added to the table
 * at the end of the store (addTo).
 */
export class SessionGroupCounts {
  private readonly counts = new Map<
    string,
    { clinicId: number | null; therapistId: number | null; technique: string; condition: string | null; sessions: number }
  >();

  add(clinicId: number | null, therapistId: number | null, technique: string, condition: string | null): void {
    // PostgreSQL's text holds no NUL, so no stored technique or condition has one; a null
    // condition is marked apart from every text by its first character.
    const key = `${clinicId}\u0000${therapistId}\u0000${technique}\u0000${condition === null ? '\u0001' : `=${condition}`}`;
    const counted = this.counts.get(key);
    if (counted === undefined) this.counts.set(key, { clinicId, therapistId, technique, condition, sessions: 1 });
    else counted.sessions++;
  }

  /** Adds the counts to the table, in the writer's transaction. */
  async addTo(runner: QueryRunner): Promise<void> {
    if (this.counts.size === 0) return;
    const rows = [...this.counts.values()];
    await runner.query(
      addCountsSql(`SELECT * FROM unnest($1::integer[], $2::integer[], $3::text[], $4::text[], $5::bigint[])`),
      [
        rows.map((row) => row.clinicId),
        rows.map((row) => row.therapistId),
        rows.map((row) => row.technique),
        rows.map((row) => row.condition),
        rows.map((row) => row.sessions),
      ],
    );
  }
}
