/** What bench/out/results.json holds: the latest figures of each part of the bench. */

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

export interface Results {
  machine?: Machine;
  data?: DataResult;
  report?: ReportResult;
  lmer?: LmerResult;
}
