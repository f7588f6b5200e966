/**
 * The dashboard part: time to the Overview's first charts in Debian's Chromium, measured by the
 * dashboard's own bench (test/bench/first-chart.bench.ts, which reads the page's
 * `threshold:chart-drawn` marks) against a server loaded with the benchmark file: the api part's
 * server when both parts run, else one loaded for this part. The dashboard is built first (not timed).
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { LoadedServer } from './api.js';
import type { Progress } from './progress.js';
import type { DashboardResult, DataResult } from './results.js';
import { startServer } from './server.js';

export interface DashboardContext {
  root: string;
  out: string;
  data: DataResult;
  progress: Progress;
  load(): number[];
  now(): string;
}

interface FirstChart {
  rows?: number;
  database: string;
  coldMs: number;
  coldReportMs: number;
  coldReportCache: string | null;
  coldRequestsMs: Record<string, number>;
  warmRequestsMs: Record<string, number>;
  warmMedianMs: number;
  warmMs: number[];
  warmReportMedianMs: number;
  goalMs: number;
}

function run(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  cwd: string,
): Promise<{ status: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, output: Buffer.concat(output).toString('utf8') }));
  });
}

/** `nx run @threshold/dashboard:build`; when it fails on work in progress, an existing build is used and said so. */
export async function buildDashboard(context: DashboardContext): Promise<void> {
  const step = context.progress.start(
    'dashboard: building it (nx run @threshold/dashboard:build, not timed)',
  );
  const built = await run(
    join(context.root, 'node_modules/.bin/nx'),
    ['run', '@threshold/dashboard:build', '--output-style=static'],
    { ...process.env, NX_DAEMON: 'false' },
    context.root,
  );
  const index = join(context.root, 'apps/dashboard/dist/index.html');
  if (built.status === 0) {
    step.done('dashboard: built');
  } else if (existsSync(index)) {
    step.done(
      `dashboard: the build failed (status ${built.status}); measuring the existing apps/dashboard/dist`,
    );
  } else {
    throw new Error(`the dashboard build failed:\n${built.output.slice(-2000)}`);
  }
}

export async function benchDashboard(
  context: DashboardContext,
  loaded: LoadedServer,
  sharedServer: boolean,
): Promise<DashboardResult> {
  const resultFile = join(context.out, 'first-chart.json');
  await rm(resultFile, { force: true });
  const loadAverage = context.load();
  const step = context.progress.start(
    `dashboard: first visits in Chromium against ${loaded.server.baseUrl} (test/bench/first-chart.bench.ts)`,
  );
  const finished = await run(
    process.execPath,
    ['--no-warnings=ExperimentalWarning', 'test/bench/first-chart.bench.ts'],
    {
      ...process.env,
      NODE_OPTIONS: '',
      BENCH_BASE_URL: loaded.server.baseUrl,
      BENCH_ADMIN_TOKEN: loaded.server.token,
      BENCH_DATABASE_KIND: loaded.server.kind,
      BENCH_ROWS: String(loaded.rows),
      BENCH_RESULT_FILE: resultFile,
    },
    context.root,
  );
  // The script exits with 1 when its goal is missed: its result is written either way.
  if (!existsSync(resultFile)) {
    throw new Error(
      `test/bench/first-chart.bench.ts failed (status ${finished.status}):\n${finished.output.slice(-2000)}`,
    );
  }
  const chart = JSON.parse(await readFile(resultFile, 'utf8')) as FirstChart;
  step.done(
    `dashboard: first visit ${chart.coldMs} ms (report ${chart.coldReportCache ?? '?'}), later visits median ${chart.warmMedianMs} ms (${chart.warmMs.join(', ')})`,
  );
  return {
    dataSha256: context.data.sha256,
    rows: chart.rows ?? null,
    database: chart.database,
    sharedServer,
    coldMs: chart.coldMs,
    coldReportMs: chart.coldReportMs,
    coldReportCache: chart.coldReportCache,
    warmMedianMs: chart.warmMedianMs,
    warmMs: chart.warmMs,
    warmReportMedianMs: chart.warmReportMedianMs,
    coldRequestsMs: chart.coldRequestsMs,
    warmRequestsMs: chart.warmRequestsMs,
    goalMs: chart.goalMs,
    commands: [
      'npx nx run @threshold/dashboard:build',
      'BENCH_BASE_URL=http://127.0.0.1:PORT BENCH_ADMIN_TOKEN=… node --no-warnings=ExperimentalWarning test/bench/first-chart.bench.ts',
    ],
    loadAverage,
    measuredAt: context.now(),
  };
}

/**
 * The first visits against a new server process on an already loaded database, stopped after
 * them: nothing is cached in the new process, so its first visit computes every answer (the
 * PostgreSQL server's own buffers stay as earlier work left them).
 */
export async function benchDashboardOnNewServer(
  context: DashboardContext & { track: (stop: () => Promise<void>) => void },
  loaded: Omit<LoadedServer, 'server' | 'close'> & { mainJs: string; logName: string; label: string },
): Promise<DashboardResult> {
  const step = context.progress.start(`${loaded.label}: a new server process on the loaded database (nothing cached)`);
  const fresh = await startServer({
    mainJs: loaded.mainJs,
    databaseUrl: loaded.database.url,
    logFile: join(context.out, loaded.logName),
    track: context.track,
  });
  step.done(`${loaded.label}: a new server process on ${fresh.baseUrl}`);
  try {
    return await benchDashboard(context, { server: fresh, database: loaded.database, rows: loaded.rows, close: () => fresh.stop() }, false);
  } finally {
    await fresh.stop();
  }
}
