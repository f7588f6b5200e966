/**
 * `npm run make:embedded-template`: remakes apps/api/embedded-database/empty-pgdata.tar.gz, the
 * empty data directory that new embedded databases are unpacked from
 * (apps/api/src/database/embedded-template.ts). Run it after every upgrade of @electric-sql/pglite
 * and commit both files; embedded-template.spec.ts fails until then.
 */
import { writeFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import {
  installedPgliteVersion,
  TEMPLATE_ARCHIVE,
  TEMPLATE_DESCRIPTION,
  type TemplateDescription,
} from '../../apps/api/src/database/embedded-template.ts';

const db = await PGlite.create('memory://');
const version = (await db.query<{ version: string }>('SELECT version()')).rows[0].version;
const archive = await db.dumpDataDir('gzip');
await db.close();
writeFileSync(TEMPLATE_ARCHIVE, Buffer.from(await archive.arrayBuffer()));
const description: TemplateDescription = { pglite: installedPgliteVersion(), postgres: version };
writeFileSync(TEMPLATE_DESCRIPTION, `${JSON.stringify(description, null, 2)}\n`);
process.stdout.write(`made ${TEMPLATE_ARCHIVE} (PGlite ${description.pglite})\n`);
