/**
 * The built API (`node apps/api/dist/main.js`) as a child process of the bench, and the HTTP
 * requests the bench times against it. The bench starts each server itself, on a scratch database
 * or a fresh embedded one, and stops it by its own handle (never by name).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import http from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A cron expression that does not fire during a bench (midnight on 1 January): the report job must not warm the cache. */
export const QUIET_REPORT_CRON = '0 0 0 1 1 *';

export interface ServerOptions {
  /** The built main.js. */
  mainJs: string;
  /** A PostgreSQL database; undefined: the embedded database in the fresh data directory. */
  databaseUrl: string | undefined;
  /** Where the server's standard output and error (JSON log lines) go. */
  logFile: string;
  /** Receives the server's stop function as soon as the process exists, so that an interrupted bench can stop it. */
  track?: (stop: () => Promise<void>) => void;
  /**
   * A data directory of an earlier server to start on (its embedded database, say), which stop()
   * leaves in place: the caller removes it. Absent: a fresh one, removed by stop().
   */
  dataDir?: string;
}

export interface RunningServer {
  baseUrl: string;
  token: string;
  kind: 'postgres' | 'embedded';
  pid: number | undefined;
  dataDir: string;
  logFile: string;
  /** The server's JSON log lines so far. */
  logLines(): Promise<unknown[]>;
  /** SIGTERM to this child (its shutdown hooks close the database), SIGKILL after 20 s; removes the data directory. */
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const port = await freePort();
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'threshold-bench-')));
  const token = `bench-${randomBytes(16).toString('hex')}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    THRESHOLD_DATA_DIR: dataDir,
    THRESHOLD_ADMIN_TOKEN: token,
    THRESHOLD_PSEUDONYM_KEY: `bench-pseudonym-key-${randomBytes(8).toString('hex')}`,
    THRESHOLD_DEMO: '0',
    THRESHOLD_REPORT_CRON: QUIET_REPORT_CRON,
    // Every record on standard output, which goes to options.logFile: logLines() reads the
    // server's events there (by default the terminal shows only warnings since issue 16).
    THRESHOLD_LOG: 'info',
    HOST: '127.0.0.1',
    PORT: String(port),
    NODE_OPTIONS: '',
  };
  delete env.DATABASE_URL;
  delete env.THRESHOLD_INBOX;
  if (options.databaseUrl !== undefined) env.DATABASE_URL = options.databaseUrl;

  const log = createWriteStream(options.logFile);
  const child: ChildProcess = spawn(process.execPath, ['--enable-source-maps', options.mainJs], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stopped: Promise<void> | null = null;
  /** SIGTERM to this child (its shutdown hooks close the database), SIGKILL after 20 s; then its data directory goes. */
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
      if (options.dataDir === undefined) await rm(dataDir, { recursive: true, force: true });
    })();
    return stopped;
  };
  options.track?.(stop);

  const baseUrl = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`the server exited with status ${child.exitCode}; its log: ${options.logFile}`);
    }
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the server did not answer /api/health within 120 s; its log: ${options.logFile}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }

  return {
    baseUrl,
    token,
    kind: options.databaseUrl === undefined ? 'embedded' : 'postgres',
    pid: child.pid,
    dataDir,
    logFile: options.logFile,
    async logLines() {
      const text = await readFile(options.logFile, 'utf8');
      return text
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => {
          try {
            return JSON.parse(line) as unknown;
          } catch {
            return null;
          }
        })
        .filter((line) => line !== null);
    },
    stop,
  };
}

/** Peak resident set size of a process so far (VmHWM), or null where /proc is not there. */
export async function peakRss(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return match === null ? null : Number(match[1]) * 1024;
  } catch {
    return null;
  }
}

export interface Timed {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** From the request's start to the last byte of the answer. */
  ms: number;
}

/** One request, timed to the end of the answer's body. */
export function request(
  url: string,
  options: {
    method?: string;
    headers?: Record<string, string>;
    agent?: http.Agent;
    body?: NodeJS.ReadableStream;
  },
): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = http.request(
      url,
      { method: options.method ?? 'GET', headers: options.headers, agent: options.agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('error', reject);
    if (options.body === undefined) req.end();
    else options.body.pipe(req);
  });
}

/**
 * POST /api/ingest of a file (CSV unless told), streamed from disk as a browser or curl would send
 * it; `query`: more of the request's query (a mapping's mappingJson).
 */
export async function ingestFile(server: RunningServer, file: string, contentType = 'text/csv', query: Record<string, string> = {}): Promise<Timed> {
  const size = (await stat(file)).size;
  const parameters = new URLSearchParams({ filename: file.split('/').pop() ?? 'bench.csv', ...query });
  // No keep-alive: an ingest of a minute or more must not be cut by an idle-socket timeout of a shared agent.
  return request(
    `${server.baseUrl}/api/ingest?${parameters.toString()}`,
    {
      method: 'POST',
      headers: {
        authorization: `Bearer ${server.token}`,
        'content-type': contentType,
        'content-length': String(size),
      },
      agent: new http.Agent({ keepAlive: false }),
      body: createReadStream(file, { highWaterMark: 1 << 20 }),
    },
  );
}
