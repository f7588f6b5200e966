/**
 * The startup part: what a new user waits for after `npm install`. The committed repository is
 * cloned into a temporary folder (its working tree's changes are not in the clone: commit first),
 * `npm ci` runs there (not timed), then `npm start` is timed twice to the line that says it is
 * ready: the first start (builds, a new embedded database, the demo data) and a second one (built,
 * loaded). Each start's whole output is kept, to show what a person sees; its last line must be the
 * address to open.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './server.js';
import type { Progress } from './progress.js';
import { runOrThrow } from './run-process.js';

export interface StartRun {
  /** From spawning `npm start` to its ready line. */
  wallSeconds: number;
  /** What the ready line itself says (time since the server's process started). */
  reportedSeconds: number | null;
  /** Every line `npm start` printed, up to and with the ready line. */
  lines: string[];
  /** Seconds from Nest starting to the server listening, and of that, loading the demo (from its log). */
  serverSeconds: number | null;
  demoSeconds: number | null;
  /** What npm start did before the server started, as its log says (scripts/start/start.ts). */
  startSteps: string | null;
  loadAverage: number[];
}

export interface StartupResult {
  commit: string;
  installSeconds: number;
  first: StartRun;
  second: StartRun;
  measuredAt: string;
}

interface StartupContext {
  root: string;
  progress: Progress;
  load(): number[];
  now(): string;
  track(release: () => Promise<void>): void;
}

const READY = /Threshold is ready \((\d+(?:\.\d+)?) s\)\. Open (http:\/\/\S+)/;

/** Runs `npm start` in `clone` until it prints its ready line; the server is left running (returned stop()). */
async function timeStart(
  clone: string,
  port: number,
  context: StartupContext,
): Promise<{ run: StartRun; stop(): Promise<void> }> {
  const loadAverage = context.load();
  const started = performance.now();
  // Its own process group, so that stopping it stops npm's shell and the server under it.
  const child = spawn('npm', ['start'], {
    cwd: clone,
    env: { ...process.env, PORT: String(port), NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
    process.kill(-child.pid, 'SIGTERM');
    await exited;
  };
  context.track(stop);
  let output = '';
  const ready = await new Promise<{ reported: number; url: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start was not ready after 300 s:\n${output}`)),
      300_000,
    );
    const look = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = READY.exec(output);
      if (match !== null) {
        clearTimeout(timer);
        resolve({ reported: Number(match[1]), url: match[2] });
      }
    };
    child.stdout.on('data', look);
    child.stderr.on('data', look);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code}) before it was ready:\n${output}`));
    });
  });
  const wallSeconds = (performance.now() - started) / 1000;
  const health = await fetch(new URL('/api/health', ready.url));
  if (!health.ok) throw new Error(`npm start said it was ready, but /api/health answered ${health.status}`);
  const phases = await serverPhases(join(clone, '.data/logs/threshold.log'));
  return {
    run: {
      wallSeconds,
      reportedSeconds: ready.reported,
      lines: output.trimEnd().split('\n'),
      ...phases,
      loadAverage,
    },
    stop,
  };
}

/** From the server's log of its latest start: Nest starting to listening, and the demo load within it. */
async function serverPhases(
  logFile: string,
): Promise<{ serverSeconds: number | null; demoSeconds: number | null; startSteps: string | null }> {
  const records = (await readFile(logFile, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { timestamp: number; message: unknown; context?: string });
  const startAt = records.findLastIndex((record) => record.message === 'Starting Nest application...');
  const latest = records.slice(startAt);
  const at = (test: (record: (typeof latest)[number]) => boolean): number | null =>
    latest.find(test)?.timestamp ?? null;
  const begun = latest[0]?.timestamp ?? null;
  const listening = at((record) => String(record.message).startsWith('listening on'));
  const demo = latest.filter((record) => record.context === 'Demo');
  // The demo data loads once every module is up: from the last module's record to the last demo record.
  const firstDemo = latest.findIndex((record) => record.context === 'Demo');
  const modulesUp =
    firstDemo < 0
      ? undefined
      : latest.slice(0, firstDemo).findLast((record) => record.context === 'InstanceLoader');
  const demoStart = modulesUp?.timestamp ?? null;
  const steps = records.slice(0, startAt).findLast((record) => record.context === 'Start');
  return {
    startSteps: steps === undefined ? null : String(steps.message),
    serverSeconds: begun !== null && listening !== null ? (listening - begun) / 1000 : null,
    demoSeconds:
      demo.length > 0 && demoStart !== null ? (demo[demo.length - 1].timestamp - demoStart) / 1000 : null,
  };
}

export async function benchStartup(context: StartupContext): Promise<StartupResult> {
  const commit = (await runOrThrow('git', ['-C', context.root, 'rev-parse', 'HEAD'])).stdout.trim();
  const clone = await mkdtemp(join(tmpdir(), 'threshold-startup-'));
  context.track(() => rm(clone, { recursive: true, force: true }));
  let step = context.progress.start(`startup: git clone and npm ci (${commit.slice(0, 10)}), not timed`);
  await runOrThrow('git', ['clone', '--quiet', context.root, clone]);
  const install = await runOrThrow('npm', [
    'ci',
    '--prefer-offline',
    '--no-audit',
    '--no-fund',
    '--prefix',
    clone,
  ]);
  step.done(`startup: npm ci took ${install.wallSeconds.toFixed(0)} s (not counted)`);

  const port = await freePort();
  step = context.progress.start('startup: first npm start (builds, new embedded database, demo data)');
  const first = await timeStart(clone, port, context);
  await first.stop();
  step.done(`startup: first start ready in ${first.run.wallSeconds.toFixed(1)} s`);
  step = context.progress.start('startup: second npm start');
  const second = await timeStart(clone, port, context);
  await second.stop();
  step.done(`startup: second start ready in ${second.run.wallSeconds.toFixed(1)} s`);
  return {
    commit,
    installSeconds: install.wallSeconds,
    first: first.run,
    second: second.run,
    measuredAt: context.now(),
  };
}
