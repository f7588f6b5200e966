/**
 * The watch folder (THRESHOLD_INBOX): files dropped there are ingested by the same pipeline as
 * uploads, then moved to done/, or to failed/ with `<name>.errors.txt` beside them. Polled by
 * @nestjs/schedule; a file is claimed by renaming it into .processing/ first, so that a file is
 * ingested once even with several API processes on the same folder.
 *
 * A file is taken only when it is finished: its size and modification time are the same as at the
 * previous pass and at least a second old. Names of files being written are never taken:
 * `*.partial`, `*.tmp` and names starting with `.`; a writer should write under such a name, then
 * rename the file (a rename is atomic) to its real name.
 *
 * Only regular files are read. A symbolic link (it could point anywhere the server may read),
 * FIFO, socket or device is moved to failed/ with a report saying why, unread; a folder is left
 * where it is, and logged once.
 *
 * Spreadsheets in a clinic's own layout go in `mapped/<clinic>/<mapping>/` (the clinic id as the
 * clinic knows it, and the name of a mapping saved for it: PUT /api/ingest/mappings/<mapping>?clinic=
 * <clinic>): each such folder is watched as the inbox is, with its own done/, failed/ and
 * .processing/, and its files are read through that mapping, looked up when each file is taken
 * (a file whose mapping is not saved goes to failed/ with a report saying so).
 *
 * A file left in .processing/ by a process that stopped (killed, crashed) is moved to failed/ with
 * a report once no live process can be working on it, or to done/ when its bytes were stored
 * before the process stopped (see recoverInterrupted).
 */
import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { lstat, mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { formatIngestError, unknownFormatMessage, type SpreadsheetMapping } from '@threshold/ingest';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../../config/configuration.js';
import { IngestRepository } from '../ingest.repository.js';
import { IngestService } from '../ingest.service.js';
import { SavedMappingMissing, SavedMappings } from '../mappings/saved-mappings.js';
import { fileErrorReason, kindOfEntry, openRegularFile } from '../receive/regular-file.js';
import { UnsupportedFormatError } from '../receive/request-format.js';
import { withSuffix, withTag } from './file-names.js';

/** A file modified more recently than this may still be being written. */
const SETTLE_MS = 1000;
const INTERVAL_NAME = 'inbox';
const PROCESSING = '.processing';
const SUBFOLDERS = ['done', 'failed', PROCESSING] as const;
/** The inbox's folder of clinics' mapped layouts: mapped/<clinic>/<mapping>/. */
export const MAPPED = 'mapped';
/** Names of files still being written, and the reports this watcher writes: never taken. */
const NOT_TAKEN = /^\.|\.(partial|tmp|errors\.txt)$/i;

export const INTERRUPTED_REPORT =
  'interrupted: the server stopped while it was being stored; nothing of it was stored; put it in the inbox again';

/** The saved mapping a folder of mapped/ names. */
interface FolderMapping {
  clinic: string;
  name: string;
}

export interface InboxOutcome {
  file: string;
  /** `<clinic>/<mapping>` for a file of mapped/. */
  mapping?: string;
  status: 'stored' | 'refused' | 'failed';
  movedTo: string;
}

/** What a pass saw of a file: it is taken when the next pass sees the same. */
interface Sighting {
  size: number;
  mtimeMs: number;
  ino: number;
}

@Injectable()
export class InboxWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Inbox');
  private polling: Promise<InboxOutcome[]> | null = null;
  /** The files of the inbox (and of mapped/'s folders) as the previous pass saw them, by path. */
  private sightings = new Map<string, Sighting>();
  /** Paths in a .processing/ this process is working on: never recovered as interrupted. */
  private readonly loading = new Set<string>();
  /** Folders in the inbox already logged (by path): logged once, not at every pass. */
  private loggedFolders = new Set<string>();
  /** The last problem with the inbox folder itself, so that it is logged when it changes, not every pass. */
  private folderProblem: string | null = null;

  constructor(
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    private readonly ingest: IngestService,
    private readonly scheduler: SchedulerRegistry,
    private readonly batches: IngestRepository,
    private readonly mappings: SavedMappings,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inbox = this.config.inbox;
    if (inbox === undefined || !this.config.runJobs) return;
    await createFolders(inbox);
    const timer = setInterval(() => void this.poll(), this.config.inboxPollMs);
    this.scheduler.addInterval(INTERVAL_NAME, timer);
    this.logger.log(`watching ${inbox} every ${this.config.inboxPollMs} ms`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.scheduler.doesExist('interval', INTERVAL_NAME)) this.scheduler.deleteInterval(INTERVAL_NAME);
    await this.polling;
  }

  /** One pass over the folder; a pass still running is joined, never doubled. */
  poll(): Promise<InboxOutcome[]> {
    this.polling ??= this.pass().finally(() => {
      this.polling = null;
    });
    return this.polling;
  }

  private async pass(): Promise<InboxOutcome[]> {
    const inbox = this.config.inbox;
    if (inbox === undefined) return [];
    const outcomes = await this.passOver(inbox, undefined);
    for (const { folder, mapping } of await mappedFolders(inbox)) outcomes.push(...(await this.passOver(folder, mapping)));
    return outcomes;
  }

  /** One pass over the inbox, or over a folder of mapped/ (its files read through its mapping). */
  private async passOver(inbox: string, mapping: FolderMapping | undefined): Promise<InboxOutcome[]> {
    const names = await this.listInbox(inbox);
    if (names === null) return [];
    await this.recoverInterrupted(inbox);
    this.forgetAllBut(inbox, names);
    const outcomes: InboxOutcome[] = [];
    for (const name of names) {
      if (mapping === undefined && name === MAPPED) continue;
      // One file's failure (a name too long, a full disk) is logged, and the pass goes on.
      try {
        const outcome = await this.consider(inbox, name, mapping);
        if (outcome !== null) outcomes.push(outcome);
      } catch (error) {
        this.logger.error(
          `${name}: could not be handled, left for the next pass: ${(error as Error).message}`,
        );
      }
    }
    return outcomes;
  }

  /**
   * The inbox's names, sorted; null (logged) when the folder cannot be used. Its subfolders are
   * made at every pass: the inbox may have been deleted and made again while the server runs.
   */
  private async listInbox(inbox: string): Promise<string[] | null> {
    try {
      await createFolders(inbox);
      const names = (await readdir(inbox)).sort();
      this.folderProblem = null;
      return names;
    } catch (error) {
      const problem = `cannot use the inbox ${inbox}: ${(error as Error).message}`;
      if (problem !== this.folderProblem) this.logger.error(problem);
      this.folderProblem = problem;
      return null;
    }
  }

  /** Forgets what was seen of the folder's files no longer in it. */
  private forgetAllBut(folder: string, names: readonly string[]): void {
    const present = new Set(names.map((name) => join(folder, name)));
    const kept = (path: string): boolean => dirname(path) !== folder || present.has(path);
    this.sightings = new Map([...this.sightings].filter(([path]) => kept(path)));
    this.loggedFolders = new Set([...this.loggedFolders].filter(kept));
  }

  /** Takes the file `name` if it is ready, or moves it to failed/ if it is not a file to read. */
  private async consider(inbox: string, name: string, mapping: FolderMapping | undefined): Promise<InboxOutcome | null> {
    if (NOT_TAKEN.test(name) || (SUBFOLDERS as readonly string[]).includes(name)) return null;
    const path = join(inbox, name);
    const info = await lstatIfPresent(path);
    if (info === null) return null;
    if (info.isDirectory()) {
      this.logFolderOnce(path, name);
      return null;
    }
    if (!info.isFile()) return this.refuseUnread(inbox, name, kindOfEntry(info));
    if (!this.hasSettled(path, info)) return null;
    this.sightings.delete(path);
    const claimed = join(inbox, PROCESSING, name);
    try {
      await rename(join(inbox, name), claimed);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // another process claimed it first
      throw error;
    }
    this.loading.add(claimed);
    try {
      return await this.ingestClaimed(inbox, name, claimed, mapping);
    } finally {
      this.loading.delete(claimed);
    }
  }

  /** True when the file is as the previous pass saw it, and old enough: its writer is done. */
  private hasSettled(path: string, info: Stats): boolean {
    const previous = this.sightings.get(path);
    this.sightings.set(path, { size: info.size, mtimeMs: info.mtimeMs, ino: info.ino });
    return (
      previous !== undefined &&
      previous.size === info.size &&
      previous.mtimeMs === info.mtimeMs &&
      previous.ino === info.ino &&
      Date.now() - info.mtimeMs >= SETTLE_MS
    );
  }

  private logFolderOnce(path: string, name: string): void {
    if (this.loggedFolders.has(path)) return;
    this.loggedFolders.add(path);
    this.logger.warn(
      `${name}/: a folder, left where it is: only files are read; put the files themselves in the inbox`,
    );
  }

  /** A link, FIFO, socket or device: moved to failed/ with a report, never opened. */
  private async refuseUnread(inbox: string, name: string, kind: string): Promise<InboxOutcome | null> {
    const target = await freeName(join(inbox, 'failed'), name);
    try {
      await rename(join(inbox, name), target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null; // another process moved it
      throw error;
    }
    await this.writeReport(target, [
      `${name}: not read: it is ${kind}, not a regular file; put the file itself in the inbox`,
    ]);
    this.logger.warn(`${name}: ${kind}, not read, moved to failed/`);
    return { file: name, status: 'failed', movedTo: target };
  }

  private async ingestClaimed(inbox: string, name: string, claimed: string, mapping: FolderMapping | undefined): Promise<InboxOutcome> {
    const { status, report } = await this.ingestFile(name, claimed, mapping);
    const folder = status === 'stored' ? 'done' : 'failed';
    const target = await freeName(join(inbox, folder), name);
    await rename(claimed, target);
    if (report.length > 0) await this.writeReport(target, report);
    const through = mapping === undefined ? '' : ` (mapping ${mapping.name} of clinic ${mapping.clinic})`;
    this.logger.log(`${name}${through}: ${status}, moved to ${folder}/`);
    return { file: name, ...(mapping === undefined ? {} : { mapping: `${mapping.clinic}/${mapping.name}` }), status, movedTo: target };
  }

  /** Ingests the claimed file; what became of it and, unless stored, the report to write beside it. */
  private async ingestFile(
    name: string,
    claimed: string,
    folderMapping: FolderMapping | undefined,
  ): Promise<{ status: InboxOutcome['status']; report: string[] }> {
    let mapping: SpreadsheetMapping | undefined;
    try {
      mapping = folderMapping === undefined ? undefined : await this.mappings.findSaved(folderMapping.clinic, folderMapping.name);
    } catch (error) {
      if (!(error instanceof SavedMappingMissing)) throw error;
      return {
        status: 'failed',
        report: [`${name}: not read: ${error.message} (the folder ${MAPPED}/${folderMapping!.clinic}/${folderMapping!.name}/ names it); save the mapping for the clinic, then put the file in the folder again; nothing was stored`],
      };
    }
    let handle;
    try {
      // No link is followed, even one swapped in since the check: the watcher reads only files put here.
      handle = await openRegularFile(claimed, { followLinks: false });
    } catch (error) {
      return {
        status: 'failed',
        report: [`${name}: could not be opened: ${fileErrorReason(error)}; nothing was stored`],
      };
    }
    try {
      const { batch, errors } = await this.ingest.ingest({
        source: 'inbox',
        filename: name,
        contentType: null,
        stream: handle.createReadStream({ autoClose: false }),
        bytesTotal: (await handle.stat()).size,
        createdBy: 'inbox',
        mapping,
      });
      if (batch.status === 'stored') return { status: 'stored', report: [] };
      const listed = batch.errorCount > errors.length ? `, the first ${errors.length}` : '';
      return {
        status: 'refused',
        report: [
          `${name}: refused as batch ${batch.id}; nothing was stored. ${batch.errorCount} error(s)${listed}:`,
          ...errors.map((error) => formatIngestError(error)),
        ],
      };
    } catch (error) {
      const message =
        error instanceof UnsupportedFormatError
          ? unknownFormatMessage(name)
          : `could not be ingested: ${(error as Error).message}`;
      return { status: 'failed', report: [`${name}: ${message}`] };
    } finally {
      await handle.close();
    }
  }

  /** Writes `<file>.errors.txt` (shortened to fit); a failure is logged: the file is already filed. */
  private async writeReport(file: string, lines: readonly string[]): Promise<void> {
    const report = join(dirname(file), withSuffix(basename(file), '.errors.txt'));
    try {
      await writeFile(report, `${lines.join('\n')}\n`);
    } catch (error) {
      this.logger.error(
        `${basename(file)}: its report could not be written to ${report}: ${(error as Error).message}`,
      );
    }
  }

  /**
   * Files in .processing/ that no live process is working on: their process stopped (killed,
   * crashed). Several processes may share the inbox, so a file is left while this process loads
   * it, while it was claimed (renamed in: its ctime) less than THRESHOLD_INGEST_STALE_SECONDS ago,
   * or while a batch of its name beats its heartbeat. Then it goes to failed/ with a report when
   * its process stopped while storing it (its batch is failed by
   * IngestService.failInterruptedBatches), or to done/ when its process died between its batch's
   * commit and the move: a stored batch has the checksum of the same bytes.
   */
  private async recoverInterrupted(inbox: string): Promise<void> {
    const processing = join(inbox, PROCESSING);
    for (const name of await readdir(processing).catch(() => [])) {
      if (this.loading.has(join(processing, name))) continue;
      try {
        const path = join(processing, name);
        if (!(await this.isAbandoned(path, name))) continue;
        const storedBatch = await this.storedBatchOf(path);
        if (storedBatch === null) await this.fileInterrupted(inbox, name);
        else await this.fileStoredBeforeStop(inbox, name, storedBatch);
      } catch (error) {
        this.logger.error(`${PROCESSING}/${name}: could not be recovered: ${(error as Error).message}`);
      }
    }
  }

  private async isAbandoned(path: string, name: string): Promise<boolean> {
    const info = await lstatIfPresent(path);
    if (info === null) return false;
    if (Date.now() - info.ctimeMs < this.config.ingestStaleSeconds * 1000) return false;
    return !(await this.batches.hasLiveInboxBatch(name, this.config.ingestStaleSeconds));
  }

  /**
   * The stored batch of the file's bytes (by their checksum), or null. Only a regular file is read
   * (never through a link put in .processing/ by hand): anything else was never claimed, so never
   * stored.
   */
  private async storedBatchOf(path: string): Promise<string | null> {
    let handle;
    try {
      handle = await openRegularFile(path, { followLinks: false });
    } catch {
      return null;
    }
    try {
      const hash = createHash('sha256');
      for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
      return await this.batches.findStoredByChecksum(hash.digest('hex'));
    } finally {
      await handle.close();
    }
  }

  private async fileInterrupted(inbox: string, name: string): Promise<void> {
    const target = await this.moveOutOfProcessing(inbox, name, 'failed');
    if (target === null) return;
    await this.writeReport(target, [`${name}: ${INTERRUPTED_REPORT}`]);
    this.logger.warn(`${name}: interrupted while it was being stored, moved from ${PROCESSING}/ to failed/`);
  }

  private async fileStoredBeforeStop(inbox: string, name: string, batchId: string): Promise<void> {
    if ((await this.moveOutOfProcessing(inbox, name, 'done')) === null) return;
    this.logger.warn(
      `${name}: stored (batch ${batchId}) before the server stopped, moved from ${PROCESSING}/ to done/`,
    );
  }

  /** Where the file went, or null when another process recovered it first. */
  private async moveOutOfProcessing(
    inbox: string,
    name: string,
    folder: 'done' | 'failed',
  ): Promise<string | null> {
    const target = await freeName(join(inbox, folder), name);
    try {
      await rename(join(inbox, PROCESSING, name), target);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }
}

/** The folders mapped/<clinic>/<mapping>/ of the inbox, with the mapping each names (none when mapped/ is missing). */
async function mappedFolders(inbox: string): Promise<{ folder: string; mapping: FolderMapping }[]> {
  const folders: { folder: string; mapping: FolderMapping }[] = [];
  const subfolders = async (path: string): Promise<string[]> => {
    const entries = await readdir(path, { withFileTypes: true }).catch(() => []);
    return entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name).sort();
  };
  for (const clinic of await subfolders(join(inbox, MAPPED))) {
    for (const name of await subfolders(join(inbox, MAPPED, clinic))) folders.push({ folder: join(inbox, MAPPED, clinic, name), mapping: { clinic, name } });
  }
  return folders;
}

/** The inbox and its subfolders, made if missing. */
async function createFolders(inbox: string): Promise<void> {
  for (const folder of ['', ...SUBFOLDERS]) await mkdir(join(inbox, folder), { recursive: true });
}

/** The entry itself (a link is not followed), or null when it is gone. */
async function lstatIfPresent(path: string): Promise<Stats | null> {
  try {
    return await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** `name`, or `name` with a timestamp when done/ or failed/ already has an entry of that name. */
async function freeName(folder: string, name: string): Promise<string> {
  const candidate = join(folder, name);
  if ((await lstatIfPresent(candidate)) === null) return candidate;
  return join(folder, withTag(name, new Date().toISOString().replace(/[:.]/g, '-')));
}
