/**
 * The API part of the bench: the benchmark file through the real HTTP API, side by side in one
 * run with the database's own bulk load of the same file.
 *
 *   1. `psql -c "\copy bare(...) from FILE csv header"` into a bare table with the file's columns,
 *      in a scratch database: the floor that any ingest over the same server is compared with;
 *   2. the built server (`node apps/api/dist/main.js`) on another scratch database, started by the
 *      bench with THRESHOLD_DEMO=0, a fresh THRESHOLD_DATA_DIR, its own admin token and a report
 *      cron that does not fire during the bench (so that the first report is truly cold):
 *      POST /api/ingest of the file, then GET /api/reports once (cold: computed from the 1.2
 *      million rows), sequentially from the cache, and in bursts of 200 requests all in flight at
 *      once (one socket each);
 *   3. for information, the same ingest and first report on the embedded database (a separate
 *      server process with its own data directory and no DATABASE_URL).
 *
 * The server of step 2 is handed back loaded, so that the dashboard part can measure against it.
 */
import http from 'node:http';
import { join } from 'node:path';
import type { Progress } from './progress.js';
import { copyIntoBareTable } from './bare-copy.js';
import { markCpu } from './cpu-time.js';
import { createScratchDatabase, serverFacts, type ScratchDatabase } from './postgres.js';
import type { ApiResult, ColdReport, DataResult, HttpIngest, IngestPhases, Latencies } from './results.js';
import { ingestFile, peakRss, request, startServer, type RunningServer, type Timed } from './server.js';

export interface ApiOptions {
  /** A database URL on the PostgreSQL server to measure (scratch databases are created beside it). */
  serverUrl: string;
  /** Sequential requests from the cache. */
  sequential: number;
  /** Requests in flight at once, per burst. */
  concurrency: number;
  bursts: number;
  embedded: boolean;
}

export interface ApiContext {
  root: string;
  out: string;
  mainJs: string;
  data: DataResult;
  progress: Progress;
  load(): number[];
  now(): string;
  shown(path: string): string;
  /** Called with each resource as soon as it exists, so that an interrupted bench can release it. */
  track(release: () => Promise<void>): void;
}

/** A server on a scratch database, loaded with the benchmark file. */
export interface LoadedServer {
  server: RunningServer;
  database: ScratchDatabase;
  rows: number;
  close(): Promise<void>;
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function latencies(samples: readonly Timed[], failures: number): Latencies {
  const ok = samples.filter((sample) => sample.status === 200);
  const sorted = samples.map((sample) => sample.ms).sort((a, b) => a - b);
  const round = (value: number | undefined) => (value === undefined ? NaN : Math.round(value * 10) / 10);
  return {
    count: samples.length + failures,
    errors: failures + samples.length - ok.length,
    p50Ms: round(percentile(sorted, 0.5)),
    p99Ms: round(percentile(sorted, 0.99)),
    maxMs: round(sorted.at(-1)),
  };
}

interface LogLine {
  message?: unknown;
  context?: string;
}

interface StoredLine {
  event?: string;
  batch?: string;
  way?: string;
  readSeconds?: number;
  checkSeconds?: number | null;
  committedAfterSeconds?: number;
  afterSeconds?: number;
}

/** How long the bench waits for the server's "planner statistics" line, which follows the answer. */
const STATISTICS_WAIT_MS = 60_000;

/**
 * The server's account of the last ingest: its "batch stored" line, and, when it stored readings,
 * the "planner statistics" line of the same batch, written when ANALYZE has ended after the answer
 * (waited for here).
 */
async function ingestPhases(server: RunningServer, storedReadings: boolean): Promise<IngestPhases | null> {
  const messages = async () => ((await server.logLines()) as LogLine[]).map((line) => (line.message ?? {}) as StoredLine);
  const stored = (await messages()).filter((m) => m.event === 'batch stored' && (m.way === 'stored while read' || m.way === 'staged')).at(-1);
  if (stored === undefined) return null;
  const phases: IngestPhases = {
    way: stored.way as IngestPhases['way'],
    readSeconds: Number(stored.readSeconds),
    checkSeconds: stored.checkSeconds === null || stored.checkSeconds === undefined ? null : Number(stored.checkSeconds),
    committedAfterSeconds: Number(stored.committedAfterSeconds),
    analyzedAfterSeconds: NaN,
    statisticsAfterAnswer: true,
  };
  const waitUntil = performance.now() + STATISTICS_WAIT_MS;
  while (storedReadings && performance.now() < waitUntil) {
    const statistics = (await messages()).find((m) => m.event === 'planner statistics' && m.batch === stored.batch);
    if (statistics !== undefined) {
      phases.analyzedAfterSeconds = Number(statistics.afterSeconds);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return phases;
}

/** The server's "report computed" line for the latest computation: SQL and inference times. */
async function reportComputed(
  server: RunningServer,
): Promise<{ sqlMs: number; sqlParts: number; inferenceMs: number } | null> {
  let found: { sqlMs: number; sqlParts: number; inferenceMs: number } | null = null;
  for (const line of (await server.logLines()) as LogLine[]) {
    const message = line.message as
      | { event?: string; sqlMs?: number; sqlParts?: number; inferenceMs?: number }
      | undefined;
    if (message?.event === 'report computed' && typeof message.sqlMs === 'number') {
      found = {
        sqlMs: message.sqlMs,
        sqlParts: message.sqlParts ?? 1,
        inferenceMs: message.inferenceMs ?? NaN,
      };
    }
  }
  return found;
}

/**
 * POST /api/ingest of `file`, timed, with the CPU time it took; `atAnswer` runs as soon as the
 * answer is in (to end a measurement before the planner's statistics are computed).
 */
export async function timedIngest(
  server: RunningServer,
  file: string,
  atAnswer?: () => Promise<void>,
  as: { contentType?: string; query?: Record<string, string> } = {},
): Promise<HttpIngest> {
  const cpuMark = await markCpu(server.pid);
  const answer = await ingestFile(server, file, as.contentType, as.query);
  // Read at once: the planner's statistics, computed after the answer, are not the ingest's work.
  const cpu = cpuMark === null ? null : await cpuMark.since();
  await atAnswer?.();
  const text = answer.body.toString('utf8');
  if (answer.status !== 201) {
    throw new Error(
      `POST /api/ingest answered ${answer.status}: ${text.slice(0, 500)} (server log: ${server.logFile})`,
    );
  }
  const batch = (JSON.parse(text) as { batch?: { inserted?: number } }).batch;
  return {
    seconds: answer.ms / 1000,
    status: answer.status,
    inserted: batch?.inserted ?? null,
    phases: await ingestPhases(server, (batch?.inserted ?? 0) > 0),
    serverMaxRssBytes: await peakRss(server.pid),
    cpu,
  };
}

function reportRequest(server: RunningServer, agent?: http.Agent): Promise<Timed> {
  return request(`${server.baseUrl}/api/reports`, {
    headers: { authorization: `Bearer ${server.token}` },
    agent,
  });
}

async function coldReport(server: RunningServer): Promise<ColdReport> {
  const answer = await reportRequest(server);
  if (answer.status !== 200) {
    throw new Error(
      `GET /api/reports answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 300)}`,
    );
  }
  const computed = await reportComputed(server);
  return {
    ms: answer.ms,
    cache: (answer.headers['x-cache'] as string | undefined) ?? null,
    sqlMs: computed?.sqlMs ?? null,
    sqlParts: computed?.sqlParts ?? null,
    inferenceMs: computed?.inferenceMs ?? null,
    bytes: answer.body.length,
  };
}

/**
 * The built server on a new scratch database of the PostgreSQL server, its log in
 * bench/out/<purpose>-server.log. Both are tracked, so that an interrupted bench releases them;
 * close() stops the server and drops the database.
 */
export async function startOnScratchDatabase(
  context: ApiContext,
  serverUrl: string,
  purpose: string,
): Promise<Omit<LoadedServer, 'rows'>> {
  const database = await createScratchDatabase(serverUrl, purpose);
  context.track(() => database.drop());
  const server = await startServer({
    mainJs: context.mainJs,
    databaseUrl: database.url,
    logFile: join(context.out, `${purpose}-server.log`),
    track: context.track,
  });
  return {
    server,
    database,
    async close() {
      await server.stop();
      await database.drop();
    },
  };
}

/** Starts a server on a new scratch database and loads the file into it (for the dashboard part run alone). */
export async function loadServer(
  context: ApiContext,
  serverUrl: string,
): Promise<{ loaded: LoadedServer; ingest: HttpIngest }> {
  const scratch = await startOnScratchDatabase(context, serverUrl, 'api');
  const ingest = await timedIngest(scratch.server, join(context.root, context.data.file));
  return { loaded: { ...scratch, rows: ingest.inserted ?? context.data.rows }, ingest };
}

export async function benchApi(
  o: ApiOptions,
  context: ApiContext,
): Promise<{ result: ApiResult; loaded: LoadedServer }> {
  const { data, progress } = context;
  const file = join(context.root, data.file);
  const postgres = await serverFacts(o.serverUrl);
  progress.note(
    `api: ${postgres.version}; ${Object.entries(postgres.settings)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );

  // 1. The floor: psql's \copy of the same file into a bare table of the file's columns.
  const copyLoad = context.load();
  const copyStep = progress.start(`api: psql \\copy of ${data.rows.toLocaleString('en-GB')} rows into a bare table`);
  const copy: ApiResult['copy'] = await copyIntoBareTable(o.serverUrl, file, data.file, context.track);
  copyStep.done(`api: \\copy ${copy.rows.toLocaleString('en-GB')} rows in ${copy.seconds.toFixed(2)} s`);

  // 2. The API on a PostgreSQL server.
  const step = progress.start('api: starting the server on a scratch database');
  const ingestLoad = context.load();
  const scratch = await startOnScratchDatabase(context, o.serverUrl, 'api');
  const { server, database } = scratch;
  step.done(
    `api: server on ${server.baseUrl}, database ${database.name} (log: ${context.shown(server.logFile)})`,
  );
  const loaded: LoadedServer = { ...scratch, rows: data.rows };
  try {
    const ingestStep = progress.start(`api: POST /api/ingest of ${context.shown(file)}`);
    const ingest = await timedIngest(server, file);
    loaded.rows = ingest.inserted ?? data.rows;
    ingestStep.done(
      `api: ingested ${ingest.inserted?.toLocaleString('en-GB')} rows in ${ingest.seconds.toFixed(2)} s` +
        (ingest.phases === null
          ? ''
          : ` (${ingest.phases.way}: read ${ingest.phases.readSeconds} s, committed after ${ingest.phases.committedAfterSeconds} s)`),
    );

    const reportLoad = context.load();
    const coldStep = progress.start('api: GET /api/reports, cold');
    const cold = await coldReport(server);
    coldStep.done(
      `api: cold report in ${cold.ms.toFixed(0)} ms (X-Cache: ${cold.cache}; SQL ${cold.sqlMs} ms, inference ${cold.inferenceMs} ms; ${(cold.bytes / 1024).toFixed(0)} KiB)`,
    );

    const sequentialStep = progress.start(`api: ${o.sequential} sequential GET /api/reports from the cache`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sequential: Timed[] = [];
    let sequentialFailures = 0;
    for (let i = 0; i < o.sequential; i++) {
      try {
        sequential.push(await reportRequest(server, agent));
      } catch {
        sequentialFailures++;
      }
    }
    agent.destroy();
    const cached = {
      ...latencies(sequential, sequentialFailures),
      hits: sequential.filter((answer) => answer.headers['x-cache'] === 'hit').length,
    };
    sequentialStep.done(
      `api: from the cache, median ${cached.p50Ms} ms, p99 ${cached.p99Ms} ms, max ${cached.maxMs} ms (${cached.hits} hits, ${cached.errors} errors)`,
    );

    const concurrentLoad = context.load();
    const burstStep = progress.start(
      `api: ${o.bursts} bursts of ${o.concurrency} concurrent GET /api/reports`,
    );
    const burstAgent = new http.Agent({
      keepAlive: true,
      maxSockets: o.concurrency,
      maxFreeSockets: o.concurrency,
    });
    const answers: Timed[] = [];
    const burstWallMs: number[] = [];
    let burstFailures = 0;
    for (let burst = 0; burst < o.bursts; burst++) {
      const started = performance.now();
      const settled = await Promise.allSettled(
        Array.from({ length: o.concurrency }, () => reportRequest(server, burstAgent)),
      );
      burstWallMs.push(Math.round(performance.now() - started));
      for (const outcome of settled) {
        if (outcome.status === 'fulfilled') answers.push(outcome.value);
        else burstFailures++;
      }
    }
    burstAgent.destroy();
    const concurrent = {
      ...latencies(answers, burstFailures),
      concurrency: o.concurrency,
      bursts: o.bursts,
      burstWallMs,
      hits: answers.filter((answer) => answer.headers['x-cache'] === 'hit').length,
    };
    burstStep.done(
      `api: ${concurrent.count} concurrent requests: ${concurrent.errors} errors, p50 ${concurrent.p50Ms} ms, p99 ${concurrent.p99Ms} ms, max ${concurrent.maxMs} ms (bursts ${burstWallMs.join(', ')} ms)`,
    );

    // 3. The embedded database, for information.
    let embedded: ApiResult['embedded'] = null;
    let embeddedLoad: number[] | null = null;
    if (o.embedded) {
      embeddedLoad = context.load();
      const startStep = progress.start('api: starting a server on a new embedded database');
      const embeddedServer = await startServer({
        mainJs: context.mainJs,
        databaseUrl: undefined,
        logFile: join(context.out, 'api-embedded-server.log'),
        track: context.track,
      });
      startStep.done(
        `api: embedded server on ${embeddedServer.baseUrl} (log: ${context.shown(embeddedServer.logFile)})`,
      );
      try {
        const embeddedStep = progress.start(
          'api: POST /api/ingest on the embedded database (for information)',
        );
        const embeddedIngest = await timedIngest(embeddedServer, file);
        embeddedStep.done(`api: embedded ingest in ${embeddedIngest.seconds.toFixed(1)} s`);
        const reportStep = progress.start('api: GET /api/reports on the embedded database, cold');
        const embeddedReport = await coldReport(embeddedServer);
        reportStep.done(`api: embedded cold report in ${(embeddedReport.ms / 1000).toFixed(2)} s`);
        embedded = { ingest: embeddedIngest, report: embeddedReport };
      } finally {
        await embeddedServer.stop();
      }
    }

    const result: ApiResult = {
      dataSha256: data.sha256,
      rows: data.rows,
      copy,
      server: ingest,
      report: { cold, cached },
      concurrent,
      embedded,
      postgres,
      commands: [
        copy.command,
        'THRESHOLD_DEMO=0 THRESHOLD_DATA_DIR=$(mktemp -d) THRESHOLD_ADMIN_TOKEN=… THRESHOLD_REPORT_CRON="0 0 0 1 1 *" DATABASE_URL=postgres://…/<scratch db> node apps/api/dist/main.js',
        `curl -X POST -H "Authorization: Bearer …" -H "Content-Type: text/csv" --data-binary @${data.file} "http://127.0.0.1:PORT/api/ingest?filename=${data.file.split('/').pop()}"`,
        'curl -H "Authorization: Bearer …" http://127.0.0.1:PORT/api/reports',
      ],
      loadAverage: {
        copy: copyLoad,
        ingest: ingestLoad,
        report: reportLoad,
        concurrent: concurrentLoad,
        embedded: embeddedLoad,
      },
      measuredAt: context.now(),
    };
    return { result, loaded };
  } catch (error) {
    await loaded.close();
    throw error;
  }
}
