/**
 * Test helpers for the `outcomes` command line: run the built command (apps/api/dist/cli/outcomes.js,
 * made by the api's Nx `build` target, which its `test` target depends on) as a child process of
 * the Node that runs the tests, exactly as a user's shell would, and collect its exit status and
 * output. Used by the specs beside the command; nothing here is part of the command itself.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's root, from this file's place in it (apps/api/src/cli/testing). */
export const REPOSITORY_ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));
export const OUTCOMES_JS = join(REPOSITORY_ROOT, 'apps/api/dist/cli/outcomes.js');
const CLI_SOURCES = join(REPOSITORY_ROOT, 'apps/api/src/cli');

export interface OutcomesRun {
  /** Exit status; null when the process was killed by a signal. */
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Throws, saying what to do, when the command has not been built or is older than its sources
 * (a spec run straight through Jest, without Nx building first, would otherwise test stale code).
 */
export function checkOutcomesBuilt(): void {
  const build = 'build it first: npx nx build @threshold/api (npx nx test @threshold/api does)';
  if (!existsSync(OUTCOMES_JS)) throw new Error(`${OUTCOMES_JS} does not exist: ${build}`);
  // tsc rewrites only the outputs whose source changed, and records every build in its build info.
  const buildInfo = join(REPOSITORY_ROOT, 'apps/api/dist/tsconfig.app.tsbuildinfo');
  const lastBuild = existsSync(buildInfo) ? statSync(buildInfo).mtimeMs : 0;
  for (const name of readdirSync(CLI_SOURCES)) {
    if (!name.endsWith('.ts') || name.endsWith('.spec.ts')) continue;
    const compiled = join(dirname(OUTCOMES_JS), name.replace(/\.ts$/, '.js'));
    const built = existsSync(compiled) ? Math.max(statSync(compiled).mtimeMs, lastBuild) : 0;
    if (statSync(join(CLI_SOURCES, name)).mtimeMs > built) {
      throw new Error(`apps/api/src/cli/${name} is newer than its build in apps/api/dist/cli: ${build}`);
    }
  }
}

/** Runs `node apps/api/dist/cli/outcomes.js ...args` and resolves when it exits (killed after `timeoutMs`). */
export function runOutcomes(
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): Promise<OutcomesRun> {
  // Jest's NODE_OPTIONS (--experimental-vm-modules) are for Jest, not for the command.
  const env = { ...process.env, ...options.env };
  delete env.NODE_OPTIONS;
  delete env.THRESHOLD_DEBUG;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [OUTCOMES_JS, ...args], {
      cwd: options.cwd ?? REPOSITORY_ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({
        status,
        stdout: Buffer.concat(stdout).toString('utf8'),
        stderr: Buffer.concat(stderr).toString('utf8'),
      }),
    );
  });
}

/** Runs `task` on every item with at most `concurrency` at a time; results in input order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, items.length)) }, worker));
  return results;
}

/** A stack trace's frames ("    at f (file.js:1:2)") or an uncaught error's name in the output. */
export const STACK_TRACE = /^\s+at\s|\b(Type|Range|Reference|Syntax)?Error: /m;
