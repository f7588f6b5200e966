/**
 * The scale part (issue 22, "Reports that scale with the selection, at ten times the data"): two
 * sets of about 12 million readings made by the project's seeded generators in a temporary folder
 * (never committed), each ingested through the built server into a new scratch database of the
 * PostgreSQL server, and the issue's goals measured on them in one run:
 *
 *   network     a cold network report (PPT by technique, no filter) on each set, beside
 *               PostgreSQL's own join and group-by of the same readings by technique, session and
 *               phase, on the same database right after it;
 *   selection   a cold report of one clinic and of one therapist (practice set);
 *   concurrent  200 requests with 200 different filters (clinics and therapists) all in flight at
 *               once, none cached: errors, the server's peak RSS during them, p50 and p99, and the
 *               line of uncached work (/api/health) as they ran;
 *   ingest      1.2 million rows (the benchmark shape, other clients) into the 12-million-reading
 *               database, and the same file into an empty one;
 *   dashboard   the dashboard's first chart, cold (a new server process on the practice database:
 *               nothing cached), by test/bench/first-chart.bench.ts (dashboard.ts);
 *   embedded    the same 1.2 million rows on the embedded database (PGlite): a cold report.
 *
 * In this order: the benchmark set (network, ingest), the embedded database, then the practice set
 * (network, selection, dashboard, and concurrent last: on a database whose every report reads all
 * its readings it is the longest part by far).
 *
 * `--clients N` sets the benchmark shape's clients (default 1,000,000: 12 million readings); the
 * practice shape gets as many readings (about 18 per client: N x 12 / 18 clients), and the
 * 1.2-million-row file N / 10 clients. `--skip a,b` leaves parts out. Servers, scratch databases
 * and the temporary folder are released at the end, also when the bench fails or is interrupted.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { ApiContext, LoadedServer } from './api.js';
import { startOnScratchDatabase, timedIngest } from './api.js';
import { benchDashboardOnNewServer, buildDashboard } from './dashboard.js';
import { psqlOrThrow, serverFacts, type ServerFacts } from './postgres.js';
import type { DashboardResult, DataResult, HttpIngest } from './results.js';
import type { Finished } from './run-process.js';
import { request, startServer, type RunningServer, type Timed } from './server.js';

export const SCALE_PARTS = ['network', 'selection', 'concurrent', 'ingest', 'dashboard', 'embedded'] as const;
export type ScalePart = (typeof SCALE_PARTS)[number];

export interface ScaleOptions {
  serverUrl: string;
  /** Clients of the benchmark shape (12 sessions each). */
  clients: number;
  seed: number;
  skip: ScalePart[];
  /** Requests in flight at once in the concurrent part, each with its own filter. */
  concurrency: number;
  /** Receives the result as soon as it exists; it is filled in place as the parts end. */
  sofar?: (result: ScaleResult) => void;
}

export interface ScaleContext extends ApiContext {
  /** Runs the data generator (data/dist/cli.js) with these arguments. */
  generate(args: readonly string[]): Promise<Finished>;
}

/** The practice shape's clinics and therapists (issue 22). */
export const PRACTICE_CLINICS = 100;
export const PRACTICE_THERAPISTS = 800;
/** Readings per practice client, about (measured on 20,000 clients of this shape: 18.0). */
const PRACTICE_READINGS_PER_CLIENT = 18;

export interface ScaleFile {
  shape: 'benchmark' | 'practice' | 'benchmark, other clients';
  clients: number;
  rows: number;
  bytes: number;
  generateSeconds: number;
  command: string;
}

export interface TimedQuery {
  ms: number;
  /** What it answered: groups and clients of a report, rows of the SQL. */
  detail: string;
}

export interface ColdReportFigure {
  query: string;
  ms: number;
  cache: string | null;
  status: number;
  groups: number;
  clients: number;
  loadAverage: number[];
}

export interface NetworkFigures {
  /**
   * The goal's figure: a new server process on the loaded database, once the ingest's upkeep (its
   * planner statistics, the vacuum of the cells) is over, as the dashboard part measures the
   * first visit: nothing cached, nothing else running.
   */
  report: ColdReportFigure;
  /**
   * The server that ingested, right after its answer: the report waits for the ingest's planner
   * statistics and runs beside the vacuum of the cells. Absent from results written before it.
   */
  afterIngest?: ColdReportFigure;
  /** PostgreSQL's own join and group-by of the same readings, right after the report. */
  groupBy: TimedQuery;
}

export interface ConcurrentFigures {
  requests: number;
  errors: number;
  statuses: Record<string, number>;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  wallMs: number;
  /** The server's resident memory: the most sampled (every 50 ms) while the requests ran, and just before. */
  peakRssBytes: number | null;
  rssBeforeBytes?: number | null;
  /** /api/health's line of uncached work: the most waiting seen, and its state at the end. */
  peakQueuedSeen: number | null;
  computations: Record<string, unknown> | null;
  loadAverage: number[];
}

export interface ShapeFigures {
  file: ScaleFile;
  ingest: HttpIngest;
  network: NetworkFigures | null;
}

export interface ScaleResult {
  options: { clients: number; seed: number; skip: ScalePart[]; concurrency: number };
  postgres: ServerFacts;
  /** Null until its set is loaded. */
  benchmark: ShapeFigures | null;
  practice:
    | (ShapeFigures & {
        clinic: ColdReportFigure | null;
        therapist: ColdReportFigure | null;
        concurrent: ConcurrentFigures | null;
      })
    | null;
  addition: {
    /** Null when neither the ingest nor the embedded part ran. */
    file: ScaleFile | null;
    /** Into the benchmark shape's database (after its other parts), and into an empty database. */
    intoLoaded: HttpIngest | null;
    intoEmpty: HttpIngest | null;
    loadAverage: number[];
  };
  dashboard: DashboardResult | null;
  /**
   * report: on a new server process on the same embedded database, once the ingest's upkeep is
   * over (the goal's figure, as for the network reports); afterIngest: on the server that ingested,
   * right after its answer (absent from results written before it).
   */
  embedded: { ingest: HttpIngest; report: ColdReportFigure; afterIngest?: ColdReportFigure; loadAverage: number[] } | null;
  commands: string[];
  loadAverage: { start: number[]; end: number[] };
  startedAt: string;
  measuredAt: string;
  /** Why the run ended before its last part (its figures are those measured until then). */
  incomplete?: string;
}

/** PostgreSQL's join and group-by of the raw PPT readings by technique, session and phase. */
export const RAW_GROUP_BY_SQL =
  `SELECT s.technique, m.session_number, m.phase, count(*), avg(m.value), var_samp(m.value) ` +
  `FROM measurements m JOIN sessions s USING (client_id, session_number) ` +
  `WHERE m.measure = 'ppt' GROUP BY 1, 2, 3`;

function percentile(sorted: readonly number[], p: number): number {
  return sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

const round1 = (value: number): number => Math.round(value * 10) / 10;

/** Counts lines (less the header) and bytes of a file. */
async function fileFacts(file: string): Promise<{ rows: number; bytes: number }> {
  let lines = 0;
  for await (const chunk of createReadStream(file)) for (const byte of chunk as Buffer) if (byte === 10) lines++;
  return { rows: lines - 1, bytes: (await stat(file)).size };
}

/**
 * Copies a benchmark-shape file with its client ids renamed (c000001 -> n000001), so that its
 * clients are none of the 12-million-reading set's: the ingest then adds, not corrects.
 */
async function withOtherClients(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  const lines = createInterface({ input: createReadStream(from), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    const text = header ? line : line.replace(/^c/, 'n');
    header = false;
    if (!out.write(`${text}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The server's resident memory now (VmRSS), or null where /proc is not there. */
async function rssNow(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

function getReport(server: RunningServer, query: string, agent?: http.Agent): Promise<Timed> {
  return request(`${server.baseUrl}/api/reports${query === '' ? '' : `?${query}`}`, {
    headers: { authorization: `Bearer ${server.token}` },
    agent,
  });
}

async function coldReport(server: RunningServer, query: string, load: () => number[]): Promise<ColdReportFigure> {
  const loadAverage = load();
  const answer = await getReport(server, query);
  if (answer.status !== 200) {
    throw new Error(`GET /api/reports?${query} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`);
  }
  const report = JSON.parse(answer.body.toString('utf8')) as { groups: { nClients: number }[] };
  return {
    query,
    ms: round1(answer.ms),
    cache: (answer.headers['x-cache'] as string | undefined) ?? null,
    status: answer.status,
    groups: report.groups.length,
    clients: report.groups.reduce((sum, group) => sum + group.nClients, 0),
    loadAverage,
  };
}

async function rawGroupBy(databaseUrl: string): Promise<TimedQuery> {
  const started = performance.now();
  const { stdout } = await psqlOrThrow(databaseUrl, RAW_GROUP_BY_SQL);
  const ms = performance.now() - started;
  return { ms: round1(ms), detail: `${stdout.split('\n').filter((line) => line !== '').length} groups` };
}

/**
 * `concurrency` report requests, each with its own filter (a clinic, else a therapist), all in
 * flight at once on their own sockets, while the server's memory and its line of uncached work
 * are sampled.
 */
async function concurrentReports(
  server: RunningServer,
  filters: readonly string[],
  load: () => number[],
): Promise<ConcurrentFigures> {
  const loadAverage = load();
  const rssBeforeBytes = await rssNow(server.pid);
  const agent = new http.Agent({ keepAlive: true, maxSockets: filters.length, maxFreeSockets: filters.length });
  let peakRss: number | null = null;
  let peakQueued: number | null = null;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const rss = await rssNow(server.pid);
      if (rss !== null) peakRss = Math.max(peakRss ?? 0, rss);
      try {
        const health = (await (await fetch(`${server.baseUrl}/api/health`)).json()) as {
          computations?: { queued: number };
        };
        if (health.computations !== undefined) peakQueued = Math.max(peakQueued ?? 0, health.computations.queued);
      } catch {
        // the health answer is information only
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  const started = performance.now();
  const settled = await Promise.allSettled(filters.map((query) => getReport(server, query, agent)));
  const wallMs = performance.now() - started;
  sampling = false;
  await sampler;
  agent.destroy();
  const answers = settled.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
  const statuses: Record<string, number> = {};
  for (const outcome of settled) {
    const key = outcome.status === 'fulfilled' ? String(outcome.value.status) : 'no answer';
    statuses[key] = (statuses[key] ?? 0) + 1;
  }
  const sorted = answers.map((answer) => answer.ms).sort((a, b) => a - b);
  let computations: Record<string, unknown> | null = null;
  try {
    computations =
      ((await (await fetch(`${server.baseUrl}/api/health`)).json()) as { computations?: Record<string, unknown> })
        .computations ?? null;
  } catch {
    computations = null;
  }
  return {
    requests: filters.length,
    errors: settled.length - answers.filter((answer) => answer.status === 200).length,
    statuses,
    p50Ms: round1(percentile(sorted, 0.5)),
    p99Ms: round1(percentile(sorted, 0.99)),
    maxMs: round1(sorted.at(-1) ?? NaN),
    wallMs: round1(wallMs),
    peakRssBytes: peakRss,
    rssBeforeBytes,
    peakQueuedSeen: peakQueued,
    computations,
    loadAverage,
  };
}

/** The clinic and therapist ids of the practice generator (data/src/ids.ts). */
const clinicId = (serial: number): string => `k${String(serial).padStart(2, '0')}`;
const therapistId = (serial: number): string => `t${String(serial).padStart(3, '0')}`;

export async function benchScale(o: ScaleOptions, context: ScaleContext): Promise<ScaleResult> {
  const { progress, load, now } = context;
  const runs = (part: ScalePart): boolean => !o.skip.includes(part);
  const startedAt = now();
  const startLoad = load();
  const postgres = await serverFacts(o.serverUrl);
  progress.note(
    `scale: ${postgres.version}; ${Object.entries(postgres.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  const folder = await mkdtemp(join(tmpdir(), 'threshold-scale-'));
  context.track(() => rm(folder, { recursive: true, force: true }));
  progress.note(`scale: data files in ${folder} (removed at the end)`);

  const commands: string[] = [];
  const generate = async (
    shape: ScaleFile['shape'],
    file: string,
    args: string[],
    clients: number,
  ): Promise<ScaleFile> => {
    const step = progress.start(`scale: generating the ${shape} shape, ${clients.toLocaleString('en-GB')} clients`);
    const finished = await context.generate([...args, '--out', file]);
    if (finished.status !== 0) throw new Error(`the data generator failed: ${finished.stderr.trim()}`);
    const facts = await fileFacts(file);
    const command = `npm run -s data -- ${args.join(' ')} --out ${file.split('/').pop()}`;
    commands.push(command);
    step.done(
      `scale: ${shape} shape: ${facts.rows.toLocaleString('en-GB')} rows, ${(facts.bytes / 1e6).toFixed(0)} MB in ${finished.wallSeconds.toFixed(1)} s`,
    );
    return { shape, clients, ...facts, generateSeconds: round1(finished.wallSeconds), command };
  };

  const benchClients = o.clients;
  const practiceClients = Math.max(PRACTICE_CLINICS, Math.round((o.clients * 12) / PRACTICE_READINGS_PER_CLIENT));
  const additionClients = Math.max(1, Math.round(o.clients / 10));
  const benchFile = join(folder, `bench-${benchClients}x12-seed${o.seed}.csv`);
  const practiceFile = join(folder, `practice-${practiceClients}-seed${o.seed}.csv`);
  const additionSource = join(folder, `bench-${additionClients}x12-seed${o.seed + 1}.csv`);
  const additionFile = join(folder, `bench-${additionClients}x12-seed${o.seed + 1}-other-clients.csv`);

  const benchData = await generate(
    'benchmark',
    benchFile,
    ['bench', '--clients', String(benchClients), '--sessions', '12', '--seed', String(o.seed)],
    benchClients,
  );
  const practiceData = await generate(
    'practice',
    practiceFile,
    [
      'practice',
      '--clients',
      String(practiceClients),
      '--clinics',
      String(PRACTICE_CLINICS),
      '--therapists',
      String(PRACTICE_THERAPISTS),
      '--seed',
      String(o.seed),
    ],
    practiceClients,
  );
  let additionData: ScaleFile | null = null;
  if (runs('ingest') || runs('embedded')) {
    const made = await generate(
      'benchmark, other clients',
      additionSource,
      ['bench', '--clients', String(additionClients), '--sessions', '12', '--seed', String(o.seed + 1)],
      additionClients,
    );
    await withOtherClients(additionSource, additionFile);
    await rm(additionSource, { force: true });
    additionData = { ...made, command: `${made.command}, client ids c… renamed n… (none of the first set's)` };
  }

  const result: ScaleResult = {
    options: { clients: o.clients, seed: o.seed, skip: o.skip, concurrency: o.concurrency },
    postgres,
    benchmark: null,
    practice: null,
    addition: { file: additionData, intoLoaded: null, intoEmpty: null, loadAverage: [] },
    dashboard: null,
    embedded: null,
    commands: [
      ...commands,
      'THRESHOLD_DEMO=0 THRESHOLD_DATA_DIR=$(mktemp -d) THRESHOLD_ADMIN_TOKEN=… THRESHOLD_REPORT_CRON="0 0 0 1 1 *" DATABASE_URL=postgres://…/<scratch db> node apps/api/dist/main.js',
      'curl -X POST -H "Authorization: Bearer …" -H "Content-Type: text/csv" --data-binary @FILE "http://127.0.0.1:PORT/api/ingest?filename=FILE"',
      'curl -H "Authorization: Bearer …" "http://127.0.0.1:PORT/api/reports"   # and ?clinic=k01, ?therapist=t001; k02…, t002… at once',
      `psql postgres://…/<scratch db> -c "${RAW_GROUP_BY_SQL}"`,
    ],
    loadAverage: { start: startLoad, end: startLoad },
    startedAt,
    measuredAt: startedAt,
    incomplete: 'interrupted before its end',
  };
  // Handed over now and filled part by part: a run that fails or is interrupted keeps what it measured.
  o.sofar?.(result);
  const finish = (): void => {
    result.loadAverage.end = load();
    result.measuredAt = now();
  };

  // --- The benchmark shape ---------------------------------------------------------------------
  const benchLoaded = await loadOnScratch(context, o.serverUrl, 'scale_bench', benchFile, benchData.rows);
  const benchmark: ShapeFigures = { file: benchData, ingest: benchLoaded.ingest, network: null };
  result.benchmark = benchmark;
  finish();
  try {
    if (runs('network')) benchmark.network = await network(context, benchLoaded.loaded, 'benchmark');
    finish();
    if (runs('ingest') && additionData !== null) {
      result.addition.loadAverage = load();
      const step = progress.start(
        `scale: ingest: ${additionData.rows.toLocaleString('en-GB')} rows into the ${benchData.rows.toLocaleString('en-GB')}-reading database`,
      );
      result.addition.intoLoaded = await timedIngest(benchLoaded.loaded.server, additionFile);
      step.done(`scale: ingest: into the loaded database in ${result.addition.intoLoaded.seconds.toFixed(2)} s`);
    }
  } finally {
    await benchLoaded.loaded.close();
  }
  if (runs('ingest') && additionData !== null) {
    const empty = await startOnScratchDatabase(context, o.serverUrl, 'scale_empty');
    try {
      const step = progress.start(`scale: ingest: the same ${additionData.rows.toLocaleString('en-GB')} rows into an empty database`);
      const intoEmpty = await timedIngest(empty.server, additionFile);
      result.addition.intoEmpty = intoEmpty;
      step.done(
        `scale: ingest: into an empty database in ${intoEmpty.seconds.toFixed(2)} s (ratio ${(result.addition.intoLoaded!.seconds / intoEmpty.seconds).toFixed(2)})`,
      );
    } finally {
      await empty.close();
    }
  }
  finish();

  // --- The embedded database (before the practice shape: it needs only the tenth-size file) ------
  if (runs('embedded') && additionData !== null) {
    const embeddedLoad = load();
    const step = progress.start('scale: embedded: starting a server on a new embedded database');
    // Kept across two server processes: the one that ingests, and a new one on the same database.
    const dataDir = await mkdtemp(join(tmpdir(), 'threshold-bench-embedded-'));
    const embeddedServer = (logName: string) =>
      startServer({ mainJs: context.mainJs, databaseUrl: undefined, logFile: join(context.out, logName), track: context.track, dataDir });
    try {
      const server = await embeddedServer('scale-embedded-server.log');
      step.done(`scale: embedded: server on ${server.baseUrl}`);
      let ingest: HttpIngest;
      let afterIngest: ColdReportFigure;
      try {
        const ingestStep = progress.start(`scale: embedded: POST /api/ingest of ${additionData.rows.toLocaleString('en-GB')} rows`);
        ingest = await timedIngest(server, additionFile);
        ingestStep.done(`scale: embedded: ingested in ${ingest.seconds.toFixed(1)} s`);
        const reportStep = progress.start('scale: embedded: GET /api/reports, cold, right after the ingest');
        afterIngest = await coldReport(server, '', load);
        reportStep.done(`scale: embedded: cold report right after the ingest in ${(afterIngest.ms / 1000).toFixed(2)} s (${afterIngest.cache})`);
        await ingestUpkeepOver(server);
      } finally {
        await server.stop();
      }
      const freshStep = progress.start('scale: embedded: GET /api/reports, cold, on a new server process on the same database');
      const fresh = await embeddedServer('scale-embedded-new-process-server.log');
      try {
        const report = await coldReport(fresh, '', load);
        freshStep.done(`scale: embedded: cold report on a new server process in ${(report.ms / 1000).toFixed(2)} s (${report.cache})`);
        result.embedded = { ingest, report, afterIngest, loadAverage: embeddedLoad };
      } finally {
        await fresh.stop();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  finish();

  // --- The practice shape ----------------------------------------------------------------------
  const practiceLoaded = await loadOnScratch(context, o.serverUrl, 'scale_practice', practiceFile, practiceData.rows);
  const practice: NonNullable<ScaleResult['practice']> = {
    file: practiceData,
    ingest: practiceLoaded.ingest,
    network: null,
    clinic: null,
    therapist: null,
    concurrent: null,
  };
  result.practice = practice;
  finish();
  try {
    const server = practiceLoaded.loaded.server;
    if (runs('network')) practice.network = await network(context, practiceLoaded.loaded, 'practice');
    finish();
    if (runs('selection')) {
      const step = progress.start(`scale: selection: one clinic (${clinicId(1)}) and one therapist (${therapistId(1)}), cold`);
      practice.clinic = await coldReport(server, `clinic=${clinicId(1)}`, load);
      practice.therapist = await coldReport(server, `therapist=${therapistId(1)}`, load);
      step.done(
        `scale: selection: clinic ${practice.clinic.ms} ms (${practice.clinic.clients} clients, ${practice.clinic.cache}), therapist ${practice.therapist.ms} ms (${practice.therapist.clients} clients, ${practice.therapist.cache})`,
      );
    }
    finish();
    if (runs('dashboard')) {
      await buildDashboard(context);
      // Before the concurrent part, which on today's code is the longest.
      const data: DataResult = {
        file: practiceFile,
        clients: practiceClients,
        sessions: 0,
        seed: o.seed,
        rows: practiceData.rows,
        bytes: practiceData.bytes,
        sha256: '',
        generateSeconds: practiceData.generateSeconds,
        command: practiceData.command,
        measuredAt: now(),
      };
      result.dashboard = await benchDashboardOnNewServer(
        { ...context, data },
        {
          database: practiceLoaded.loaded.database,
          rows: practiceData.rows,
          mainJs: context.mainJs,
          logName: 'scale-dashboard-server.log',
          label: 'scale: dashboard',
        },
      );
    }
    finish();
    if (runs('concurrent')) {
      // Clinics 2.. and therapists 2.. (the first of each may be cached by the selection part).
      const clinics = Math.min(PRACTICE_CLINICS - 1, Math.ceil(o.concurrency / 2));
      // Interleaved, as people asking at once would be: the line answers them in this order.
      const clinicFilters = Array.from({ length: clinics }, (_, i) => `clinic=${clinicId(i + 2)}`);
      const therapistFilters = Array.from({ length: o.concurrency - clinics }, (_, i) => `therapist=${therapistId(i + 2)}`);
      const filters: string[] = [];
      for (let i = 0; i < Math.max(clinicFilters.length, therapistFilters.length); i++) {
        if (i < clinicFilters.length) filters.push(clinicFilters[i]);
        if (i < therapistFilters.length) filters.push(therapistFilters[i]);
      }
      const step = progress.start(`scale: concurrent: ${filters.length} requests with ${filters.length} different filters at once`);
      const c = await concurrentReports(server, filters, load);
      practice.concurrent = c;
      step.done(
        `scale: concurrent: ${c.errors} errors, p50 ${c.p50Ms} ms, p99 ${c.p99Ms} ms, all in ${(c.wallMs / 1000).toFixed(1)} s, server peak RSS ${c.peakRssBytes === null ? '?' : (c.peakRssBytes / 2 ** 20).toFixed(0)} MiB, at most ${c.peakQueuedSeen ?? '?'} waiting`,
      );
    }
    finish();
  } finally {
    await practiceLoaded.loaded.server.stop();
    await practiceLoaded.loaded.database.drop();
  }

  finish();
  delete result.incomplete;
  return result;
}

/** A server on a new scratch database, loaded with `file` by POST /api/ingest. */
async function loadOnScratch(
  context: ScaleContext,
  serverUrl: string,
  purpose: string,
  file: string,
  rows: number,
): Promise<{ loaded: LoadedServer; ingest: HttpIngest }> {
  const step = context.progress.start(`scale: POST /api/ingest of ${rows.toLocaleString('en-GB')} rows (${purpose})`);
  const scratch = await startOnScratchDatabase(context, serverUrl, purpose);
  try {
    const ingest = await timedIngest(scratch.server, file);
    step.done(
      `scale: ingested ${ingest.inserted?.toLocaleString('en-GB')} rows in ${ingest.seconds.toFixed(1)} s into ${scratch.database.name}`,
    );
    return { loaded: { ...scratch, rows: ingest.inserted ?? rows }, ingest };
  } catch (error) {
    await scratch.close();
    throw error;
  }
}

/** The cold network report, then PostgreSQL's own join and group-by of the same readings. */
async function network(context: ScaleContext, loaded: LoadedServer, shape: string): Promise<NetworkFigures> {
  const step = context.progress.start(
    `scale: network (${shape}): GET /api/reports cold right after the ingest, then on a new server process once its upkeep is over, then PostgreSQL's own group-by`,
  );
  const afterIngest = await coldReport(loaded.server, '', context.load);
  await ingestUpkeepOver(loaded.server);
  const fresh = await startServer({
    mainJs: context.mainJs,
    databaseUrl: loaded.database.url,
    logFile: join(context.out, `scale-network-${shape}-server.log`),
    track: context.track,
  });
  let report: ColdReportFigure;
  try {
    report = await coldReport(fresh, '', context.load);
  } finally {
    await fresh.stop();
  }
  const groupBy = await rawGroupBy(loaded.database.url);
  const inSeconds = (figure: ColdReportFigure) => `${(figure.ms / 1000).toFixed(2)} s (${figure.cache})`;
  step.done(
    `scale: network (${shape}): report ${inSeconds(report)} on a new process, ${inSeconds(afterIngest)} right after the ingest (${report.clients.toLocaleString('en-GB')} clients); PostgreSQL's join and group-by ${(groupBy.ms / 1000).toFixed(2)} s (${groupBy.detail})`,
  );
  return { report, afterIngest, groupBy };
}

/** How long the bench waits for the ingest's vacuum of the cells, which follows its planner statistics. */
const UPKEEP_WAIT_MS = 120_000;

/**
 * Waits for the end of the upkeep of the server's last batch: its "report cells vacuumed" line, or
 * a "planner statistics" line that did not analyse (a small batch: then nothing is vacuumed).
 */
async function ingestUpkeepOver(server: RunningServer): Promise<void> {
  const waitUntil = performance.now() + UPKEEP_WAIT_MS;
  while (performance.now() < waitUntil) {
    const messages = ((await server.logLines()) as { message?: { event?: string; analysed?: boolean } }[]).map((line) => line.message ?? {});
    const sinceStored = messages.slice(messages.findLastIndex((m) => m.event === 'batch stored') + 1);
    if (sinceStored.some((m) => m.event === 'report cells vacuumed' || (m.event === 'planner statistics' && m.analysed === false))) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the ingest's upkeep did not end within ${UPKEEP_WAIT_MS / 1000} s (no "report cells vacuumed" line after "batch stored")`);
}
