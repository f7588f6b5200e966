/**
 * The two builds `npm start` needs, run directly: `tsc -b` for the API and the libraries it uses
 * (incremental: a second start with nothing changed checks and writes nothing), and `vite build`
 * for the dashboard, only when one of its sources is newer than its last build.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

const DASHBOARD = join(REPOSITORY_ROOT, 'apps/dashboard');
/** Written after a dashboard build; Vite empties dist/ first, so it is never older than the build. */
const DASHBOARD_STAMP = join(DASHBOARD, 'dist/.built');
/** What the dashboard's build reads: its own sources and the statistics library it bundles. */
const DASHBOARD_SOURCES = [
  DASHBOARD,
  join(REPOSITORY_ROOT, 'libs/stats/src'),
  join(REPOSITORY_ROOT, 'libs/stats/package.json'),
  join(REPOSITORY_ROOT, 'package-lock.json'),
];
const SKIPPED_FOLDERS = new Set(['node_modules', 'dist', 'out-tsc']);

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    // Output only when it fails: a build that works has nothing to say at start.
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${command} ${args.join(' ')} failed (exit ${code}):\n${output}`)),
    );
  });
}

/** A tool installed by npm: in the workspace's own node_modules when its version differs from the root's. */
function bin(name: string, workspace = REPOSITORY_ROOT): string {
  const own = join(workspace, 'node_modules/.bin', name);
  return existsSync(own) ? own : join(REPOSITORY_ROOT, 'node_modules/.bin', name);
}

export function buildApi(): Promise<void> {
  return run(bin('tsc'), ['-b', 'apps/api/tsconfig.app.json'], REPOSITORY_ROOT);
}

/** The newest modification time under `path` (files and folders), in ms. */
function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = stat.mtimeMs;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    if (SKIPPED_FOLDERS.has(entry.name)) continue;
    latest = Math.max(latest, newest(join(path, entry.name)));
  }
  return latest;
}

/** Whether it built (false: up to date). */
export async function buildDashboardIfStale(): Promise<boolean> {
  const built = existsSync(DASHBOARD_STAMP) ? statSync(DASHBOARD_STAMP).mtimeMs : 0;
  if (Math.max(...DASHBOARD_SOURCES.map(newest)) < built) return false;
  await run(bin('vite', DASHBOARD), ['build'], DASHBOARD);
  writeFileSync(DASHBOARD_STAMP, `${new Date().toISOString()}\n`);
  return true;
}
