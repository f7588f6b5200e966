/**
 * Kept counts of sessions, so that a first visit needs no pass over every session (issue 16's
 * first chart, issue 22):
 *
 * - `session_groups`: the sessions of each (clinic, therapist, technique, condition), 6,109 rows
 *   on the 1.2-million-reading practice set. The filter controls' techniques and conditions, and
 *   the summary of all the data's sessions, clinics and therapists.
 * - `session_dates`: the sessions of each (clinic, date), at most a row per clinic and day. The
 *   first and last session dates, of all clinics or of a user's. A minimum cannot be kept by
 *   itself (an erasure of the earliest session would need the next one); counts by date can, and
 *   the minimum is the earliest date still counted. An index on the sessions' dates did this
 *   before (migration 1796730000000): its inserts land all over a B-tree as large as the
 *   sessions, which made an ingest into the 12-million-reading database 1.36 times the same
 *   ingest into an empty one (the goal is 1.3; docs/scaling.md 4.10).
 *
 * Null clinics, therapists, conditions and dates are keys like any other (NULLS NOT DISTINCT).
 *
 * Counts, so that a writer changes only the rows it touches. Every writer keeps both tables in its
 * own transaction, beside the report cells (kept-cells.sql.ts), as it keeps the reading sites
 * (kept-reading-sites.sql.ts):
 * - a staged batch's new clients: their sessions are counted and added (addSessionCountsOfNewClients);
 * - a writer that adds to, changes or deletes stored readings or sessions notes their cells first
 *   (noteChangedCells): the sessions of the cells noted, as they are then, are subtracted, each
 *   session once however many of its cells are noted and in however many calls
 *   (subtractSessionCountsOfNewlyNoted); after the writes (refreshChangedCells) those sessions as
 *   they are now are added, and rows left with none deleted (addSessionCountsOfCells);
 * - the store that writes while reading counts its sessions as it copies them (SessionCounts,
 *   streaming-store.ts).
 * The kept-cells check (testing/recomputed-cells.ts) compares both tables with a count of the
 * sessions after every writer's test.
 */
import type { QueryRunner } from 'typeorm';

/** A kept count of sessions: its table, and the sessions' columns that key it (its unique key, in order). */
export interface KeptSessionCount {
  table: string;
  key: readonly string[];
}

export const SESSION_GROUPS: KeptSessionCount = { table: 'session_groups', key: ['clinic_id', 'therapist_id', 'technique', 'condition'] };
export const SESSION_DATES: KeptSessionCount = { table: 'session_dates', key: ['clinic_id', 'session_date'] };
export const KEPT_SESSION_COUNTS: readonly KeptSessionCount[] = [SESSION_GROUPS, SESSION_DATES];

/** The sessions `where` selects from `sessions s`, counted by the key of `kept`: what it must hold of them. */
export function countedSessionsSql(kept: KeptSessionCount, where = ''): string {
  const key = kept.key.map((column) => `s.${column}`).join(', ');
  return `SELECT ${key}, count(*) AS sessions FROM sessions s ${where} GROUP BY ${key}`;
}

/**
 * Adds `counts` (a SELECT of the key's columns and sessions, a row per key) to the table, or
 * subtracts them. A subtraction is an upsert too, of the positive count to take off: the table's
 * check (sessions >= 0) applies to the row an upsert proposes before it meets the conflict, and
 * the unique key finds every row by its nulls as well, which a join on the key cannot (null = null
 * is not true). Every key subtracted has a row: the sessions counted out were counted in.
 */
function upsertCountsSql(kept: KeptSessionCount, counts: string, operator: '+' | '-'): string {
  const key = kept.key.join(', ');
  return `INSERT INTO ${kept.table} (${key}, sessions)
  ${counts}
  ON CONFLICT (${key}) DO UPDATE SET sessions = ${kept.table}.sessions ${operator} excluded.sessions`;
}

/** Adds the sessions of the clients in [fromClientId, toClientId], all new to the database. */
export async function addSessionCountsOfNewClients(runner: QueryRunner, fromClientId: number, toClientId: number): Promise<void> {
  for (const kept of KEPT_SESSION_COUNTS) {
    await runner.query(upsertCountsSql(kept, countedSessionsSql(kept, 'WHERE s.client_id BETWEEN $1::bigint AND $2::bigint'), '+'), [
      fromClientId,
      toClientId,
    ]);
  }
}

/**
 * Subtracts the sessions, as they are now, of the cells listed in `newlyNoted` whose session has
 * no cell in `noted` (the cells noted by earlier calls in the transaction): before a writer changes
 * them, each session once. Called before `newlyNoted` is added to `noted`.
 */
export async function subtractSessionCountsOfNewlyNoted(runner: QueryRunner, newlyNoted: string, noted: string): Promise<void> {
  const sessionsNewlyNoted = `WHERE (s.client_id, s.session_number) IN (
      SELECT n.client_id, n.session_number FROM ${newlyNoted} n
       WHERE NOT EXISTS (SELECT FROM ${noted} o WHERE o.client_id = n.client_id AND o.session_number = n.session_number))`;
  for (const kept of KEPT_SESSION_COUNTS) {
    await runner.query(upsertCountsSql(kept, countedSessionsSql(kept, sessionsNewlyNoted), '-'));
  }
}

/** Adds the sessions of the cells listed in `cells`, as they are after the writes, and drops the rows left with none. */
export async function addSessionCountsOfCells(runner: QueryRunner, cells: string): Promise<void> {
  const sessionsOfCells = `WHERE (s.client_id, s.session_number) IN (SELECT client_id, session_number FROM ${cells})`;
  for (const kept of KEPT_SESSION_COUNTS) {
    await runner.query(upsertCountsSql(kept, countedSessionsSql(kept, sessionsOfCells), '+'));
    await runner.query(`DELETE FROM ${kept.table} WHERE sessions = 0`);
  }
}

/** A session as the store that writes while reading counts it. */
export interface CountedSession {
  clinicId: number | null;
  therapistId: number | null;
  technique: string;
  condition: string | null;
  /** YYYY-MM-DD, as stored. */
  sessionDate: string | null;
}

/**
 * The sessions a store counts as it writes them (streaming-store.ts), by each kept count's key;
 * added to the tables at the end of the store (addTo).
 */
export class SessionCounts {
  private readonly groups = new Map<string, { key: (string | number | null)[]; sessions: number }>();
  private readonly dates = new Map<string, { key: (string | number | null)[]; sessions: number }>();

  add(session: CountedSession): void {
    // Keys as one string each, made without arrays: this runs once per session written.
    const { clinicId, therapistId, technique, condition, sessionDate } = session;
    const clinic = keyText(clinicId);
    count(this.groups, `${clinic}\u0000${keyText(therapistId)}\u0000${keyText(technique)}\u0000${keyText(condition)}`, () => [
      clinicId,
      therapistId,
      technique,
      condition,
    ]);
    count(this.dates, `${clinic}\u0000${keyText(sessionDate)}`, () => [clinicId, sessionDate]);
  }

  /** Adds the counts to the tables, in the writer's transaction. */
  async addTo(runner: QueryRunner): Promise<void> {
    await addCounted(runner, SESSION_GROUPS, ['integer', 'integer', 'text', 'text'], this.groups);
    await addCounted(runner, SESSION_DATES, ['integer', 'date'], this.dates);
  }
}

/**
 * A value as part of a key's text. PostgreSQL's text holds no NUL, so no stored value has one (NUL
 * separates the values); a null is marked apart from every value by its first character.
 */
function keyText(value: string | number | null): string {
  return value === null ? '\u0001' : `=${value}`;
}

function count(
  counts: Map<string, { key: (string | number | null)[]; sessions: number }>,
  text: string,
  key: () => (string | number | null)[],
): void {
  const counted = counts.get(text);
  if (counted === undefined) counts.set(text, { key: key(), sessions: 1 });
  else counted.sessions++;
}

async function addCounted(
  runner: QueryRunner,
  kept: KeptSessionCount,
  types: readonly string[],
  counts: Map<string, { key: (string | number | null)[]; sessions: number }>,
): Promise<void> {
  if (counts.size === 0) return;
  const rows = [...counts.values()];
  const columns = types.map((_, i) => rows.map((row) => row.key[i]));
  const unnest = [...types.map((type, i) => `$${i + 1}::${type}[]`), `$${types.length + 1}::bigint[]`].join(', ');
  const key = kept.key.join(', ');
  // Grouped again as the stored values: an upsert must not meet one row twice, and two texts of
  // one value (a date) would be two keys here.
  const counted = `SELECT ${key}, sum(sessions) FROM unnest(${unnest}) AS counted (${key}, sessions) GROUP BY ${key}`;
  await runner.query(upsertCountsSql(kept, counted, '+'), [...columns, rows.map((row) => row.sessions)]);
}
