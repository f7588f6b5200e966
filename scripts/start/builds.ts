/**
 * The two builds `npm start` needs, run directly (not through Nx): the API and the libraries it
 * uses compiled by swc, file by file, without type checking (about 1 s for all of them, where
 * `tsc -b` took 8 s on an idle machine and 34 s on a loaded one: the type check is `npm test`'s
 * and `npm run typecheck`'s job, and a start need not wait for it), and `vite build` for the
 * dashboard, only when one of its sources is newer than its last build.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformFile, type Options } from '@swc/core';

export const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** What the server runs, each project's src/ compiled into its dist/ (as its tsconfig.lib/app.json would). */
const SERVER_PROJECTS = [
  { root: 'libs/stats', skip: [] },
  { root: 'libs/ingest', skip: [] },
  { root: 'data', skip: ['testing'] },
  { root: 'apps/api', skip: [] },
];

/** The settings the test suites compile with (jest.preset.js): decorators and their metadata for Nest. */
const SWC_OPTIONS: Options = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2023',
  },
  module: { type: 'es6' },
  sourceMaps: true,
};

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

/** The TypeScript sources of a project that are not tests (nor in the folders it leaves out). */
function sourcesOf(src: string, skip: readonly string[]): string[] {
  return readdirSync(src, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => !skip.some((folder) => relative(src, file).startsWith(`${folder}/`)));
}

export async function buildApi(): Promise<void> {
  const files = SERVER_PROJECTS.flatMap(({ root, skip }) => {
    const src = join(REPOSITORY_ROOT, root, 'src');
    return sourcesOf(src, skip).map((file) => ({
      file,
      out: join(REPOSITORY_ROOT, root, 'dist', relative(src, file)).replace(/\.ts$/, '.js'),
    }));
  });
  await Promise.all(
    files.map(async ({ file, out }) => {
      const { code, map } = await transformFile(file, {
        ...SWC_OPTIONS,
        sourceFileName: relative(dirname(out), file),
      });
      mkdirSync(dirname(out), { recursive: true });
      const name = `${out.slice(dirname(out).length + 1)}.map`;
      writeFileSync(out, `${code}\n//# sourceMappingURL=${name}\n`);
      if (map !== undefined) writeFileSync(`${out}.map`, map);
    }),
  );
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
