// The worker of new-embedded-database.ts: PGlite creates the data directory (initdb) and closes it.
import { PGlite } from '@electric-sql/pglite';
import { workerData } from 'node:worker_threads';

const db = await PGlite.create(workerData.directory);
await db.close();
