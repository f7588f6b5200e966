/**
 * `npm start`: build what is out of date, then start the server (apps/api/dist/main.js) in this
 * process. On a fresh clone the slow parts run side by side: the API compiled by swc (no type
 * check), the dashboard's Vite build, and the creation of a new embedded database (PostgreSQL's
 * initdb in WebAssembly, the longest step of a first start). Nx is not involved: its project
 * graph and cache restore cost more at start than these builds (BENCHMARKS.md, "Start-up").
 *
 * Runs as TypeScript under Node 24 (type stripping), so that it needs no build of its own.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApi, buildDashboardIfStale, REPOSITORY_ROOT } from './builds.ts';
import { createEmbeddedDatabase } from './new-embedded-database.ts';

async function main(): Promise<void> {
  const dataDir = resolve(process.env.THRESHOLD_DATA_DIR || '.data');
  const embedded = !process.env.DATABASE_URL;
  const newDatabase = embedded && !existsSync(join(dataDir, 'pgdata', 'PG_VERSION'));
  if (newDatabase) process.stdout.write('Building, and creating the embedded database (first start only)…\n');
  // How long each step took, for the server's log (apps/api/src/main.ts writes it there).
  const timed = async (step: string, work: Promise<unknown>): Promise<string> => {
    const started = performance.now();
    const done = await work;
    return done === false
      ? `${step} up to date`
      : `${step} ${((performance.now() - started) / 1000).toFixed(1)} s`;
  };
  process.setSourceMapsEnabled(true);
  const server = (path: string): string => pathToFileURL(join(REPOSITORY_ROOT, 'apps/api/dist', path)).href;
  const steps = await Promise.all([
    // Loading the server's modules (Nest, TypeORM, the API's own) takes seconds too: done here, as
    // soon as they are compiled, it overlaps the database's creation; main.js then finds them loaded.
    timed(
      'API compiled (swc) and loaded',
      buildApi().then(() => import(server('app.factory.js'))),
    ),
    timed('dashboard build', buildDashboardIfStale()),
    newDatabase ? timed('new embedded database', createEmbeddedDatabase(dataDir)) : null,
  ]);
  process.env.THRESHOLD_START_STEPS = `npm start, side by side: ${steps.filter((step) => step !== null).join(', ')}; all ${(performance.now() / 1000).toFixed(1)} s since the process started`;
  await import(server('main.js'));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `threshold: could not start: ${error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
