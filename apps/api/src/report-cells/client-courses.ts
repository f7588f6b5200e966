/**
 * A client's course of one measure, computed from their report cells as they are read (for the
 * store that writes a file while reading it, ingest/store/streaming-store.ts): the same row that
 * coursesFromCellsSql (kept-courses.sql.ts) computes from the stored cells, so that nothing is
 * read back before the commit. See kept-courses.sql.ts for what each column is and why it is kept.
 *
 * Sums run in session order, as PostgreSQL's window sums over the cells in key order do, and every
 * difference is the same IEEE operation as the SQL's: the two writers agree bit for bit.
 */
import { findMeasure, improvementSign } from '@threshold/stats';
import { copyValue, escapeCopyText } from '../ingest/stage/copy-text.js';
import type { SessionOfCells } from './session-cells.js';

/** One cell of the client's course: a session's all-site values of the measure. */
export interface CourseCell {
  session: SessionOfCells;
  pre: number | null;
  post: number | null;
  followup: number | null;
}

function improvementSignOf(measure: string): 1 | -1 {
  const definition = findMeasure(measure);
  if (definition === undefined) throw new Error(`no measure "${measure}" in the measures table`);
  return improvementSign(definition.direction);
}

const DAY_MS = 86_400_000;

function daysBetween(from: string | null, to: string | null): number | null {
  if (from === null || to === null) return null;
  return (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS;
}

/** COPY text of a PostgreSQL array of numbers (shortest exact form, as String gives). */
function arrayText(values: readonly number[]): string {
  return values.length === 0 ? '\\N' : `{${values.join(',')}}`;
}

/** The course row of one client and measure, as COPY text in CLIENT_COURSE_COLUMNS order. */
export function courseLine(measure: string, cells: readonly CourseCell[]): string {
  const sign = improvementSignOf(measure);
  const first = cells[0].session;
  // The cells are in session order: session 1, if the client has it, is the first.
  const baseline = first.session === 1 ? cells[0].pre : null;
  let lastPre: CourseCell | null = null;
  let n = 0;
  let st = 0;
  let stt = 0;
  let sy = 0;
  let sty = 0;
  let syy = 0;
  let firstFollowup: number | null = null;
  for (const cell of cells) {
    const { pre } = cell;
    const t = cell.session.session - 1;
    if (pre !== null) {
      lastPre = cell;
      n += 1;
      st += t;
      stt += t * t;
      sy += pre;
      sty += t * pre;
      syy += pre * pre;
    }
    if (cell.followup !== null && firstFollowup === null) firstFollowup = cell.session.session;
  }
  // Record improvements since session 1, latest first (see kept-courses.sql.ts, response_bounds).
  const bounds: number[] = [];
  const recordSessions: number[] = [];
  if (baseline !== null) {
    let best = -Infinity;
    for (const cell of cells) {
      if (cell.session.session <= 1 || cell.pre === null) continue;
      const change = sign * (cell.pre - baseline);
      if (change > best) {
        best = change;
        bounds.unshift(-change);
        recordSessions.unshift(cell.session.session);
      }
    }
  }
  const lastPreSession = lastPre === null ? null : lastPre.session.session;
  const afterCourse =
    lastPreSession === null ? undefined : cells.find((cell) => cell.followup !== null && cell.session.session > lastPreSession);
  const sums = n === 0 ? [null, null, null, null, null] : [st, stt, sy, sty, syy];
  const values = [
    first.session,
    first.technique,
    first.condition,
    first.therapistId,
    first.clinicId,
    baseline,
    lastPreSession,
    n,
    ...sums,
  ];
  return (
    `${escapeCopyText(measure)}\t${first.clientId}\t${values.map(copyValue).join('\t')}\t` +
    `${arrayText(bounds)}\t${arrayText(recordSessions)}\t` +
    `${copyValue(firstFollowup)}\t${copyValue(afterCourse?.session.session ?? null)}\t` +
    `${copyValue(lastPre?.pre ?? null)}\t${copyValue(afterCourse?.followup ?? null)}\t` +
    `${copyValue(afterCourse === undefined ? null : daysBetween(lastPre?.session.sessionDate ?? null, afterCourse.session.sessionDate))}\n`
  );
}

/**
 * The courses of the clients whose cells come in client and session order (every client new, the
 * file in order): a client's cells are gathered until the next client's first cell, then their
 * courses (one per measure) are written as COPY lines.
 */
export class ClientCourses {
  private clientId: number | null = null;
  /** The current client's cells, by measure, in session order. */
  private cells = new Map<string, CourseCell[]>();

  constructor(private readonly write: (measure: string, line: string) => void) {}

  add(measure: string, cell: CourseCell): void {
    if (cell.session.clientId !== this.clientId) {
      this.end();
      this.clientId = cell.session.clientId;
    }
    let cells = this.cells.get(measure);
    if (cells === undefined) this.cells.set(measure, (cells = []));
    cells.push(cell);
  }

  /** Writes the current client's courses (after their last cell). */
  end(): void {
    for (const [measure, cells] of this.cells) this.write(measure, courseLine(measure, cells));
    this.cells = new Map();
    this.clientId = null;
  }
}
