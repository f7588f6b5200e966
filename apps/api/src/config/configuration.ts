/**
 * Threshold's settings, all from the environment (twelve-factor), read once at start. Secrets that
 * are not given are generated on first start and kept in the data directory (see secrets.ts).
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ThresholdConfig {
  /** A PostgreSQL server; undefined means the embedded PGlite database under dataDir. */
  databaseUrl: string | undefined;
  /** Where the embedded database, the generated secrets and the default inbox live. */
  dataDir: string;
  port: number;
  host: string;
  /** Keyed-hash secret for client, therapist and clinic keys; generated when absent. */
  pseudonymKey: string | undefined;
  /** Bearer token of the admin; generated and printed at first start when absent. */
  adminToken: string | undefined;
  /** The watch folder; files dropped here are ingested. Undefined: no watch folder. */
  inbox: string | undefined;
  /** How often the inbox is polled, in milliseconds. */
  inboxPollMs: number;
  /** Cron expression of the job that recomputes the common reports after ingests. */
  reportCron: string;
  /** Cron expression of the job that erases sessions past their clinic's retention period (daily). */
  retentionCron: string;
  /** Folder of the scheduled backups (docs/operations.md); undefined: no scheduled backups. */
  backupDir: string | undefined;
  /** Scheduled backups kept in backupDir: the oldest beyond this many are deleted after each new one. */
  backupKeep: number;
  /** Cron expression of the scheduled backup (daily at 02:15 by default). */
  backupCron: string;
  /** Load the demo data into a DATABASE_URL database (`npm start -- --demo`). */
  demo: boolean;
  /** Load the demo data into an embedded database created by this start (the default; tests turn it off). */
  demoOnNewEmbedded: boolean;
  /** Folder of the demo CSV files (data/demo). */
  demoDataDir: string;
  /** Run the watch folder and scheduled jobs (the command line's short-lived application does not). */
  runJobs: boolean;
  /** How long a sign-in's access token lasts. */
  tokenTtlHours: number;
  /** Groups and cells with fewer clients carry no numbers for marketing (small-cell suppression). */
  suppressionMinimum: number;
  /** An observational or controlled claim needs at least this many clients (per group compared). */
  claimMinClients: number;
  /** Anonymous requests for public results cards allowed per address and minute. */
  publicCardRequestsPerMinute: number;
  /**
   * Anonymous requests to the other public routes (signing in) allowed per address and minute;
   * health is not limited.
   */
  anonymousRequestsPerMinute: number;
  /**
   * Origins (scheme://host[:port]) whose pages may call the API from a browser with a Bearer token
   * (CORS). Empty: none, only the dashboard served by the API itself.
   */
  corsOrigins: string[];
  /**
   * Express's `trust proxy` (THRESHOLD_TRUST_PROXY), for a server behind a reverse proxy that ends
   * TLS: which proxies' X-Forwarded-For and X-Forwarded-Proto to believe, so that the rate limits
   * count each client's address and the session cookie is marked Secure. Undefined: none.
   */
  trustProxy: string | undefined;
  /** A 'loading' batch whose heartbeat is older than this was interrupted (its process stopped). */
  ingestStaleSeconds: number;
  /** Largest request body accepted by POST /api/ingest, in bytes. */
  maxUploadBytes: number;
  /**
   * A request whose body stops arriving for this long is ended (a stalled upload would otherwise
   * hold the store lock, and every other batch behind it). 0: never.
   */
  bodyIdleSeconds: number;
  /** Folder of the built dashboard served at /. */
  dashboardDir: string | undefined;
  /**
   * On a PostgreSQL server, a report over many clients is computed in this many parts at once, each
   * on its own connection and core (1: one statement). The embedded database has one connection.
   */
  reportParts: number;
  /**
   * Uncached computations (reports, adjusted comparisons, cohort questions) running at once; the
   * others wait in line (admission/). Undefined: sized for the machine and the database
   * (admission-limits.ts).
   */
  reportConcurrency: number | undefined;
  /** Uncached computations that may wait in that line; one more is answered 503 with Retry-After. */
  reportQueue: number;
}

function integer(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0)
    throw new Error(`${name} must be a non-negative integer, got "${value}"`);
  return parsed;
}

/** THRESHOLD_CORS_ORIGINS: origins separated by commas or spaces, each exactly scheme://host[:port]. */
export function parseOrigins(value: string | undefined): string[] {
  const origins = (value ?? '').split(/[\s,]+/).filter((origin) => origin !== '');
  for (const origin of origins) {
    let parsed: URL | undefined;
    try {
      parsed = new URL(origin);
    } catch {
      parsed = undefined;
    }
    if (parsed === undefined || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      throw new Error(`THRESHOLD_CORS_ORIGINS: "${origin}" is not an origin such as https://clinic.example (no path, no trailing slash)`);
    }
  }
  return origins;
}

export function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  argv: readonly string[] = process.argv,
): ThresholdConfig {
  const dataDir = resolve(env.THRESHOLD_DATA_DIR || '.data');
  return {
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir,
    port: integer(env.PORT, 3000, 'PORT'),
    host: env.HOST || '127.0.0.1',
    pseudonymKey: env.THRESHOLD_PSEUDONYM_KEY || undefined,
    adminToken: env.THRESHOLD_ADMIN_TOKEN || undefined,
    inbox: env.THRESHOLD_INBOX ? resolve(env.THRESHOLD_INBOX) : undefined,
    inboxPollMs: integer(env.THRESHOLD_INBOX_POLL_MS, 2000, 'THRESHOLD_INBOX_POLL_MS'),
    reportCron: env.THRESHOLD_REPORT_CRON || '*/30 * * * * *',
    retentionCron: env.THRESHOLD_RETENTION_CRON || '0 30 3 * * *',
    backupDir: env.THRESHOLD_BACKUP_DIR ? resolve(env.THRESHOLD_BACKUP_DIR) : undefined,
    backupKeep: Math.max(1, integer(env.THRESHOLD_BACKUP_KEEP, 7, 'THRESHOLD_BACKUP_KEEP')),
    backupCron: env.THRESHOLD_BACKUP_CRON || '0 15 2 * * *',
    demo: argv.includes('--demo') || env.THRESHOLD_DEMO === '1',
    // THRESHOLD_DEMO=0: start a new embedded database empty.
    demoOnNewEmbedded: env.THRESHOLD_DEMO !== '0',
    demoDataDir: fileURLToPath(new URL('../../../../data/demo/', import.meta.url)),
    runJobs: true,
    tokenTtlHours: integer(env.THRESHOLD_TOKEN_TTL_HOURS, 12, 'THRESHOLD_TOKEN_TTL_HOURS'),
    suppressionMinimum: integer(env.THRESHOLD_SUPPRESSION_MINIMUM, 11, 'THRESHOLD_SUPPRESSION_MINIMUM'),
    claimMinClients: Math.max(1, integer(env.THRESHOLD_CLAIM_MIN_CLIENTS, 30, 'THRESHOLD_CLAIM_MIN_CLIENTS')),
    publicCardRequestsPerMinute: Math.max(1, integer(env.THRESHOLD_PUBLIC_CARD_RATE, 60, 'THRESHOLD_PUBLIC_CARD_RATE')),
    anonymousRequestsPerMinute: Math.max(1, integer(env.THRESHOLD_ANONYMOUS_RATE, 60, 'THRESHOLD_ANONYMOUS_RATE')),
    corsOrigins: parseOrigins(env.THRESHOLD_CORS_ORIGINS),
    trustProxy: env.THRESHOLD_TRUST_PROXY || undefined,
    ingestStaleSeconds: integer(env.THRESHOLD_INGEST_STALE_SECONDS, 120, 'THRESHOLD_INGEST_STALE_SECONDS'),
    maxUploadBytes: integer(env.THRESHOLD_MAX_UPLOAD_BYTES, 2 * 1024 ** 3, 'THRESHOLD_MAX_UPLOAD_BYTES'),
    bodyIdleSeconds: integer(env.THRESHOLD_BODY_IDLE_SECONDS, 60, 'THRESHOLD_BODY_IDLE_SECONDS'),
    reportParts: Math.max(1, integer(env.THRESHOLD_REPORT_PARTS, 2, 'THRESHOLD_REPORT_PARTS')),
    // 0 or unset: sized for the machine (admission-limits.ts).
    reportConcurrency: integer(env.THRESHOLD_REPORT_CONCURRENCY, 0, 'THRESHOLD_REPORT_CONCURRENCY') || undefined,
    reportQueue: integer(env.THRESHOLD_REPORT_QUEUE, 1000, 'THRESHOLD_REPORT_QUEUE'),
    dashboardDir: env.THRESHOLD_DASHBOARD_DIR
      ? resolve(env.THRESHOLD_DASHBOARD_DIR)
      : fileURLToPath(new URL('../../../dashboard/dist/', import.meta.url)),
  };
}

export const THRESHOLD_CONFIG = Symbol('THRESHOLD_CONFIG');
