/**
 * A new embedded database is unpacked from a template instead of being made by initdb.
 *
 * PGlite makes a new data directory by running PostgreSQL's initdb in WebAssembly: 10 to 35 s on
 * two shared cores, most of a first `npm start` and of every embedded test's set-up. Unpacking a
 * data directory that initdb made once takes 2 to 8 s. The template
 * (apps/api/embedded-database/empty-pgdata.tar.gz, PGlite's own `dumpDataDir` format) holds an
 * empty cluster, no schema and no data: the migrations and the demo data still run at first start.
 *
 * A template only fits the PGlite that made it (the catalog version changes between PostgreSQL
 * releases), so template.json records that PGlite's version; with any other version this module
 * offers no template, initdb runs as before, and embedded-template.spec.ts fails until the
 * template is remade (`npm run make:embedded-template`).
 *
 * Every database made from the template shares its system identifier: harmless here (it matters
 * to physical replication, which PGlite does not do).
 *
 * Erasable TypeScript only: scripts/start runs this file directly under Node 24's type stripping.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder of the template: apps/api/embedded-database, two levels above src/database and dist/database. */
export const TEMPLATE_FOLDER = fileURLToPath(new URL('../../embedded-database/', import.meta.url));
export const TEMPLATE_ARCHIVE = join(TEMPLATE_FOLDER, 'empty-pgdata.tar.gz');
export const TEMPLATE_DESCRIPTION = join(TEMPLATE_FOLDER, 'template.json');

export interface TemplateDescription {
  /** The version of @electric-sql/pglite that made the template. */
  pglite: string;
  /** What `SELECT version()` answered in it. */
  postgres: string;
}

/** The installed @electric-sql/pglite's version (its package.json is not exported: found beside its entry point). */
export function installedPgliteVersion(): string {
  const require = createRequire(import.meta.url);
  let folder = dirname(require.resolve('@electric-sql/pglite'));
  while (!existsSync(join(folder, 'package.json'))) {
    const parent = dirname(folder);
    if (parent === folder) throw new Error('cannot find the package.json of @electric-sql/pglite');
    folder = parent;
  }
  return (JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { version: string }).version;
}

export function readTemplateDescription(): TemplateDescription | undefined {
  if (!existsSync(TEMPLATE_DESCRIPTION) || !existsSync(TEMPLATE_ARCHIVE)) return undefined;
  return JSON.parse(readFileSync(TEMPLATE_DESCRIPTION, 'utf8')) as TemplateDescription;
}

/**
 * The options for PGlite.create that make a new data directory from the template, or none (initdb
 * runs) when the directory already holds a database or the template does not fit this PGlite.
 */
export function newDataDirectoryOptions(directory: string): { loadDataDir?: Blob } {
  if (existsSync(join(directory, 'PG_VERSION'))) return {};
  const template = readTemplateDescription();
  if (template === undefined || template.pglite !== installedPgliteVersion()) return {};
  return { loadDataDir: new Blob([readFileSync(TEMPLATE_ARCHIVE)]) };
}
