/**
 * `npm run bench [-- PART ...] [--clients N] [--sessions N] [--seed N] [--runs N] [--turns N] [--no-write]
 *                 [--database-url URL] [--requests N] [--concurrency N] [--bursts N] [--no-embedded]
 *                 [--skip PART,...]`
 *
 * The outcomes report on 1.2 million rows, against lme4 on the same file, and the API and the
 * dashboard on the same file (see bench/README.md):
 *   data       generate bench/out/bench-<clients>x<sessions>-seed<seed>.csv with the seeded generator
 *              (the other parts alone reuse that file, and make it only when it is missing)
 *   report     time `outcomes report` on it (wall time and peak RSS of the process, --runs times)
 *   survival   `outcomes report` on it with the course-of-treatment fields (today) and without them
 *              (the commit before the survival merge, built once in a temporary folder),
 *              alternating, --runs pairs (bench/src/survival-cost.ts)
 *   lmer       time R's lmer(value ~ time * group + (1 + time | client_id)) on the same file
 *   api        psql's \copy of the file into a bare table against POST /api/ingest of it on the
 *              built server (a scratch database on the PostgreSQL server of --database-url), then
 *              GET /api/reports cold, from the cache (--requests sequential) and --bursts bursts
 *              of --concurrency requests in flight at once; the same ingest on the embedded
 *              database for information (--no-embedded skips it)
 *   dashboard  test/bench/first-chart.bench.ts (time to the Overview's charts in Chromium)
 *              against the api part's loaded server (or one loaded for it when run alone)
 *   ingest     the ingest goal on medians: --turns turns (default 5), each a \copy and a
 *              POST /api/ingest of the benchmark file and of a clinic-shaped file (practice
 *              generator, bench/out/practice-*.csv, made once), each on new scratch databases,
 *              then the rows each ingest stored \copy'd into a new database of the same schema
 *              (PostgreSQL's part alone, keyed-copy.ts)
 *   adjusted   the adjusted comparison of therapists (report-contract.md section 6) on 100,000
 *              clients of 500 therapists: the fit alone, `outcomes therapists` and R's lmer +
 *              lmerTest on the same seeded file (bench/src/adjusted.ts)
 *   formats    POST /api/ingest of the benchmark file as CSV, as a wide .xlsx (one row per client and
 *              session, with its mapping) and as FHIR R4 bundles (split under the bundle limit), in
 *              the same run, each on its own scratch database (bench/src/formats.ts)
 *   upload     POST /api/ingest of a file of about 1 GB (bench/out/upload-*.csv, made once) on
 *              its own server and scratch database: the server's peak RSS against 1 GiB
 *   startup    clone the committed repository into a temporary folder, npm ci there (not timed), and
 *              time `npm start` to its ready line twice: the first start (build, new embedded
 *              database, demo data) and a second (bench/src/startup.ts)
 *   scale      issue 22 at ten times the data (bench/src/scale.ts): two sets of 12 million readings
 *              (--clients N: the benchmark shape's clients, default 1,000,000 for this part; the practice
 *              shape as many readings) made in a temporary folder, ingested into scratch databases, and
 *              the issue's goals measured on them; --skip network,selection,concurrent,ingest,dashboard,embedded
 *              leaves parts out; --concurrency the requests at once (default 200). Hours at full size:
 *              never part of a run without PART
 * Without PART, all but scale in that order (ingest, formats, startup and upload alone, once the others' servers are stopped). Each part's figures are kept in bench/out/results.json,
 * so parts can be run (and rerun) separately; the tables of the parts that ran are printed and their
 * sections of BENCHMARKS.md rewritten from results.json (--no-write: print the table only, and
 * keep results.json and BENCHMARKS.md as they are). Scratch databases, servers and data
 * directories the bench makes are removed at its end, also when it fails or is interrupted.
 */
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, readFile, rm, stat } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { benchApi, loadServer, type ApiContext, type LoadedServer } from './api.js';
import { benchAdjusted } from './adjusted.js';
import { ADJUSTED_SECTION_ID, renderAdjustedSection } from './adjusted-md.js';
import { benchFormats } from './formats.js';
import { FORMATS_SECTION_ID, renderFormatsSection } from './formats-md.js';
import { benchIngestTurns } from './ingest-turns.js';
import { INGEST_SECTION_ID, renderIngestSection } from './ingest-turns-md.js';
import {
  API_SECTION_ID,
  DASHBOARD_SECTION_ID,
  renderApiSection,
  renderDashboardSection,
  renderSection,
  renderUploadSection,
  replaceSection,
  SECTION_ID,
  UPLOAD_SECTION_ID,
} from './benchmarks-md.js';
import { benchDashboard, benchDashboardOnNewServer, buildDashboard, type DashboardContext } from './dashboard.js';
import { Progress } from './progress.js';
import { benchUpload } from './upload.js';
import { benchStartup } from './startup.js';
import { benchSurvivalCost } from './survival-cost.js';
import { renderSurvivalSection, SURVIVAL_SECTION_ID } from './survival-cost-md.js';
import { renderStartupSection, STARTUP_SECTION_ID } from './startup-md.js';
import { benchScale, SCALE_PARTS, type ScalePart } from './scale.js';
import { renderScaleSection, SCALE_SECTION_ID } from './scale-md.js';
import type { DataResult, LmerResult, Machine, ReportResult, ReportRun, Results } from './results.js';
import { runProcess, type Finished } from './run-process.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OUT = join(ROOT, 'bench', 'out');
const RESULTS = join(OUT, 'results.json');
const BENCHMARKS_MD = join(ROOT, 'BENCHMARKS.md');
const OUTCOMES_JS = join(ROOT, 'apps/api/dist/cli/outcomes.js');
const DATA_JS = join(ROOT, 'data/dist/cli.js');
const RSS_HOOK = join(ROOT, 'bench/dist/rss-on-exit.js');
const LMER_R = join(ROOT, 'bench/lmer.R');
const GNU_TIME = '/usr/bin/time';
const MAIN_JS = join(ROOT, 'apps/api/dist/main.js');
const CHROMIUM = '/usr/bin/chromium';

const PARTS = ['data', 'report', 'survival', 'lmer', 'adjusted', 'api', 'dashboard', 'ingest', 'formats', 'upload', 'startup', 'scale'] as const;
type Part = (typeof PARTS)[number];
/** Run when no part is named: all but scale, which takes hours at its size. */
const DEFAULT_PARTS: readonly Part[] = PARTS.filter((part) => part !== 'scale');
/** The scale part's benchmark-shape clients when --clients is not given: 12 million readings. */
const SCALE_CLIENTS = 1_000_000;

interface Options {
  parts: Part[];
  clients: number;
  /** The scale part's clients: --clients when given, else SCALE_CLIENTS. */
  scaleClients: number;
  skip: ScalePart[];
  sessions: number;
  seed: number;
  runs: number;
  turns: number;
  write: boolean;
  databaseUrl: string;
  requests: number;
  concurrency: number;
  bursts: number;
  embedded: boolean;
}

function parseOptions(argv: string[]): Options {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      clients: { type: 'string' },
      skip: { type: 'string', default: '' },
      sessions: { type: 'string', default: '12' },
      seed: { type: 'string', default: '1' },
      runs: { type: 'string', default: '3' },
      turns: { type: 'string', default: '5' },
      'no-write': { type: 'boolean', default: false },
      'database-url': {
        type: 'string',
        default: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
      },
      requests: { type: 'string', default: '200' },
      concurrency: { type: 'string', default: '200' },
      bursts: { type: 'string', default: '5' },
      'no-embedded': { type: 'boolean', default: false },
    },
  });
  const integer = (name: string, text: string, min: number): number => {
    const value = Number(text);
    if (!Number.isInteger(value) || value < min)
      throw new Error(`--${name} must be an integer >= ${min}, got ${text}`);
    return value;
  };
  for (const part of positionals) {
    if (!(PARTS as readonly string[]).includes(part)) {
      throw new Error(`unknown part "${part}": use ${PARTS.join(', ')} (or none for all of them)`);
    }
  }
  const skip = values.skip.split(',').filter((part) => part !== '');
  for (const part of skip) {
    if (!(SCALE_PARTS as readonly string[]).includes(part))
      throw new Error(`--skip: unknown part "${part}" of scale: use ${SCALE_PARTS.join(', ')}`);
  }
  const clients = integer('clients', values.clients ?? '100000', 1);
  return {
    parts: positionals.length === 0 ? [...DEFAULT_PARTS] : PARTS.filter((part) => positionals.includes(part)),
    clients,
    scaleClients: values.clients === undefined ? SCALE_CLIENTS : clients,
    skip: skip as ScalePart[],
    sessions: integer('sessions', values.sessions, 1),
    seed: integer('seed', values.seed, 0),
    runs: integer('runs', values.runs, 1),
    turns: integer('turns', values.turns, 1),
    write: !values['no-write'],
    databaseUrl: values['database-url'],
    requests: integer('requests', values.requests, 1),
    concurrency: integer('concurrency', values.concurrency, 1),
    bursts: integer('bursts', values.bursts, 1),
    embedded: !values['no-embedded'],
  };
}

const dataFile = (o: Options): string => join(OUT, `bench-${o.clients}x${o.sessions}-seed${o.seed}.csv`);
const shown = (path: string): string => relative(ROOT, path);

/** Runs a command from the repository's root to its end (see run-process.ts). */
function run(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<Finished> {
  return runProcess(command, args, { cwd: ROOT, env });
}

function check(finished: Finished, what: string): void {
  if (finished.status !== 0) {
    throw new Error(`${what} failed with status ${finished.status}:\n${finished.stderr.trim()}`);
  }
}

/** SHA-256 and line count of a file, streamed. */
async function digest(file: string): Promise<{ sha256: string; lines: number }> {
  const hash = createHash('sha256');
  let lines = 0;
  for await (const chunk of createReadStream(file)) {
    hash.update(chunk as Buffer);
    for (const byte of chunk as Buffer) if (byte === 10) lines++;
  }
  return { sha256: hash.digest('hex'), lines };
}

function machine(): Machine {
  const cpuList = cpus();
  return {
    cpuModel: cpuList[0]?.model.trim() ?? 'unknown',
    logicalCores: cpuList.length,
    availableParallelism: availableParallelism(),
    memoryBytes: totalmem(),
    os: `${platform()} ${release()}`,
    node: process.version,
  };
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
const load = (): number[] => loadavg().map((value) => Math.round(value * 100) / 100);

// ---------------------------------------------------------------------------------------------------

/** Generates the data file (always when `generate`, else only if it is missing) and checksums it. */
async function benchData(o: Options, generate: boolean, progress: Progress): Promise<DataResult> {
  const file = dataFile(o);
  const command = `npm run -s data -- bench --clients ${o.clients} --sessions ${o.sessions} --seed ${o.seed} --out ${shown(file)}`;
  let generateSeconds: number | null = null;
  if (generate || !existsSync(file)) {
    await rm(file, { force: true });
    const step = progress.start(`data: generating ${o.clients * o.sessions} rows`);
    const finished = await run(process.execPath, [
      DATA_JS,
      'bench',
      '--clients',
      String(o.clients),
      '--sessions',
      String(o.sessions),
      '--seed',
      String(o.seed),
      '--out',
      file,
    ]);
    check(finished, 'the data generator');
    generateSeconds = finished.wallSeconds;
    step.done(`data: ${shown(file)} in ${generateSeconds.toFixed(1)} s`);
  } else {
    progress.note(`data: reusing ${shown(file)} (npm run bench -- data regenerates it)`);
  }
  const step = progress.start('data: checksum');
  const { sha256, lines } = await digest(file);
  const bytes = (await stat(file)).size;
  step.done(`data: ${lines - 1} rows, ${(bytes / 1e6).toFixed(1)} MB, sha256 ${sha256.slice(0, 16)}...`);
  return {
    file: shown(file),
    clients: o.clients,
    sessions: o.sessions,
    seed: o.seed,
    rows: lines - 1,
    bytes,
    sha256,
    generateSeconds,
    command,
    measuredAt: now(),
  };
}

async function benchReport(o: Options, data: DataResult, progress: Progress): Promise<ReportResult> {
  const file = join(ROOT, data.file);
  const out = join(OUT, 'report.json');
  const usageFile = join(OUT, 'report.rusage.json');
  const runs: ReportRun[] = [];
  const loadAverage = load();
  for (let i = 1; i <= o.runs; i++) {
    await rm(usageFile, { force: true });
    const step = progress.start(`report: run ${i} of ${o.runs}`);
    const finished = await run(
      process.execPath,
      ['--import', RSS_HOOK, OUTCOMES_JS, 'report', file, '--out', out],
      {
        ...process.env,
        NODE_OPTIONS: '',
        BENCH_RUSAGE_FILE: usageFile,
      },
    );
    check(finished, 'outcomes report');
    const usage = JSON.parse(await readFile(usageFile, 'utf8')) as Omit<ReportRun, 'wallSeconds'>;
    runs.push({ wallSeconds: finished.wallSeconds, ...usage });
    step.done(
      `report: run ${i} of ${o.runs}: ${finished.wallSeconds.toFixed(2)} s, peak RSS ${(usage.maxRssBytes / 2 ** 20).toFixed(0)} MiB`,
    );
  }
  await rm(usageFile, { force: true });
  const report = JSON.parse(await readFile(out, 'utf8')) as {
    trajectory: {
      fixedEffects: { term: string; estimate: number | null }[];
      converged: boolean;
      iterations: number;
      nObs: number;
    } | null;
  };
  const walls = runs.map((r) => r.wallSeconds).sort((a, b) => a - b);
  return {
    command: `npm run -s outcomes -- report ${data.file} --out ${shown(out)}`,
    dataSha256: data.sha256,
    runs,
    medianWallSeconds: walls[Math.floor((walls.length - 1) / 2)],
    maxRssBytes: Math.max(...runs.map((r) => r.maxRssBytes)),
    trajectory:
      report.trajectory === null
        ? null
        : {
            converged: report.trajectory.converged,
            iterations: report.trajectory.iterations,
            nObs: report.trajectory.nObs,
            fixedEffects: Object.fromEntries(report.trajectory.fixedEffects.map((f) => [f.term, f.estimate])),
          },
    loadAverage,
    measuredAt: now(),
  };
}

async function benchLmer(data: DataResult, progress: Progress): Promise<LmerResult> {
  const file = join(ROOT, data.file);
  const out = join(OUT, 'lmer.json');
  const rssFile = join(OUT, 'lmer.maxrss');
  await rm(out, { force: true });
  const loadAverage = load();
  const step = progress.start('lmer: reading and fitting in R (about half a minute on 1.2 million rows)');
  const withTime = existsSync(GNU_TIME);
  const finished = withTime
    ? await run(GNU_TIME, ['-f', '%M', '-o', rssFile, 'Rscript', LMER_R, file, out])
    : await run('Rscript', [LMER_R, file, out]);
  check(finished, 'Rscript bench/lmer.R');
  const fit = JSON.parse(await readFile(out, 'utf8')) as Omit<
    LmerResult,
    'command' | 'dataSha256' | 'wallSeconds' | 'maxRssBytes' | 'loadAverage' | 'measuredAt'
  >;
  const maxRssBytes = withTime ? Number((await readFile(rssFile, 'utf8')).trim()) * 1024 : null;
  await rm(rssFile, { force: true });
  step.done(
    `lmer: read ${fit.readSeconds.toFixed(1)} s, fit ${fit.fitSeconds.toFixed(1)} s` +
      (fit.convergenceWarning ? ', with a convergence warning' : ', no convergence warning'),
  );
  return {
    ...fit,
    warnings: fit.warnings ?? [],
    lme4Messages: fit.lme4Messages ?? [],
    command: `Rscript bench/lmer.R ${data.file} ${shown(out)}`,
    dataSha256: data.sha256,
    wallSeconds: finished.wallSeconds,
    maxRssBytes,
    loadAverage,
    measuredAt: now(),
  };
}

// ---------------------------------------------------------------------------------------------------

/** What the bench has started or created, released in reverse order at the end (or on SIGINT/SIGTERM). */
const resources: (() => Promise<void>)[] = [];

async function releaseAll(): Promise<void> {
  while (resources.length > 0) {
    const release = resources.pop()!;
    await release().catch((error: unknown) =>
      process.stderr.write(`bench: cleaning up: ${error instanceof Error ? error.message : String(error)}\n`),
    );
  }
}

/** Set while a part that keeps its figures when interrupted runs (scale): writes them, synchronously. */
let onInterrupt: (() => void) | null = null;
/** Whether SIGINT or SIGTERM came: a part failing after it failed because of it. */
let interrupted = false;

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    try {
      onInterrupt?.();
    } catch (error) {
      process.stderr.write(`bench: writing the figures so far: ${error instanceof Error ? error.message : String(error)}\n`);
    }
    process.stderr.write(
      `\nbench: ${signal}: stopping the servers and dropping the scratch databases it made\n`,
    );
    void releaseAll().finally(() => process.exit(130));
  });
}

async function chromiumVersion(): Promise<string | null> {
  if (!existsSync(CHROMIUM)) return null;
  const finished = await run(CHROMIUM, ['--version']).catch(() => null);
  return finished?.status === 0 ? finished.stdout.trim() : null;
}

/**
 * Renders the sections of the parts that ran and, unless --no-write, rewrites them in BENCHMARKS.md
 * and keeps the figures in results.json. Synchronous: it also runs from the interrupt handler.
 */
function writeOutputs(o: Options, results: Results): { id: string; table: string; markdown: string }[] {
  // Only the sections of the parts that ran are rewritten: a section rendered from another
  // machine's or day's results.json (or from one that lacks a part) would replace measured figures.
  const ran = (...parts: Part[]): boolean => parts.some((part) => o.parts.includes(part));
  const sections = [
    ...(ran('data', 'report', 'lmer') ? [{ id: SECTION_ID, ...renderSection(results) }] : []),
    ...(ran('survival') && results.survival !== undefined
      ? [{ id: SURVIVAL_SECTION_ID, ...renderSurvivalSection(results) }]
      : []),
    ...(ran('adjusted') && results.adjusted !== undefined
      ? [{ id: ADJUSTED_SECTION_ID, ...renderAdjustedSection(results) }]
      : []),
    ...(ran('api') && results.api !== undefined
      ? [{ id: API_SECTION_ID, ...renderApiSection(results) }]
      : []),
    ...(ran('ingest') && results.ingest !== undefined
      ? [{ id: INGEST_SECTION_ID, ...renderIngestSection(results) }]
      : []),
    ...(ran('formats') && results.formats !== undefined
      ? [{ id: FORMATS_SECTION_ID, ...renderFormatsSection(results) }]
      : []),
    ...(ran('dashboard') && results.dashboard !== undefined
      ? [{ id: DASHBOARD_SECTION_ID, ...renderDashboardSection(results) }]
      : []),
    ...(ran('upload') && results.upload !== undefined
      ? [{ id: UPLOAD_SECTION_ID, ...renderUploadSection(results) }]
      : []),
    ...(ran('startup') && results.startup !== undefined
      ? [{ id: STARTUP_SECTION_ID, ...renderStartupSection(results) }]
      : []),
    ...(ran('scale') && results.scale !== undefined
      ? [{ id: SCALE_SECTION_ID, ...renderScaleSection(results) }]
      : []),
  ];
  if (o.write) {
    writeFileSync(RESULTS, `${JSON.stringify(results, null, 2)}\n`);
    let document = existsSync(BENCHMARKS_MD) ? readFileSync(BENCHMARKS_MD, 'utf8') : '';
    for (const section of sections) document = replaceSection(document, section.id, section.markdown);
    writeFileSync(BENCHMARKS_MD, document);
  }
  return sections;
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  await mkdir(OUT, { recursive: true });
  const progress = new Progress(process.stdout);
  const previous: Results = existsSync(RESULTS)
    ? (JSON.parse(await readFile(RESULTS, 'utf8')) as Results)
    : {};
  const results: Results = { ...previous, machine: machine() };

  // Every part but `adjusted` (which makes its own file) and `startup` needs the data file; the
  // others alone reuse it (or make it, the first time).
  const dataParts = o.parts.filter((part) => part !== 'adjusted' && part !== 'startup' && part !== 'scale');
  const needsData =
    o.parts.includes('data') ||
    (dataParts.length > 0 && (!existsSync(dataFile(o)) || previous.data?.file !== shown(dataFile(o))));
  results.data = needsData ? await benchData(o, o.parts.includes('data'), progress) : previous.data;
  // Undefined only when `adjusted` or startup run alone on a first run: then no part below reads it.
  const data = results.data!;
  if (data !== undefined) {
    if (results.report?.dataSha256 !== data.sha256) delete results.report;
    if (results.lmer?.dataSha256 !== data.sha256) delete results.lmer;
    if (results.survival?.dataSha256 !== data.sha256) delete results.survival;
    if (results.api?.dataSha256 !== data.sha256) delete results.api;
    if (results.dashboard?.dataSha256 !== data.sha256) delete results.dashboard;
    // The ingest part's first file is the data file (its rows must be those of the current one).
    if (results.ingest !== undefined && results.ingest.files[0]?.file !== data.file) delete results.ingest;
    if (results.formats !== undefined && results.formats.file !== data.file) delete results.formats;
  }

  if (o.parts.includes('report')) results.report = await benchReport(o, data, progress);
  if (o.parts.includes('survival')) {
    results.survival = await benchSurvivalCost({
      root: ROOT,
      out: OUT,
      outcomesJs: OUTCOMES_JS,
      rssHook: RSS_HOOK,
      data,
      runs: o.runs,
      progress,
      load,
      now,
      shown,
    });
  }
  if (o.parts.includes('lmer')) results.lmer = await benchLmer(data, progress);
  if (o.parts.includes('adjusted')) {
    const adjustedContext = { root: ROOT, out: OUT, outcomesJs: OUTCOMES_JS, progress, load, now, shown };
    results.adjusted = await benchAdjusted(adjustedContext, o.runs);
  }

  const context: ApiContext & DashboardContext = {
    root: ROOT,
    out: OUT,
    mainJs: MAIN_JS,
    data,
    progress,
    load,
    now,
    shown,
    track: (release) => void resources.push(release),
  };
  // A part that fails (no PostgreSQL server, no Chromium) does not lose the figures of the parts before it.
  let failure: unknown = null;
  try {
    let loaded: LoadedServer | null = null;
    if (o.parts.includes('api')) {
      const api = await benchApi(
        {
          serverUrl: o.databaseUrl,
          sequential: o.requests,
          concurrency: o.concurrency,
          bursts: o.bursts,
          embedded: o.embedded,
        },
        context,
      );
      results.api = api.result;
      loaded = api.loaded;
    }
    if (o.parts.includes('dashboard')) {
      await buildDashboard(context);
      const shared = loaded !== null;
      if (loaded === null) {
        const step = progress.start(
          `dashboard: loading ${shown(join(ROOT, data.file))} into a server on a scratch database`,
        );
        const fresh = await loadServer(context, o.databaseUrl);
        loaded = fresh.loaded;
        step.done(`dashboard: loaded in ${fresh.ingest.seconds.toFixed(1)} s`);
      }
      results.dashboard = {
        ...(await benchDashboard(context, loaded, shared)),
        // Then a new server process on the same database, once the ingest's upkeep is over: the
        // scale part's cold, nothing cached.
        newProcess: await benchDashboardOnNewServer(context, {
          database: loaded.database,
          rows: loaded.rows,
          mainJs: context.mainJs,
          logName: 'dashboard-new-process-server.log',
          label: 'dashboard',
        }),
        chromium: await chromiumVersion(),
      };
    }
  } catch (error) {
    failure = error;
  } finally {
    await releaseAll();
  }
  // Last, once the other parts' servers are stopped: their ingests are measured alone.
  const uploadContext = {
    ...context,
    generate: (args: readonly string[]) => run(process.execPath, [DATA_JS, ...args]),
  };
  if (failure === null && o.parts.includes('ingest')) {
    try {
      results.ingest = await benchIngestTurns(o.databaseUrl, o.turns, uploadContext);
    } catch (error) {
      failure = error;
    } finally {
      await releaseAll();
    }
  }
  if (failure === null && o.parts.includes('formats')) {
    try {
      results.formats = await benchFormats(o.databaseUrl, context);
    } catch (error) {
      failure = error;
    } finally {
      await releaseAll();
    }
  }
  // Alone too: a clone, its npm ci and two starts of its server.
  if (failure === null && o.parts.includes('startup')) {
    try {
      results.startup = await benchStartup({
        root: ROOT,
        progress,
        load,
        now,
        track: (release) => void resources.push(release),
      });
    } catch (error) {
      failure = error;
    } finally {
      await releaseAll();
    }
  }
  // Last and alone: its servers and databases are the biggest the bench makes.
  if (failure === null && o.parts.includes('scale')) {
    // Filled as its parts end: a run that fails or is interrupted (hours at full size) keeps what it measured.
    let sofar: Results['scale'];
    onInterrupt = () => {
      if (sofar === undefined || !o.write) return;
      writeOutputs(o, { ...results, scale: { ...sofar, incomplete: 'interrupted' } });
    };
    try {
      results.scale = await benchScale(
        {
          serverUrl: o.databaseUrl,
          clients: o.scaleClients,
          seed: o.seed,
          skip: o.skip,
          concurrency: o.concurrency,
          sofar: (result) => (sofar = result),
        },
        uploadContext,
      );
    } catch (error) {
      failure = error;
      if (sofar !== undefined) {
        const why = interrupted ? 'interrupted' : `failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
        results.scale = { ...sofar, incomplete: why };
      }
    } finally {
      onInterrupt = null;
      await releaseAll();
    }
  }
  if (failure === null && o.parts.includes('upload')) {
    try {
      results.upload = await benchUpload(o.databaseUrl, uploadContext);
    } catch (error) {
      failure = error;
    } finally {
      await releaseAll();
    }
  }

  const sections = writeOutputs(o, results);
  for (const section of sections) process.stdout.write(`\n${section.table}\n`);
  if (o.write) {
    process.stdout.write(
      `\nwrote the ${sections.map((section) => `"${section.id}"`).join(', ')} sections of BENCHMARKS.md and ${shown(RESULTS)}\n`,
    );
  }
  if (failure !== null) throw failure;
}

main().catch(async (error: unknown) => {
  await releaseAll();
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
