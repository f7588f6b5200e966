/**
 * The watch folder (THRESHOLD_INBOX): files dropped there are ingested by the same pipeline as
 * uploads, then moved to done/, or to failed/ with `<name>.errors.txt` beside them. Polled by
 * @nestjs/schedule; a file is claimed by renaming it into .processing/ first, so that a file is
 * ingested once even with several API processes on the same folder, and a file still being
 * written (modified in the last second, or named *.partial / *.tmp / .*) is left for the next poll.
 */
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { extname, basename, join } from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { formatIngestError } from '@threshold/ingest';
import { THRESHOLD_CONFIG, type ThresholdConfig } from '../../config/configuration.js';
import { IngestService, UnsupportedFormatError } from '../ingest.service.js';

const SETTLE_MS = 1000;
const INTERVAL_NAME = 'inbox';

export interface InboxOutcome {
  file: string;
  status: 'stored' | 'refused' | 'failed';
  movedTo: string;
}

@Injectable()
export class InboxWatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Inbox');
  private polling: Promise<InboxOutcome[]> | null = null;

  constructor(
    @Inject(THRESHOLD_CONFIG) private readonly config: ThresholdConfig,
    private readonly ingest: IngestService,
    private readonly scheduler: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const inbox = this.config.inbox;
    if (inbox === undefined || !this.config.runJobs) return;
    for (const folder of ['', 'done', 'failed', '.processing']) await mkdir(join(inbox, folder), { recursive: true });
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
    const outcomes: InboxOutcome[] = [];
    try {
      for (const name of (await readdir(inbox)).sort()) {
        if (!(await this.isReady(join(inbox, name), name))) continue;
        const claimed = join(inbox, '.processing', name);
        try {
          await rename(join(inbox, name), claimed);
        } catch {
          continue; // another process claimed it first
        }
        outcomes.push(await this.ingestFile(inbox, name, claimed));
      }
    } catch (error) {
      this.logger.error(`cannot read the inbox ${inbox}: ${(error as Error).message}`);
    }
    return outcomes;
  }

  private async isReady(path: string, name: string): Promise<boolean> {
    if (name.startsWith('.') || /\.(partial|tmp|errors\.txt)$/i.test(name)) return false;
    try {
      const info = await stat(path);
      return info.isFile() && Date.now() - info.mtimeMs >= SETTLE_MS;
    } catch {
      return false;
    }
  }

  private async ingestFile(inbox: string, name: string, claimed: string): Promise<InboxOutcome> {
    let status: InboxOutcome['status'];
    let report: string[] = [];
    try {
      const { batch, errors } = await this.ingest.ingest({
        source: 'inbox',
        filename: name,
        contentType: null,
        stream: createReadStream(claimed),
        bytesTotal: (await stat(claimed)).size,
        createdBy: 'inbox',
      });
      status = batch.status === 'stored' ? 'stored' : 'refused';
      if (status === 'refused') {
        report = [
          `${name}: refused as batch ${batch.id}; nothing was stored. ${batch.errorCount} error(s)${batch.errorCount > errors.length ? `, the first ${errors.length}` : ''}:`,
          ...errors.map((error) => formatIngestError(error)),
        ];
      }
    } catch (error) {
      status = 'failed';
      report = [
        error instanceof UnsupportedFormatError
          ? `${name}: ${error.message} (name the file .csv, .json, .ndjson or .arrow)`
          : `${name}: could not be ingested: ${(error as Error).message}`,
      ];
    }
    const folder = status === 'stored' ? 'done' : 'failed';
    const target = await freeName(join(inbox, folder), name);
    await rename(claimed, target);
    if (report.length > 0) await writeFile(`${target}.errors.txt`, `${report.join('\n')}\n`);
    this.logger.log(`${name}: ${status}, moved to ${folder}/`);
    return { file: name, status, movedTo: target };
  }
}

/** `name`, or `name` with a timestamp when done/ or failed/ already has a file of that name. */
async function freeName(folder: string, name: string): Promise<string> {
  const candidate = join(folder, name);
  try {
    await stat(candidate);
  } catch {
    return candidate;
  }
  const extension = extname(name);
  return join(folder, `${basename(name, extension)}.${new Date().toISOString().replace(/[:.]/g, '-')}${extension}`);
}
