/**
 * The floor every HTTP ingest is compared with: `psql`'s `\copy` of a file into a bare table of its
 * columns (no validation, no key, no index), on a scratch database of the same server, timed by
 * the wall clock of the `psql` process.
 */
import { open } from 'node:fs/promises';
import { createScratchDatabase, psqlOrThrow } from './postgres.js';

export interface BareCopy {
  seconds: number;
  rows: number;
  /** The command, by hand, with the file as `shownFile`. */
  command: string;
}

async function headerLine(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8');
    return text.slice(0, text.indexOf('\n')).trim();
  } finally {
    await handle.close();
  }
}

/** The column types of the bare table: what PostgreSQL would need to hold the file's values. */
function bareColumnType(column: string): string {
  if (column === 'session' || column === 'trial') return 'integer';
  if (column === 'value') return 'double precision';
  if (column === 'session_date') return 'date';
  return 'text';
}

/**
 * `\copy` of `file` (CSV with a header) into a new bare table of a new scratch database, dropped
 * at the end; `track` receives the drop at once, so that an interrupted bench drops it too.
 */
export async function copyIntoBareTable(
  serverUrl: string,
  file: string,
  shownFile: string,
  track: (release: () => Promise<void>) => void,
): Promise<BareCopy> {
  const columns = (await headerLine(file)).split(',');
  const database = await createScratchDatabase(serverUrl, 'copy');
  track(() => database.drop());
  try {
    await psqlOrThrow(database.url, `CREATE TABLE bare (${columns.map((c) => `${c} ${bareColumnType(c)}`).join(', ')})`);
    const copied = await psqlOrThrow(database.url, `\\copy bare(${columns.join(',')}) from '${file}' csv header`);
    const { stdout: count } = await psqlOrThrow(database.url, 'SELECT count(*) FROM bare');
    return {
      seconds: copied.wallSeconds,
      rows: Number(count),
      command: `psql -h HOST -U postgres <scratch db> -c "\\copy bare(${columns.join(',')}) from '${shownFile}' csv header"`,
    };
  } finally {
    await database.drop();
  }
}
