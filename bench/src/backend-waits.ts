/**
 * What the ingest's PostgreSQL backend does while the file is sent: sampled from pg_stat_activity
 * by a psql `\watch` every SAMPLE_SECONDS, on the scratch database the server writes into. Each
 * sample of a backend that is not idle falls in one of four parts:
 *
 *   - working: running, no wait event;
 *   - own writes: waiting on its own I/O or on a lock of its own writes (wait event types IO and
 *     LWLock: WAL writes with its WAL buffers full, files extended a page at a time);
 *   - waiting for the API: `ClientRead`, between two statements or within a COPY;
 *   - other: anything else (a lock held by another transaction, ...).
 *
 * The first two are PostgreSQL's own time: were the API never to keep it waiting, the ingest could
 * not take less than their share of it. The sampling takes CPU time of its own, so the bench samples
 * an ingest of its own, not one it times.
 */
import { spawn } from 'node:child_process';

/** Each sample costs PostgreSQL and psql about 2 ms of CPU time: a fifth of a core at this rate. */
const SAMPLE_SECONDS = 0.01;

export interface BackendWaits {
  samples: number;
  /** Shares of the samples, 0 to 1. */
  working: number;
  ownWrites: number;
  waitingForApi: number;
  other: number;
}

export interface WaitSampling {
  /** Stops sampling (once: later calls give the same answer); null when no sample was taken. */
  stop(): Promise<BackendWaits | null>;
}

/** Starts sampling the client backends of `database` (not idle) on the server of `serverUrl`. */
export function sampleBackendWaits(serverUrl: string, database: string): WaitSampling {
  const query =
    `SELECT coalesce(wait_event_type, '-') || '|' || coalesce(wait_event, '-') || '|' || state ` +
    `FROM pg_stat_activity WHERE datname = '${database.replaceAll("'", "''")}' AND backend_type = 'client backend' ` +
    `AND state <> 'idle' AND pid <> pg_backend_pid() \\watch ${SAMPLE_SECONDS}\n`;
  const psql = spawn('psql', [serverUrl, '-X', '-A', '-t', '-q'], { stdio: ['pipe', 'pipe', 'ignore'] });
  const output: Buffer[] = [];
  psql.stdout.on('data', (chunk: Buffer) => output.push(chunk));
  const exited = new Promise<void>((resolve) => {
    psql.once('close', () => resolve());
    psql.once('error', () => resolve());
  });
  psql.stdin.on('error', () => undefined);
  psql.stdin.end(query);
  let stopped: Promise<BackendWaits | null> | null = null;
  return {
    stop() {
      stopped ??= (async () => {
        // Ctrl-C ends \watch; psql then finds the end of its input and exits.
        psql.kill('SIGINT');
        const timer = setTimeout(() => psql.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(timer);
        return sharesOf(Buffer.concat(output).toString('utf8'));
      })();
      return stopped;
    },
  };
}

/** The samples' parts (see the top of this file); null when there is none. */
export function sharesOf(text: string): BackendWaits | null {
  const counts = { working: 0, ownWrites: 0, waitingForApi: 0, other: 0 };
  let samples = 0;
  for (const line of text.split('\n')) {
    const [type, event, state] = line.trim().split('|');
    if (state === undefined) continue;
    samples++;
    if (event === 'ClientRead') counts.waitingForApi++;
    else if (type === '-' && state === 'active') counts.working++;
    else if (type === 'IO' || type === 'LWLock') counts.ownWrites++;
    else counts.other++;
  }
  if (samples === 0) return null;
  return {
    samples,
    working: counts.working / samples,
    ownWrites: counts.ownWrites / samples,
    waitingForApi: counts.waitingForApi / samples,
    other: counts.other / samples,
  };
}
