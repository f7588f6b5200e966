/**
 * How many uncached computations run at once when THRESHOLD_REPORT_CONCURRENCY does not say: the
 * embedded database has one connection, so one (a second would only wait for it while holding its
 * memory); a PostgreSQL server, one per core, within the connections a report may use (a report
 * computed in parts holds THRESHOLD_REPORT_PARTS of them, see reports.repository.ts, and the pool
 * keeps at least one for ingests and the rest of the API).
 */
import { availableParallelism } from 'node:os';
import type { ThresholdConfig } from '../config/configuration.js';
import { poolSize, type DatabaseKind } from '../database/database-options.js';
import type { AdmissionLimits } from './admission-queue.js';

export function admissionLimits(
  config: Pick<ThresholdConfig, 'reportConcurrency' | 'reportQueue' | 'reportParts'>,
  kind: DatabaseKind,
  cores: number = availableParallelism(),
): AdmissionLimits {
  return {
    concurrency: config.reportConcurrency ?? defaultConcurrency(config.reportParts, kind, cores),
    maxQueued: config.reportQueue,
  };
}

function defaultConcurrency(reportParts: number, kind: DatabaseKind, cores: number): number {
  if (kind === 'embedded') return 1;
  const pool = poolSize('postgres');
  const parts = Math.min(reportParts, pool - 1);
  return Math.max(1, Math.min(cores, pool - parts));
}
