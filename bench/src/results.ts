/** What bench/out/results.json holds: the latest figures of each part of the bench. */
import type { BackendWaits } from './backend-waits.js';
import type { CpuSeconds } from './cpu-time.js';
import type { ScaleResult } from './scale.js';
import type { StartupResult } from './startup.js';
import type { SurvivalCostResult } from './survival-cost.js';

export interface Machine {
  cpuModel: string;
  logicalCores: number;
  availableParallelism: number;
  memoryBytes: number;
  os: string;
  node: string;
}

export interface DataResult {
  /** Relative to the repository root. */
  file: string;
  clients: number;
  sessions: number;
  seed: number;
  rows: number;
  bytes: number;
  /** The same on every machine for the same clients, sessions and seed. */
  sha256: string;
  /** Null when an existing file was reused. */
  generateSeconds: number | null;
  command: string;
  measuredAt: string;
}

export interface ReportRun {
  wallSeconds: number;
  /** Peak resident set size of the `outcomes` process, from process.resourceUsage() at exit. */
  maxRssBytes: number;
  userSeconds: number;
  systemSeconds: number;
}

export interface ReportResult {
  command: string;
  dataSha256: string;
  runs: ReportRun[];
  medianWallSeconds: number;
  maxRssBytes: number;
  trajectory: {
    converged: boolean;
    iterations: number;
    nObs: number;
    fixedEffects: Record<string, number | null>;
  } | null;
  /** 1, 5 and 15-minute load averages when the runs started: other work on the machine skews timings. */
  loadAverage: number[];
  measuredAt: string;
}

export interface LmerResult {
  command: string;
  dataSha256: string;
  reader: string;
  rows: number;
  clients: number;
  readSeconds: number;
  fitSeconds: number;
  /** Rscript from start to exit (R's startup, loading lme4, reading, fitting). */
  wallSeconds: number;
  /** Peak RSS of Rscript from GNU time; null where /usr/bin/time is missing. */
  maxRssBytes: number | null;
  warnings: string[];
  convergenceWarning: boolean;
  lme4Messages: string[];
  optimizer: string;
  fixedEffects: Record<string, number>;
  randomEffects: Record<string, number>;
  logLikREML: number;
  versions: { R: string; lme4: string };
  loadAverage: number[];
  measuredAt: string;
}

/** Latencies of a set of requests (nearest-rank percentiles). */
export interface Latencies {
  count: number;
  /** Requests that failed or did not answer 200. */
  errors: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Where the server's own log says an ingest spent its time (IngestService's "batch stored" line),
 * in seconds from the start of its reading.
 */
export interface IngestPhases {
  /** 'stored while read': COPY straight into the tables as the file was read; 'staged': staged, checked, then inserted. */
  way: 'stored while read' | 'staged';
  /** Reading, validating and pseudonymising, with the COPYs into the tables (stored while read) or into staging. */
  readSeconds: number;
  /** The conflict check (staged only). */
  checkSeconds: number | null;
  committedAfterSeconds: number;
  /** After the planner's statistics were refreshed (ANALYZE); NaN when the server's line did not come. */
  analyzedAfterSeconds: number;
  /** Whether ANALYZE ran after the answer (since 2026-12-05), else just before it. */
  statisticsAfterAnswer?: boolean;
}

export interface HttpIngest {
  /** POST /api/ingest from the first byte sent to the last byte of the answer. */
  seconds: number;
  status: number;
  inserted: number | null;
  phases: IngestPhases | null;
  /** Peak RSS of the server process so far, from /proc (null where there is none). */
  serverMaxRssBytes: number | null;
  /** CPU time spent from the request's start to its answer, by the server, PostgreSQL and the bench (null without /proc). */
  cpu: CpuSeconds | null;
}

export interface ColdReport {
  /** The first GET /api/reports after the ingest. */
  ms: number;
  cache: string | null;
  /** The server's split of that request: the SQL statement, then buildReport (from its "report computed" log line). */
  sqlMs: number | null;
  /** How many parts the server computed the report statement in, at once (1: one statement). */
  sqlParts?: number | null;
  inferenceMs: number | null;
  bytes: number;
}

export interface ApiResult {
  dataSha256: string;
  rows: number;
  copy: { seconds: number; rows: number; command: string };
  server: HttpIngest;
  report: { cold: ColdReport; cached: Latencies & { hits: number } };
  concurrent: Latencies & { concurrency: number; bursts: number; burstWallMs: number[]; hits: number };
  /** The same ingest and first report on the embedded database, for information; null when skipped. */
  embedded: { ingest: HttpIngest; report: ColdReport | null } | null;
  postgres: { version: string; settings: Record<string, string> };
  commands: string[];
  loadAverage: {
    copy: number[];
    ingest: number[];
    report: number[];
    concurrent: number[];
    embedded: number[] | null;
  };
  measuredAt: string;
}

/** test/bench/first-chart.bench.ts's result (its first-chart.json), and where it ran. */
export interface DashboardResult {
  dataSha256: string;
  rows: number | null;
  database: string;
  /** Whether it ran against the server loaded by the api part (else a server loaded for it). */
  sharedServer: boolean;
  coldMs: number;
  coldReportMs: number;
  coldReportCache: string | null;
  warmMedianMs: number;
  warmMs: number[];
  warmReportMedianMs: number;
  coldRequestsMs: Record<string, number>;
  warmRequestsMs: Record<string, number>;
  goalMs: number;
  /** `chromium --version`. */
  chromium?: string | null;
  /**
   * The same visits against a new server process on the same database, once the ingest's upkeep
   * is over: nothing cached, as the scale part's dashboard figure is measured.
   */
  newProcess?: Omit<DashboardResult, 'newProcess' | 'chromium'> | null;
  commands: string[];
  loadAverage: number[];
  measuredAt: string;
}

/** A file of about 1 GB through POST /api/ingest (bench/src/upload.ts). */
export interface UploadResult {
  file: string;
  bytes: number;
  rows: number;
  seconds: number;
  inserted: number | null;
  phases: IngestPhases | null;
  /** The server's peak RSS after the ingest (VmHWM). */
  serverMaxRssBytes: number | null;
  loadAverage: number[];
  at: string;
}

/** One turn of the ingest part: `\copy` of a file, then its HTTP ingest (bench/src/ingest-turns.ts). */
export interface IngestTurn {
  copySeconds: number;
  ingestSeconds: number;
  /** ingestSeconds ÷ copySeconds, of the same turn. */
  ratio: number;
  /** PostgreSQL alone: the rows the ingest stored, `\copy`'d into the keyed tables of a new database (keyed-copy.ts). */
  keyedCopySeconds: number;
  /** keyedCopySeconds ÷ copySeconds, of the same turn: the least ratio any ingest into these tables could reach. */
  keyedRatio: number;
  inserted: number | null;
  phases: IngestPhases | null;
  /** CPU time of the ingest, by the server, PostgreSQL and the bench (null without /proc). */
  cpu: CpuSeconds | null;
  loadAverage: number[];
}

export interface IngestFileTurns {
  label: string;
  /** Relative to the repository root. */
  file: string;
  bytes: number;
  rows: number;
  clients: number;
  sessions: number;
  /** The generator's command that makes the file. */
  command: string;
  copyCommand?: string;
  turns: IngestTurn[];
  medianCopySeconds: number;
  medianIngestSeconds: number;
  /** The median of the turns' ratios (each against its own turn's `\copy`). */
  medianRatio: number;
  medianKeyedCopySeconds: number;
  /** The median of the turns' keyed ratios. */
  medianKeyedRatio: number;
  /** Medians of the turns' CPU times, each part on its own; null when a turn has none. */
  medianCpu: CpuSeconds | null;
  /** One more ingest, after the turns, with the server's PostgreSQL backends sampled; null: no sample. */
  sampled: SampledIngest | null;
}

/** An ingest whose PostgreSQL backends were sampled from pg_stat_activity (see backend-waits.ts). */
export interface SampledIngest {
  ingestSeconds: number;
  backend: BackendWaits;
}

export interface IngestTurnsResult {
  files: IngestFileTurns[];
  turns: number;
  postgres: { version: string; settings: Record<string, string> };
  measuredAt: string;
}

export interface Results {
  machine?: Machine;
  data?: DataResult;
  report?: ReportResult;
  lmer?: LmerResult;
  api?: ApiResult;
  dashboard?: DashboardResult;
  upload?: UploadResult;
  ingest?: IngestTurnsResult;
  adjusted?: AdjustedResult;
  startup?: StartupResult;
  survival?: SurvivalCostResult;
  formats?: FormatsResult;
  scale?: ScaleResult;
}

/** The formats part (formats.ts): the benchmark file ingested as CSV, as a wide .xlsx and as FHIR bundles. */
export interface FormatsResult {
  /** The benchmark file (relative to the repository root) and its readings. */
  file: string;
  rows: number;
  /** Rows of the wide workbook (client-sessions); null when a workbook written before was reused. */
  wideRows: number | null;
  /** The most one FHIR bundle may hold (a bundle is read whole). */
  fhirBundleLimitBytes: number;
  formats: FormatIngest[];
  postgres: { version: string; settings: Record<string, string> };
  measuredAt: string;
}

export interface FormatIngest {
  format: 'csv' | 'xlsx' | 'fhir';
  label: string;
  /** Each POST /api/ingest (one file, or each FHIR bundle in turn). */
  requests: { file: string; bytes: number; seconds: number; inserted: number; serverMaxRssBytes: number | null }[];
  bytes: number;
  /** The requests' time, summed. */
  seconds: number;
  inserted: number;
  serverMaxRssBytes: number | null;
  loadAverage: { before: number[]; after: number[] };
}

/** The `adjusted` part (adjusted.ts): the therapists' comparison against lmer on one file. */
export interface AdjustedResult {
  file: string;
  clients: number;
  therapists: number;
  /** The fit alone, in the bench's process, each run; and their median. */
  fitSeconds: number[];
  medianFitSeconds: number;
  /** CPU time (user + system) of the bench's process during each fit: less moved by other work on the machine. */
  fitCpuSeconds: number[];
  /** `outcomes therapists` as its own process (read, validate, fit, write), each run; and their median. */
  cliSeconds: number[];
  medianCliSeconds: number;
  converged: boolean;
  singular: boolean;
  lmer: {
    reader: string;
    clients: number;
    therapists: number;
    readSeconds: number;
    fitSeconds: number;
    /** CPU time (user + system) of R during the fit. */
    fitCpuSeconds: number;
    satterthwaiteSeconds: number;
    ranefSeconds: number;
    /** Rscript from start to exit. */
    wallSeconds: number;
    warnings: string[];
    fixedEffects: Record<string, number>;
    df: Record<string, number>;
    therapistVar: number;
    residualVar: number;
    singular: boolean;
    versions: { R: string; lme4: string; lmerTest: string };
  };
  /** Largest relative differences from lmer's default fit: estimates, Satterthwaite df, therapist variance. */
  estimateDifference: number;
  dfDifference: number;
  therapistVarDifference: number;
  commands: string[];
  loadAverageAtFit: number[];
  loadAverageAtLmer: number[];
  measuredAt: string;
}
