/**
 * The built server (apps/api/dist/main.js) as a child process on a given database, for tests that
 * must stop it the hard way (SIGKILL) and start it again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { REPOSITORY_ROOT } from './repository-paths.js';
import { TEST_ADMIN_TOKEN } from './test-app.js';
import type { TestDatabase } from './test-database.js';

export interface ServerProcess {
  baseUrl: string;
  child: ChildProcess;
  api(path: string, init?: RequestInit): Promise<Response>;
  /** What the server wrote to its standard error so far. */
  stderr(): string;
  /** SIGKILL: no shutdown hook runs, as when the machine loses power or the OOM killer strikes. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * @param env more environment, over the test's.
 * @param prefix a command that runs the server, e.g. `['setpriv', '--reuid=nobody', ...]` to run it as another user.
 */
export async function startServerProcess(database: TestDatabase, env: Record<string, string> = {}, prefix: readonly string[] = []): Promise<ServerProcess> {
  const port = await freePort();
  const command = [...prefix, process.execPath, `${REPOSITORY_ROOT}apps/api/dist/main.js`];
  const child = spawn(command[0], command.slice(1), {
    env: {
      ...process.env,
      DATABASE_URL: database.databaseUrl ?? '',
      THRESHOLD_DATA_DIR: database.dataDir,
      THRESHOLD_ADMIN_TOKEN: TEST_ADMIN_TOKEN,
      THRESHOLD_DEMO: '0',
      PORT: String(port),
      NODE_OPTIONS: '',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = `http://127.0.0.1:${port}`;
  // A first start creates the embedded database and runs every migration: on a busy 2-core
  // machine that has taken more than a minute, so the wait is sized for it (issue 21).
  const deadline = Date.now() + 240_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited: ${stderr}`);
    try {
      if ((await fetch(`${baseUrl}/api/health`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      await exited;
      throw new Error(`the server did not start: ${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    baseUrl,
    child,
    api: (path, init = {}) =>
      fetch(`${baseUrl}${path}`, {
        ...init,
        headers: { authorization: `Bearer ${TEST_ADMIN_TOKEN}`, ...(init.headers as Record<string, string> | undefined) },
      }),
    stderr: () => stderr,
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
