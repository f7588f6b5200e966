/**
 * `outcomes ingest [--mapping NAME|MAPPING.json [--clinic CLINIC]] FILE [FILE ...]`: stores files in the database (DATABASE_URL, or the embedded
 * one under THRESHOLD_DATA_DIR) through the same pipeline as POST /api/ingest and the watch folder.
 * Each file is stored whole or refused whole; exit 2 when any file is refused. Every file is
 * checked (a regular file that can be opened, of a format told by its name) before any is stored,
 * so that a mistake in the call stores nothing.
 */
import { constants } from 'node:fs';
import { access, mkdir, type FileHandle } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { ConsoleLogger, type INestApplicationContext, type LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { detectFormat, formatExtensionsText, formatIngestError, MappingError, parseMapping, unknownFormatMessage, type SpreadsheetMapping } from '@threshold/ingest';
import { AppModule } from '../app.module.js';
import { loadConfig, type ThresholdConfig } from '../config/configuration.js';
import { SchemaNewerThanCodeError } from '../database/schema-guard.js';
import { fileErrorReason, openRegularFile } from '../ingest/receive/regular-file.js';
import { IngestService, type IngestOutcome } from '../ingest/ingest.service.js';
import { SavedMappingMissing, SavedMappings } from '../ingest/mappings/saved-mappings.js';
import { parseCommandLine } from './parse-command-line.js';
import { createProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

export const INGEST_USAGE = `usage: outcomes ingest [--mapping NAME|MAPPING.json [--clinic CLINIC]] FILE [FILE ...]

  Stores each FILE in the database: DATABASE_URL if set, else the embedded database in
  THRESHOLD_DATA_DIR (default ./.data; stop the server using it first). Nothing is stored when a
  FILE is missing or of an unknown format. Formats by name: ${formatExtensionsText()}.
  --mapping: the FILEs (CSV or .xlsx) are in a clinic's own layout, read through this mapping of
  their columns to the contract's (docs/mappings.md): a file (ending .json, or a path), or the
  NAME of a mapping saved in the database (PUT /api/ingest/mappings/NAME?clinic=CLINIC).
  --clinic: the clinic whose saved mapping NAME is (needed only when several clinics have one of
  that name).`;

/** The FILE arguments and the mapping's file; UsageError for an unknown option or no FILE. Null for --help. */
export function parseIngestArguments(args: readonly string[]): { files: string[]; mapping: MappingArgument | undefined } | null {
  const parsed = parseCommandLine(args, { help: { type: 'boolean', short: 'h' }, mapping: { type: 'string' }, clinic: { type: 'string' } }, INGEST_USAGE);
  if (parsed.values.help === true) return null;
  if (parsed.positionals.length === 0) throw new UsageError(`give at least one FILE\n${INGEST_USAGE}`);
  const mapping = parsed.values.mapping as string | undefined;
  const clinic = parsed.values.clinic as string | undefined;
  if (mapping === undefined) {
    if (clinic !== undefined) throw new UsageError(`--clinic names the clinic of a saved mapping: give --mapping NAME with it\n${INGEST_USAGE}`);
    return { files: parsed.positionals, mapping: undefined };
  }
  if (isMappingFile(mapping)) {
    if (clinic !== undefined) throw new UsageError(`--clinic is for a saved mapping's NAME, not a mapping file (${mapping})`);
    return { files: parsed.positionals, mapping: { file: mapping } };
  }
  return { files: parsed.positionals, mapping: { name: mapping, clinic } };
}

/** --mapping: a file of JSON, or the name of a mapping saved in the database (and its clinic). */
export type MappingArgument = { file: string } | { name: string; clinic: string | undefined };

/** A file when it ends .json or names a folder; else a saved mapping's name (which has neither). */
function isMappingFile(argument: string): boolean {
  return /\.json$/i.test(argument) || /[\\/]/.test(argument);
}

export async function runIngestCommand(args: readonly string[]): Promise<number> {
  const parsed = parseIngestArguments(args);
  if (parsed === null) {
    process.stdout.write(`${INGEST_USAGE}\n`);
    return 0;
  }
  const { files } = parsed;
  const mappingFile = parsed.mapping !== undefined && 'file' in parsed.mapping ? await readMappingFile(parsed.mapping.file) : undefined;
  await checkFiles(files);
  const config: ThresholdConfig = {
    ...loadConfig(),
    inbox: undefined,
    runJobs: false,
    demo: false,
    demoOnNewEmbedded: false,
  };
  await checkDataFolder(config);
  const app = await startIngestContext(config);
  const ingest = app.get(IngestService);
  let refused = 0;
  try {
    const mapping = parsed.mapping !== undefined && 'name' in parsed.mapping ? await savedMapping(app.get(SavedMappings), parsed.mapping) : mappingFile;
    for (const file of files) {
      const outcome = await ingestFile(ingest, file, mapping);
      if (!reportOutcome(file, outcome)) refused++;
    }
  } finally {
    await app.close();
  }
  return refused > 0 ? 2 : 0;
}

/**
 * The application without its HTTP side, for the ingest pipeline. A database whose schema a newer
 * Threshold made is a mistake in how the command was run, said in one line (exit 2): not logged by
 * Nest with its stack and then aborted, which is what Nest does by default with any error at start.
 */
async function startIngestContext(config: ThresholdConfig): Promise<INestApplicationContext> {
  try {
    return await NestFactory.createApplicationContext(AppModule.forRoot(config), {
      logger: new CliStartLogger(['error', 'warn']),
      abortOnError: false,
    });
  } catch (error) {
    if (error instanceof SchemaNewerThanCodeError) throw new UsageError(error.message);
    throw error;
  }
}

/** Nest's logger, but for the refusal of a newer schema, which the command prints itself. */
class CliStartLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super();
    this.setLogLevels(levels);
  }

  override error(message: unknown, ...rest: unknown[]): void {
    if (message instanceof SchemaNewerThanCodeError) return;
    super.error(message, ...rest);
  }
}

/** Every file a regular file that can be opened, and of a known format: before any is stored. */
async function checkFiles(files: readonly string[]): Promise<void> {
  for (const file of files) {
    const handle = await openInput(file);
    await handle.close();
    if (detectFormat(file) === undefined) throw new UsageError(unknownFormatMessage(file));
  }
}

/** Opens FILE, or throws UsageError saying why it cannot be read (exit 2, no stack trace). */
async function openInput(file: string): Promise<FileHandle> {
  try {
    return await openRegularFile(file, { followLinks: true });
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${fileErrorReason(error)}`);
  }
}

/**
 * THRESHOLD_DATA_DIR must be a folder the command can write when it needs it: for the embedded
 * database, and for the secrets the environment does not give (the pseudonym key and admin token,
 * generated there at the first start; see config/secrets.ts). Checked before NestJS starts, whose
 * failure would be a stack trace.
 */
async function checkDataFolder(config: ThresholdConfig): Promise<void> {
  const secretsToRead = [
    ...(config.pseudonymKey === undefined ? ['pseudonym-key'] : []),
    ...(config.adminToken === undefined ? ['admin-token'] : []),
  ];
  if (config.databaseUrl !== undefined && secretsToRead.length === 0) return;
  const folder = config.dataDir;
  try {
    await mkdir(folder, { recursive: true, mode: 0o700 });
    const secretsPresent = await Promise.all(
      secretsToRead.map((name) =>
        access(join(folder, name), constants.R_OK).then(
          () => true,
          () => false,
        ),
      ),
    );
    const mustWrite = config.databaseUrl === undefined || secretsPresent.includes(false);
    await access(folder, mustWrite ? constants.R_OK | constants.W_OK | constants.X_OK : constants.X_OK);
  } catch (error) {
    throw new UsageError(
      `cannot use the data folder ${folder} (THRESHOLD_DATA_DIR): ${fileErrorReason(error)}; set THRESHOLD_DATA_DIR to a folder you may write`,
    );
  }
}

/** The mapping of --mapping FILE.json; UsageError naming what is wrong with it. */
async function readMappingFile(file: string): Promise<SpreadsheetMapping> {
  const handle = await openInput(file);
  let text: string;
  try {
    text = await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
  try {
    return parseMapping(JSON.parse(text));
  } catch (error) {
    if (error instanceof MappingError || error instanceof SyntaxError) throw new UsageError(`the mapping ${file} is not usable: ${error.message}`);
    throw error;
  }
}

/** The saved mapping --mapping NAME names, found before any file is stored; UsageError when there is none to use. */
async function savedMapping(mappings: SavedMappings, { name, clinic }: { name: string; clinic: string | undefined }): Promise<SpreadsheetMapping> {
  try {
    return await mappings.findSaved(clinic, name);
  } catch (error) {
    if (error instanceof SavedMappingMissing) throw new UsageError(`--mapping ${name}: ${error.message}; save it first (PUT /api/ingest/mappings/${name}?clinic=CLINIC), or give a mapping file ending .json`);
    throw error;
  }
}

async function ingestFile(ingest: IngestService, file: string, mapping: SpreadsheetMapping | undefined): Promise<IngestOutcome> {
  // Opened again (checkFiles closed it): a file gone or changed since is a message, not a crash.
  const handle = await openInput(file);
  try {
    const size = (await handle.stat()).size;
    const progress = createProgressBar(`storing ${file}`, size);
    try {
      return await ingest.ingest({
        source: 'cli',
        filename: file.split(/[\\/]/).pop() ?? file,
        contentType: null,
        stream: countBytes(handle.createReadStream({ autoClose: false }), (bytes) => progress.update(bytes)),
        bytesTotal: size,
        createdBy: `cli:${userInfo().username}`,
        mapping,
      });
    } finally {
      progress.finish();
    }
  } finally {
    await handle.close();
  }
}

/** Prints what became of the file; false when it was refused. */
function reportOutcome(file: string, { batch, errors }: IngestOutcome): boolean {
  if (batch.status === 'stored') {
    process.stdout.write(
      `${file}: stored as batch ${batch.id}: ${batch.inserted} readings inserted, ${batch.duplicates} already stored\n`,
    );
    return true;
  }
  process.stderr.write(`outcomes: ${file} refused as batch ${batch.id}: ${batch.message ?? ''}\n`);
  for (const error of errors) process.stderr.write(`  ${file}: ${formatIngestError(error)}\n`);
  const rest = batch.errorCount - errors.length;
  if (rest > 0) process.stderr.write(`  ... and ${rest} more error${rest === 1 ? '' : 's'}\n`);
  return false;
}

async function* countBytes(
  source: AsyncIterable<Uint8Array>,
  onBytes: (total: number) => void,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.length;
    onBytes(total);
    yield chunk;
  }
}
