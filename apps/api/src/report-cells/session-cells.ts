/**
 * The report cells of one session, computed from its readings as they are read (for the store
 * that writes a file while reading it, ingest/store/streaming-store.ts): the same numbers as
 * cellsFromReadingsSql (kept-cells.sql.ts) computes from the stored readings, so that the file's
 * readings are not read back and grouped again before the commit. Means are sums divided by counts,
 * summed in the order the readings come, as PostgreSQL's avg(float8) sums them; the session's value
 * averages the sites' means. As COPY text in REPORT_CELL_COLUMNS order, by measure.
 */
import { copyValue, escapeCopyText } from '../ingest/stage/copy-text.js';
import type { ClientCourses } from './client-courses.js';

const PHASES = ['pre', 'post', 'followup'] as const;
type Phase = (typeof PHASES)[number];

/** Sums and counts of one site's readings, by phase. */
type SiteSums = Record<Phase, { sum: number; n: number }>;

/** The session's attributes, as its sessions row stores them (ids, not keys). */
export interface SessionOfCells {
  clientId: number;
  session: number;
  technique: string;
  condition: string | null;
  therapistId: number | null;
  clinicId: number | null;
  sessionDate: string | null;
}

export class SessionCells {
  /** By measure, then site ('' for none), in the order met. */
  private readonly sums = new Map<string, Map<string, SiteSums>>();

  constructor(readonly session: SessionOfCells) {}

  add(measure: string, site: string, phase: string, value: number): void {
    let sites = this.sums.get(measure);
    if (sites === undefined) this.sums.set(measure, (sites = new Map()));
    let sums = sites.get(site);
    if (sums === undefined) sites.set(site, (sums = { pre: { sum: 0, n: 0 }, post: { sum: 0, n: 0 }, followup: { sum: 0, n: 0 } }));
    const phaseSums = sums[phase as Phase];
    phaseSums.sum += value;
    phaseSums.n += 1;
  }

  /**
   * Adds the COPY text of the session's cells, one per measure, to `byKey` (see CellsToCopy), and
   * the cells to their client's courses.
   */
  addTo(byKey: CellsToCopy, courses: ClientCourses): void {
    const { clientId, session, technique, condition, therapistId, clinicId, sessionDate } = this.session;
    const attributes = `${escapeCopyText(technique)}\t${copyValue(condition)}\t${copyValue(therapistId)}\t${copyValue(clinicId)}\t${copyValue(sessionDate)}`;
    const line = (measure: string, values: (number | null)[], readings: number) =>
      byKey.add(measure, `${escapeCopyText(measure)}\t${clientId}\t${session}\t${values.map(copyValue).join('\t')}\t${attributes}\t${readings}\n`);
    for (const [measure, sites] of this.sums) {
      let readings = 0;
      for (const sums of sites.values()) readings += sums.pre.n + sums.post.n + sums.followup.n;
      const means = [...sites.values()].map((sums) => ({ values: PHASES.map((phase) => (sums[phase].n === 0 ? null : sums[phase].sum / sums[phase].n)) }));
      const allSites = PHASES.map((_, i) => {
        let sum = 0;
        let n = 0;
        for (const { values } of means) {
          const value = values[i];
          if (value !== null) {
            sum += value;
            n += 1;
          }
        }
        return n === 0 ? null : sum / n;
      });
      line(measure, allSites, readings);
      courses.add(measure, { session: this.session, pre: allSites[0], post: allSites[1], followup: allSites[2] });
    }
  }
}

/**
 * Cells gathered for one COPY, by measure. A report reads one measure's range of the primary key in
 * client order; copied measure by measure, each flush's cells of one measure lie on neighbouring
 * pages, so that the report reads a few pages per flush instead of every page of the table (the
 * other measures' cells in between).
 */
export class CellsToCopy {
  /**
   * By measure: the lines added since the last seal, and the bytes of those sealed before. Lines
   * are joined once per seal: appending to one string per line built deep ropes.
   */
  private readonly byKey = new Map<string, { lines: string[]; sealed: Buffer[] }>();

  add(measure: string, line: string): void {
    const cells = this.byKey.get(measure);
    if (cells === undefined) this.byKey.set(measure, { lines: [line], sealed: [] });
    else cells.lines.push(line);
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * Turns the lines added so far into bytes outside the JavaScript heap. The store seals after each
   * chunk of the file: a flush gathers up to 64,000 cells, and kept as strings until their COPY they
   * outlived the young generation, so that every minor garbage collection copied them again
   * (measured on the 1.2-million-row benchmark file: 422 collections, 3.8 s of the server's CPU).
   */
  seal(): void {
    for (const cells of this.byKey.values()) {
      if (cells.lines.length === 0) continue;
      cells.sealed.push(Buffer.from(cells.lines.join('')));
      cells.lines = [];
    }
  }

  /** The COPY text, measure after measure, in the pieces it was sealed in (not copied again into one). */
  pieces(): Buffer[] {
    this.seal();
    return [...this.byKey.keys()].sort().flatMap((key) => this.byKey.get(key)?.sealed ?? []);
  }
}
