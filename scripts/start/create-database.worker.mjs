// The worker of new-embedded-database.ts: PGlite creates the data directory (from the template
// when it fits this PGlite, else by initdb: apps/api/src/database/embedded-template.ts) and closes it.
import { PGlite } from '@electric-sql/pglite';
import { workerData } from 'node:worker_threads';
import { newDataDirectoryOptions } from '../../apps/api/src/database/embedded-template.ts';

const db = await PGlite.create(workerData.directory, newDataDirectoryOptions(workerData.directory));
await db.close();
