/**
 * Reading an outcomes FILE for the commands that analyse one without a database (`report`,
 * `therapists`): the checks before a long read (the file exists and is a regular file of a known
 * format, --out's folder exists), the read through the same validation as every ingest door with a
 * progress bar, and the refusal of a file with any error, listing them (report-contract.md
 * section 4). Writing the JSON result to --out or standard output is here too.
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import {
  detectFormat,
  formatExtensionsText,
  formatIngestError,
  readOutcomes,
  unknownFormatMessage,
  type MeasurementRow,
} from '@threshold/ingest';
import { createProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

/** What to do about a file that cannot be opened, by its error code. */
function unreadable(file: string, error: unknown): UsageError {
  const code = (error as NodeJS.ErrnoException).code;
  const advice: Record<string, string> = {
    ENOENT: 'no such file: check the path',
    EACCES: 'permission denied: check that you may read it',
    EPERM: 'permission denied: check that you may read it',
    EISDIR: 'it is a folder: give the file inside it',
  };
  return new UsageError(
    `cannot read ${file}: ${(code !== undefined && advice[code]) || code || (error as Error).message}`,
  );
}

/** Fails early (before a long read) when --out cannot be written: its folder must exist. */
export async function checkOutputFolder(out: string): Promise<void> {
  const folder = dirname(out);
  let isFolder = false;
  try {
    isFolder = (await stat(folder)).isDirectory();
  } catch {
    isFolder = false;
  }
  if (!isFolder)
    throw new UsageError(
      `cannot write ${out}: the folder ${folder} does not exist; create it or choose another --out`,
    );
}

/**
 * Reads every row of `file` (CSV, JSON rows or Arrow, by its extension), calling `onRow` for each
 * valid row; throws UsageError when the file cannot be read or has any error (listing up to
 * `maxErrors` of them): nothing is analysed then. `out`, when given, is checked first.
 */
export async function readOutcomesFile(
  file: string,
  onRow: (row: MeasurementRow) => void,
  options: { maxErrors: number; out?: string },
): Promise<void> {
  const format = detectFormat(file);
  if (format === undefined) {
    throw new UsageError(unknownFormatMessage(file));
  }
  let size: number;
  try {
    const info = await stat(file);
    size = info.size;
    if (info.isDirectory()) throw unreadable(file, { code: 'EISDIR' });
    if (!info.isFile())
      throw new UsageError(
        `cannot read ${file}: not a regular file; give a file of outcomes (${formatExtensionsText()})`,
      );
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw unreadable(file, error);
  }
  if (options.out !== undefined) await checkOutputFolder(options.out);

  const progress = createProgressBar('reading', size);
  let result;
  try {
    result = await readOutcomes(createReadStream(file), format, {
      maxErrors: options.maxErrors,
      onProgress: (bytes) => progress.update(bytes),
      onBatch: (rows) => {
        for (const row of rows) onRow(row);
      },
    });
  } catch (error) {
    // An I/O error while reading (permissions, a file removed underneath, no room for the temporary
    // copy of an Arrow file): not a bug to debug, but say which file it was about.
    const ioError = error as NodeJS.ErrnoException;
    if (ioError.syscall === undefined) throw error;
    if (ioError.path === undefined || resolve(ioError.path) === resolve(file)) {
      throw unreadable(file, error);
    }
    throw new UsageError(`cannot read ${file}: ${ioError.message}`);
  } finally {
    progress.finish();
  }
  if (result.errorCount > 0) {
    const listed = result.errors.map((error) => `${file}: ${formatIngestError(error)}`);
    const rest = result.errorCount - result.errors.length;
    if (rest > 0) listed.push(`... and ${rest} more error${rest === 1 ? '' : 's'}`);
    throw new UsageError(
      `${file} has ${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; nothing was analysed`,
      listed,
    );
  }
}

/** Writes `value` as indented JSON to `out`, or to standard output without it. */
export async function writeJsonResult(value: unknown, out: string | undefined): Promise<void> {
  const json = `${JSON.stringify(value, null, 2)}\n`;
  if (out === undefined) {
    process.stdout.write(json);
    return;
  }
  try {
    await writeFile(out, json);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new UsageError(`cannot write ${out}: ${code}; check the path and that you may write there`);
  }
}
