#!/usr/bin/env node
/**
 * `npm run -s data -- <command> [options]`: writes a generated data set to a file or standard
 * output. See `--help` (cli/arguments.ts) for the commands and options.
 *
 * Exit codes: 0 done (or standard output closed early by its reader, as `| head` does),
 * 1 failure while writing, 2 bad command line.
 */
import { createWriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { parseCommandLine, USAGE, UsageError, type ParsedCommand } from './cli/arguments.js';
import { ProgressBar } from './cli/progress.js';
import { benchDataSet } from './bench.js';
import { writeDemo } from './demo.js';
import { practiceDataSet } from './practice.js';
import { trialDataSet } from './trial.js';
import type { GeneratedDataSet, MeasurementRow } from './rows.js';
import { writeRows, type OutputFormat } from './writers/index.js';

/** Rows of a data set, ticking the progress bar after each client. */
function* rowsWithProgress(
  dataSet: GeneratedDataSet,
  progress: ProgressBar,
  counter: { rows: number },
): Generator<MeasurementRow> {
  for (const clientRows of dataSet.clients()) {
    counter.rows += clientRows.length;
    yield* clientRows;
    progress.tick();
  }
}

/** True when `path` does not exist yet or is a regular file (so writing beside it and renaming works). */
async function isPlainFileTarget(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return true;
  }
}

async function writeDataSet(
  dataSet: GeneratedDataSet,
  format: OutputFormat,
  outPath: string | undefined,
): Promise<void> {
  if (outPath === undefined && format === 'arrow' && process.stdout.isTTY) {
    throw new UsageError(
      'refusing to write binary Arrow to a terminal; add --out FILE or redirect standard output',
    );
  }
  const progress = new ProgressBar(dataSet.name, dataSet.clientCount);
  const counter = { rows: 0 };
  const rows = rowsWithProgress(dataSet, progress, counter);

  if (outPath === undefined) {
    await writeRows(format, rows, dataSet.columns, process.stdout);
  } else {
    await requireFolderOf(outPath);
    // Write beside the target and rename at the end, so an interrupted run leaves no half file.
    const viaPartial = await isPlainFileTarget(outPath);
    const writePath = viaPartial ? `${outPath}.partial` : outPath;
    const out: Writable = createWriteStream(writePath, { highWaterMark: 1 << 20 });
    try {
      await writeRows(format, rows, dataSet.columns, out);
      out.end();
      await finished(out);
      if (viaPartial) await rename(writePath, outPath);
    } catch (error) {
      out.destroy();
      if (viaPartial) await rm(writePath, { force: true });
      throw error;
    }
  }
  progress.finish(
    `${dataSet.name}: ${dataSet.clientCount.toLocaleString('en-GB')} clients, ${counter.rows.toLocaleString('en-GB')} rows`,
  );
}

/** A missing folder is the user's to create (as with cp): say so, rather than ENOENT of a .partial file. */
async function requireFolderOf(outPath: string): Promise<void> {
  const folder = dirname(resolve(outPath));
  const isFolder = await stat(folder).then(
    (entry) => entry.isDirectory(),
    () => false,
  );
  if (!isFolder)
    throw new UsageError(`--out ${outPath}: the folder ${folder} does not exist; create it first`);
}

/** The data/demo folder of this package, found from the built script (data/dist/cli.js). */
function defaultDemoDirectory(): string {
  return fileURLToPath(new URL('../demo/', import.meta.url));
}

async function run(parsed: ParsedCommand): Promise<void> {
  switch (parsed.command) {
    case 'help':
      process.stdout.write(USAGE);
      return;
    case 'trial':
      return writeDataSet(
        trialDataSet({ seed: parsed.seed, perArm: parsed.perArm, unit: parsed.unit }),
        parsed.format,
        parsed.out,
      );
    case 'practice':
      return writeDataSet(
        practiceDataSet({
          seed: parsed.seed,
          clients: parsed.clients,
          clinics: parsed.clinics,
          therapists: parsed.therapists,
        }),
        parsed.format,
        parsed.out,
      );
    case 'bench':
      return writeDataSet(
        benchDataSet({ seed: parsed.seed, clients: parsed.clients, sessions: parsed.sessions }),
        parsed.format,
        parsed.out,
      );
    case 'demo': {
      const paths = await writeDemo(parsed.outDir ?? defaultDemoDirectory(), {
        seed: parsed.seed,
        practiceClients: parsed.clients,
      });
      process.stderr.write(`wrote ${paths.join(' and ')}\n`);
      return;
    }
  }
}

function isBrokenPipe(error: unknown): boolean {
  return error instanceof Error && 'code' in error && error.code === 'EPIPE';
}

async function main(argv: readonly string[]): Promise<number> {
  // A reader that stops early (`| head`) closes the pipe: that is not a failure of ours.
  process.stdout.on('error', (error) => {
    if (isBrokenPipe(error)) process.exit(0);
    throw error;
  });
  let parsed: ParsedCommand;
  try {
    parsed = parseCommandLine(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(
      `data: ${error.message}\nRun 'npm run -s data -- --help' for the commands and options.\n`,
    );
    return 2;
  }
  try {
    await run(parsed);
    return 0;
  } catch (error) {
    if (isBrokenPipe(error)) return 0;
    if (error instanceof UsageError) {
      process.stderr.write(`data: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`data: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
