/**
 * Stores a file's readings while it is read, on a PostgreSQL server: COPY straight into clients,
 * sessions and measurements, in the store transaction, so that PostgreSQL writes one part of the
 * file while the next is read and validated here (two cores busy instead of one, and COPY's
 * page-at-a-time writes instead of INSERT ... SELECT's row-at-a-time ones).
 *
 * It takes the common file only: one whose readings come in client and session order (checked
 * while reading, see SessionRuns) and whose clients are all new to the database. Such a file
 * cannot meet stored data, so nothing needs to be looked up before it is written; and its own
 * contradictions are found while it is read. Anything else (a file out of order, a client already
 * stored, the store lock taken by another batch) goes the staged way (ingest.repository.ts): the
 * writer then throws NotStorableWhileReading, the transaction is rolled back, and the service
 * reads the file again from its spooled copy.
 *
 * New clients, clinics and therapists get their ids here, counted on from a value of each table's
 * identity sequence taken at the start, and the sequences are moved past them at the end: every
 * insert into these tables happens under the store lock, which this transaction holds until it
 * ends, so no other insert can take them meanwhile. The stored clinics and therapists (a few
 * hundred rows) are read once at the start, so that nothing is looked up while the file is read:
 * a query on the transaction's connection would wait for the COPYs queued before it.
 */
import type pg from 'pg';
import type { QueryRunner } from 'typeorm';
import { rollBackAndRelease } from '../../database/query-runners.js';
import { REPORT_CELL_COLUMNS } from '../../report-cells/kept-cells.sql.js';
import { CellsToCopy, SessionCells } from '../../report-cells/session-cells.js';
import { ClientCourses } from '../../report-cells/client-courses.js';
import { CLIENT_COURSE_COLUMNS } from '../../report-cells/kept-courses.sql.js';
import { MeasureClientCounts } from '../../report-cells/kept-measure-clients.sql.js';
import { SiteCounts } from '../../report-cells/kept-reading-sites.sql.js';
import { SessionCounts } from '../../report-cells/kept-session-counts.sql.js';
import type { BatchClients } from '../read/batch-clients.js';
import { CopyIn } from '../stage/copy-in.js';
import { copyValue, escapeCopyText } from '../stage/copy-text.js';
import { NO_SITE, NO_TRIAL, type StagedReading } from '../stage/staged-row.js';

/** Why a file is stored the staged way after all. */
export class NotStorableWhileReading extends Error {
  constructor(readonly reason: 'out of order' | 'stored client') {
    super(`the file cannot be stored while it is read (${reason}): it is staged instead`);
    this.name = 'NotStorableWhileReading';
  }
}

/**
 * Readings gathered before one COPY per table. The first flush is small, so that PostgreSQL starts
 * writing early; each next one doubles, up to FLUSH_ROWS. Between two COPYs PostgreSQL waits for
 * this process to read the last one's answer and send the next, which it can do only between two
 * chunks of the file it reads and validates: with 16,000 readings a flush (about 225 COPYs for 1.2
 * million readings) PostgreSQL's backend sat idle in the transaction for 13 % of the ingest. Four
 * times fewer COPYs made the HTTP ingest of the benchmark file about 15 % faster (median 6.0 s
 * against 7.1 s, 4 runs each in turn) and of the clinic-shaped file about 8 %, on the 2-core AMD
 * EPYC of BENCHMARKS.md on 2026-12-05. A flush of 64,000 readings is 4 to 6 MB of COPY text, and at
 * most MAX_FLUSHES_IN_FLIGHT + 1 are held at once.
 */
const FIRST_FLUSH_ROWS = 4_000;
const FLUSH_ROWS = 64_000;
/** Flushes queued on the connection before the reading waits for PostgreSQL. */
const MAX_FLUSHES_IN_FLIGHT = 2;

/** The tables whose new rows get their ids here (see IdBlock). */
const ID_TABLES = ['clinics', 'therapists', 'clients'] as const;

const CLINIC_COLUMNS = 'id, key';
const THERAPIST_COLUMNS = 'id, key, clinic_id';
const CLIENT_COLUMNS = 'id, key, clinic_id, batch_id';
const SESSION_COLUMNS = 'client_id, session_number, technique, condition, therapist_id, clinic_id, session_date, batch_id';
const MEASUREMENT_COLUMNS = 'client_id, session_number, phase, measure, site, trial, clinic_id, value, raw_value, raw_unit, batch_id';

/**
 * COPY text of the rows gathered for one flush: the few new clinics and therapists as strings, the
 * rest as one piece per chunk of readings, encoded at once (strings held until their COPY were
 * promoted to V8's old space and cost a third of the ingest in garbage collection; the report
 * cells likewise, sealed after each chunk).
 */
interface Flush {
  clinics: string;
  therapists: string;
  clients: Buffer[];
  sessions: Buffer[];
  measurements: Buffer[];
  /** Report cells of the sessions whose readings have all been read (report-cells/session-cells.ts). */
  cells: CellsToCopy;
  /** Courses of the clients whose cells have all been read (report-cells/client-courses.ts). */
  courses: CellsToCopy;
  readings: number;
}

const emptyFlush = (): Flush => ({ clinics: '', therapists: '', clients: [], sessions: [], measurements: [], cells: new CellsToCopy(), courses: new CellsToCopy(), readings: 0 });

/**
 * A table's ids handed out here, in order, from the value taken from its sequence at the start.
 * Ids are taken where their rows are gathered, so every id in a flush has been taken.
 */
class IdBlock {
  private taken = 0;

  constructor(
    readonly table: (typeof ID_TABLES)[number],
    private readonly first: number,
  ) {}

  take(): number {
    return this.idOf(++this.taken);
  }

  /** The id of the n-th row taken (from 1). */
  idOf(n: number): number {
    return this.first + n - 1;
  }

  /** The last id handed out, or null if none was. */
  get last(): number | null {
    return this.taken === 0 ? null : this.idOf(this.taken);
  }
}

export class StreamingStore {
  /** Clients up to this ordinal are in a flush already. */
  private clientsFlushed = 0;
  private gathering = emptyFlush();
  /** Flushes queued and not ended, oldest first: they run one after another on the one connection. */
  private readonly inFlight: Promise<void>[] = [];
  private failure: Error | null = null;
  private written = 0;
  /** Readings the flush being gathered will take (see FIRST_FLUSH_ROWS). */
  private flushRows = FIRST_FLUSH_ROWS;
  /**
   * The report cells of the session being read. Every client is new and the file is in session
   * order, so a session's readings are all read before the next session's: its cells are then
   * complete, and written with the next flush, in the store transaction (no reading is read back).
   */
  private sessionCells: SessionCells | null = null;
  /** The courses of the clients read, written with the flush in which a client's last cell is. */
  private readonly courses = new ClientCourses((measure, line) => {
    this.gathering.courses.add(measure, line);
    this.measureClients.add(measure);
  });
  /** The courses written, by measure: added to measure_clients at the end (kept-measure-clients.sql.ts). */
  private readonly measureClients = new MeasureClientCounts();
  /** The readings written, by clinic, measure and site: added to reading_sites at the end (kept-reading-sites.sql.ts). */
  private readonly sites = new SiteCounts();
  /** The sessions written, by group and by date: added to session_groups and session_dates at the end (kept-session-counts.sql.ts). */
  private readonly sessionCounts = new SessionCounts();

  private constructor(
    /** The store transaction, holding the store lock; the batch is marked stored in it too. */
    readonly runner: QueryRunner,
    /** The transaction's connection, for COPY. */
    private readonly client: pg.PoolClient,
    private readonly batchId: string,
    /** Stored and new clinics' and therapists' ids by key. */
    private readonly clinicIds: Map<string, number>,
    private readonly therapistIds: Map<string, number>,
    private readonly ids: { clinics: IdBlock; therapists: IdBlock; clients: IdBlock },
  ) {}

  /**
   * Takes over the store transaction (`runner`, holding the store lock): reads the stored clinics
   * and therapists and takes the first id of each sequence. Rolls it back if that fails.
   */
  static async begin(runner: QueryRunner, batchId: string): Promise<StreamingStore> {
    try {
      const client = (await runner.connect()) as pg.PoolClient;
      // The transaction waits for the sender between COPYs, as long as a slow upload takes: a
      // server's idle-in-transaction timeout must not end it (a stalled sender is ended by the
      // HTTP server's timeouts instead, which rolls it back).
      await runner.query(`SET LOCAL idle_in_transaction_session_timeout = 0`);
      const [first]: Record<(typeof ID_TABLES)[number], string>[] = await runner.query(
        `SELECT ${ID_TABLES.map((table) => `nextval(pg_get_serial_sequence('${table}', 'id')) AS ${table}`).join(', ')}`,
      );
      const byKey = async (table: 'clinics' | 'therapists') =>
        new Map(((await runner.query(`SELECT key, id FROM ${table}`)) as { key: string; id: number }[]).map((row) => [row.key, row.id]));
      return new StreamingStore(runner, client, batchId, await byKey('clinics'), await byKey('therapists'), {
        clinics: new IdBlock('clinics', Number(first.clinics)),
        therapists: new IdBlock('therapists', Number(first.therapists)),
        clients: new IdBlock('clients', Number(first.clients)),
      });
    } catch (error) {
      await rollBackAndRelease(runner);
      throw error;
    }
  }

  /**
   * Queues the readings (the next in the file, in client and session order), with the clinics,
   * therapists and clients that are new since the last call. Waits only when PostgreSQL is behind
   * by MAX_FLUSHES_IN_FLIGHT flushes.
   */
  async write(readings: readonly StagedReading[], clients: BatchClients): Promise<void> {
    this.throwIfFailed();
    this.gatherNewKeys(readings);
    this.gatherClients(clients);
    this.gatherReadings(readings);
    if (this.gathering.readings >= this.flushRows) {
      this.flushRows = Math.min(FLUSH_ROWS, this.flushRows * 2);
      await this.flush();
    }
  }

  /**
   * Writes what is gathered and waits for every COPY; then moves the sequences past the ids taken,
   * so that the next batch gets new ones. The transaction stays open for the caller.
   */
  async finish(clients: BatchClients): Promise<number> {
    this.gatherClients(clients);
    this.gatherSessionCells();
    await this.flush();
    await Promise.allSettled(this.inFlight);
    this.throwIfFailed();
    await this.sites.addTo(this.runner);
    await this.sessionCounts.addTo(this.runner);
    await this.measureClients.addTo(this.runner);
    for (const block of Object.values(this.ids)) {
      if (block.last !== null) await this.runner.query(`SELECT setval(pg_get_serial_sequence('${block.table}', 'id'), $1)`, [block.last]);
    }
    return this.written;
  }

  /**
   * Rolls back what was written (nothing of it was ever visible) and frees the connection; does
   * nothing once the store has ended (abandoned, or committed).
   */
  async abandon(): Promise<void> {
    if (this.runner.isReleased) return;
    await Promise.allSettled(this.inFlight);
    await rollBackAndRelease(this.runner);
  }

  async commit(): Promise<void> {
    try {
      await this.runner.commitTransaction();
    } finally {
      await this.runner.release();
    }
  }

  /**
   * Clinics and therapists not stored yet, given ids and gathered for the next flush. A new
   * therapist's clinic is the one on the first line that names it, as when a batch is staged.
   */
  private gatherNewKeys(readings: readonly StagedReading[]): void {
    for (const { clinicKey, therapistKey } of readings) {
      if (clinicKey !== null && !this.clinicIds.has(clinicKey)) {
        const id = this.ids.clinics.take();
        this.clinicIds.set(clinicKey, id);
        this.gathering.clinics += `${id}\t${clinicKey}\n`;
      }
      if (therapistKey !== null && !this.therapistIds.has(therapistKey)) {
        const id = this.ids.therapists.take();
        this.therapistIds.set(therapistKey, id);
        this.gathering.therapists += `${id}\t${therapistKey}\t${copyValue(this.clinicId(clinicKey))}\n`;
      }
    }
  }

  /** A new client's id: clients are taken in the order the batch met them (their ordinal, from 1; see gatherClients). */
  private clientId(ordinal: number): number {
    return this.ids.clients.idOf(ordinal);
  }

  private clinicId(key: string | null): number | null {
    return key === null ? null : (this.clinicIds.get(key) ?? null);
  }

  private gatherClients(clients: BatchClients): void {
    if (clients.size === this.clientsFlushed) return;
    let text = '';
    for (const client of clients.rows(this.clientsFlushed + 1)) {
      text += `${this.ids.clients.take()}\t${client.key}\t${copyValue(this.clinicId(client.clinicKey))}\t${this.batchId}\n`;
    }
    this.gathering.clients.push(Buffer.from(text));
    this.clientsFlushed = clients.size;
  }

  private gatherReadings(readings: readonly StagedReading[]): void {
    let sessions = '';
    let measurements = '';
    const batch = this.batchId;
    // Readings come grouped by client, so mostly with the clinic of the reading before.
    let lastClinicKey: string | null = null;
    let clinicId = '\\N';
    let clinicNumber: number | null = null;
    for (const { row, clientOrdinal, clinicKey, therapistKey, firstOfSession } of readings) {
      const clientId = this.clientId(clientOrdinal);
      if (clinicKey !== lastClinicKey) {
        clinicNumber = this.clinicId(clinicKey);
        clinicId = copyValue(clinicNumber);
        lastClinicKey = clinicKey;
      }
      if (firstOfSession) {
        this.sessionCells?.addTo(this.gathering.cells, this.courses);
        const therapist = therapistKey === null ? null : (this.therapistIds.get(therapistKey) ?? null);
        this.sessionCells = new SessionCells({
          clientId,
          session: row.session,
          technique: row.technique,
          condition: row.condition,
          therapistId: therapist,
          clinicId: this.clinicId(clinicKey),
          sessionDate: row.sessionDate ?? null,
        });
        this.sessionCounts.add({
          clinicId: clinicNumber,
          therapistId: therapist,
          technique: row.technique,
          condition: row.condition ?? null,
          sessionDate: row.sessionDate ?? null,
        });
        const therapistId = therapistKey === null ? '\\N' : String(this.therapistIds.get(therapistKey));
        sessions +=
          `${clientId}\t${row.session}\t${escapeCopyText(row.technique)}\t${copyValue(row.condition)}\t` +
          `${therapistId}\t${clinicId}\t${row.sessionDate ?? '\\N'}\t${batch}\n`;
      }
      // Numbers and the date (yyyy-mm-dd) need no escaping; every other text might.
      measurements +=
        `${clientId}\t${row.session}\t${escapeCopyText(row.phase)}\t${escapeCopyText(row.measure)}\t` +
        `${escapeCopyText(row.site ?? NO_SITE)}\t${row.trial ?? NO_TRIAL}\t${clinicId}\t${row.value}\t${row.rawValue}\t` +
        `${escapeCopyText(row.rawUnit)}\t${batch}\n`;
      this.sessionCells?.add(row.measure, row.site ?? NO_SITE, row.phase, row.value);
      this.sites.add(clinicNumber, row.measure, row.site ?? NO_SITE);
    }
    this.gathering.sessions.push(Buffer.from(sessions));
    this.gathering.measurements.push(Buffer.from(measurements));
    this.gathering.cells.seal();
    this.gathering.courses.seal();
    this.gathering.readings += readings.length;
  }

  /** The last session's cells, once the file has been read to its end. */
  private gatherSessionCells(): void {
    if (this.sessionCells === null) return;
    this.sessionCells.addTo(this.gathering.cells, this.courses);
    this.sessionCells = null;
    this.courses.end();
  }

  /** Queues the gathered rows' COPYs behind the earlier ones; waits while too many are queued. */
  private async flush(): Promise<void> {
    const flush = this.gathering;
    this.gathering = emptyFlush();
    if (flush.readings === 0 && flush.clients.length === 0 && flush.cells.size === 0 && flush.courses.size === 0 && flush.clinics === '' && flush.therapists === '') return;
    // Behind the last flush still in flight (they end in order, so none before it is left).
    const previous = this.inFlight.at(-1) ?? Promise.resolve();
    const done: Promise<void> = previous
      .catch(() => undefined)
      .then(() => this.copyFlush(flush))
      .finally(() => this.inFlight.splice(this.inFlight.indexOf(done), 1));
    // Failures are recorded by copyFlush and reported by the next call; never left unhandled.
    done.catch(() => undefined);
    this.inFlight.push(done);
    while (this.inFlight.length > MAX_FLUSHES_IN_FLIGHT) await this.inFlight[0].catch(() => undefined);
    this.throwIfFailed();
  }

  private async copyFlush(flush: Flush): Promise<void> {
    if (this.failure !== null) return;
    try {
      // Clinics before the therapists that refer to them (a foreign key): both rare, a few rows.
      if (flush.clinics !== '') await this.copy('clinics', CLINIC_COLUMNS, [Buffer.from(flush.clinics)]);
      if (flush.therapists !== '') await this.copy('therapists', THERAPIST_COLUMNS, [Buffer.from(flush.therapists)]);
      if (flush.clients.length > 0) await this.copy('clients', CLIENT_COLUMNS, flush.clients);
      if (flush.readings > 0) {
        await this.copy('sessions', SESSION_COLUMNS, flush.sessions);
        await this.copy('measurements', MEASUREMENT_COLUMNS, flush.measurements);
      }
      if (flush.cells.size > 0) await this.copy('report_cells', REPORT_CELL_COLUMNS, flush.cells.pieces());
      if (flush.courses.size > 0) await this.copy('client_courses', CLIENT_COURSE_COLUMNS, flush.courses.pieces());
      this.written += flush.readings;
    } catch (error) {
      this.failure ??= isStoredClient(error) ? new NotStorableWhileReading('stored client') : (error as Error);
      throw this.failure;
    }
  }

  private async copy(table: string, columns: string, pieces: readonly Buffer[]): Promise<void> {
    const copy = CopyIn.start(this.client, table, columns);
    for (const piece of pieces) await copy.write(piece);
    await copy.end();
  }

  private throwIfFailed(): void {
    if (this.failure !== null) throw this.failure;
  }
}

/** A client key already stored: the unique key of clients refused it (SQLSTATE 23505). */
function isStoredClient(error: unknown): boolean {
  const pgError = error as { code?: string; table?: string; constraint?: string };
  return pgError.code === '23505' && pgError.table === 'clients' && pgError.constraint !== 'clients_pkey';
}
