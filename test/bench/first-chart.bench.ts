/**
 * Time to the first page's charts: how long after navigation the Overview has drawn its charts,
 * in Debian's Chromium, against the real API loaded with the benchmark data set (1,200,000 rows:
 * 100,000 clients × 12 sessions, `npm run -s data -- bench`). Goal: under 1.5 s.
 *
 *   npm run bench -w @threshold/e2e                  # embedded database (PGlite)
 *   DATABASE_URL=postgres://... npm run bench -w @threshold/e2e   # a PostgreSQL server
 *
 * With BENCH_BASE_URL and BENCH_ADMIN_TOKEN it measures an API that is already running and loaded
 * instead (`npm run bench -- dashboard` in the repository root does that, against the server its
 * api part loaded): nothing is started or ingested, and BENCH_DATABASE_KIND and BENCH_ROWS only
 * label the result. BENCH_RESULT_FILE: where the result goes (default test-results/bench/first-chart.json).
 *
 * Each measurement opens a new browser context (no cached scripts, no kept state: a first visit)
 * and reads the page's own performance marks: `threshold:chart-drawn` is set by every chart when
 * it first appears (apps/dashboard/src/charts/chart-card.ts). The first load after ingest finds
 * the API's report cache empty ("cold"); the following loads find it filled ("warm"), as every
 * visitor after the scheduled report job does.
 *
 * Runs from compiled JavaScript (apps/api/dist, data/dist: the npm script builds them) with Node's
 * type stripping, so it needs no test runner.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../src/support/chromium.ts';
import { startTestApp, TEST_ADMIN_TOKEN } from '../../apps/api/dist/testing/test-app.js';

const GOAL_MS = 1500;
const WARM_RUNS = Number(process.env.BENCH_RUNS ?? 7);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const root = fileURLToPath(new URL('../../', import.meta.url));
const dashboardDir = `${root}apps/dashboard/dist/`;
const outDir = `${root}test-results/bench/`;
const dataFile = `${outDir}bench-${CLIENTS}.csv`;
const externalUrl = process.env.BENCH_BASE_URL;
const token = externalUrl === undefined ? TEST_ADMIN_TOKEN : (process.env.BENCH_ADMIN_TOKEN ?? '');
const resultFile = process.env.BENCH_RESULT_FILE ?? `${outDir}first-chart.json`;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

if (!existsSync(`${dashboardDir}index.html`)) {
  console.error('the dashboard is not built: run npx nx run @threshold/dashboard:build first');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
if (externalUrl === undefined && !existsSync(dataFile)) {
  console.error(`generating ${dataFile} …`);
  const generated = spawnSync(
    process.execPath,
    [`${root}data/dist/cli.js`, 'bench', '--clients', String(CLIENTS), '--out', dataFile],
    { stdio: 'inherit' },
  );
  if (generated.status !== 0) process.exit(generated.status ?? 1);
}

const app =
  externalUrl === undefined
    ? await startTestApp({ dashboardDir })
    : {
        baseUrl: externalUrl,
        database: { kind: process.env.BENCH_DATABASE_KIND ?? 'unknown' },
        close: async () => {},
      };
const browser = await launchChromium();
try {
  let ingest: { batch?: { inserted: number } } = {};
  let ingestSeconds: number | null = null;
  if (externalUrl === undefined) {
    const ingestStart = performance.now();
    const response = await fetch(`${app.baseUrl}/api/ingest?filename=bench.csv`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'text/csv',
        'content-length': String(statSync(dataFile).size),
      },
      body: Readable.toWeb(createReadStream(dataFile)) as ReadableStream,
      duplex: 'half',
    } as RequestInit);
    ingest = (await response.json()) as { batch?: { inserted: number } };
    if (response.status !== 201)
      throw new Error(`ingest answered ${response.status}: ${JSON.stringify(ingest).slice(0, 300)}`);
    ingestSeconds = (performance.now() - ingestStart) / 1000;
    console.error(
      `ingested ${ingest.batch?.inserted} rows in ${ingestSeconds.toFixed(1)} s (${app.database.kind} database)`,
    );
  } else {
    ingest =
      process.env.BENCH_ROWS === undefined ? {} : { batch: { inserted: Number(process.env.BENCH_ROWS) } };
  }

  /** One first visit: milliseconds from navigation start to the last chart of the Overview. */
  const firstVisit = async (): Promise<{
    chartsMs: number;
    reportMs: number;
    reportCache: string | null;
    requests: Record<string, number>;
  }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    // Whether the API answered the report from its cache (X-Cache: hit) or computed it (miss).
    let reportCache: string | null = null;
    page.on('response', (answer) => {
      if (answer.url().includes('/api/reports')) reportCache = answer.headers()['x-cache'] ?? null;
    });
    // Signed in as a new user is, by the start-up link: the page exchanges the token for its
    // session cookie (POST /api/auth/session) before its first request, and that counts too.
    await page.goto(`${app.baseUrl}/#token=${encodeURIComponent(token)}`);
    await page.waitForSelector('.chart-frame[data-chart="overview-trajectory"][data-rendered] svg', {
      timeout: 120_000,
    });
    const timings = await page.evaluate(() => ({
      chartsMs: Math.max(
        ...performance.getEntriesByName('threshold:chart-drawn').map((mark) => mark.startTime),
      ),
      // When each API answer arrived, by route (which request the page waited for).
      requests: Object.fromEntries(
        performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('/api/'))
          .map((entry) => [
            new URL(entry.name).pathname,
            Math.round((entry as PerformanceResourceTiming).responseEnd),
          ]),
      ),
      reportMs: Math.max(
        0,
        ...performance
          .getEntriesByType('resource')
          .filter((entry) => entry.name.includes('/api/reports'))
          .map((entry) => (entry as PerformanceResourceTiming).responseEnd),
      ),
    }));
    await context.close();
    if (errors.length > 0) throw new Error(`the page logged errors: ${errors.join('; ')}`);
    return { ...timings, reportCache };
  };

  const cold = await firstVisit();
  const warm: Awaited<ReturnType<typeof firstVisit>>[] = [];
  for (let run = 0; run < WARM_RUNS; run += 1) warm.push(await firstVisit());

  const warmMedian = median(warm.map((run) => run.chartsMs));
  const result = {
    rows: ingest.batch?.inserted,
    database: app.database.kind,
    ingestSeconds: ingestSeconds === null ? null : Number(ingestSeconds.toFixed(1)),
    coldMs: Math.round(cold.chartsMs),
    coldReportMs: Math.round(cold.reportMs),
    coldReportCache: cold.reportCache,
    coldRequestsMs: cold.requests,
    warmRequestsMs: warm[warm.length - 1]?.requests,
    warmMedianMs: Math.round(warmMedian),
    warmMs: warm.map((run) => Math.round(run.chartsMs)),
    warmReportMedianMs: Math.round(median(warm.map((run) => run.reportMs))),
    goalMs: GOAL_MS,
    goalMet: warmMedian < GOAL_MS,
  };
  writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(result));
  console.error(
    `time to the Overview's charts, ${result.rows} rows, ${result.database} database: first visit after ingest ${result.coldMs} ms, ` +
      `later visits median ${result.warmMedianMs} ms (goal < ${GOAL_MS} ms: ${result.goalMet ? 'met' : 'MISSED'})`,
  );
  process.exitCode = result.goalMet ? 0 : 1;
} finally {
  await browser.close();
  await app.close();
}
