/**
 * Streams readings to the caller as CSV or an Arrow IPC stream, page by page with back-pressure
 * (a slow client slows the reads, it never fills memory), and records the export in the audit
 * log once it has ended, with how many rows went out and whether the caller took them all.
 */
import type { Writable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service.js';
import { DataVersionRepository } from '../cohorts/data-version.repository.js';
import { ARROW_STREAM_CONTENT_TYPE, ArrowStreamFormat } from './arrow-format.js';
import { CSV_CONTENT_TYPE, csvHeader, csvLines } from './csv-format.js';
import type { ExportQuery } from './export-query.js';
import type { ExportRow } from './export-row.js';
import { ExportRepository, type ExportCursor } from './export.repository.js';

/** Readings per page (and per Arrow record batch). */
export const EXPORT_PAGE_SIZE = 10_000;

/** What an export writes to: the HTTP response. */
export interface ExportTarget extends Writable {
  setHeader(name: string, value: string): unknown;
}

interface Encoder {
  contentType: string;
  extension: string;
  start(): (string | Uint8Array)[];
  rows(rows: readonly ExportRow[]): (string | Uint8Array)[];
  end(): (string | Uint8Array)[];
}

function encoderFor(format: ExportQuery['format']): Encoder {
  if (format === 'csv') {
    return {
      contentType: CSV_CONTENT_TYPE,
      extension: 'csv',
      start: () => [csvHeader()],
      rows: (rows) => [csvLines(rows)],
      end: () => [],
    };
  }
  const arrow = new ArrowStreamFormat();
  return {
    contentType: ARROW_STREAM_CONTENT_TYPE,
    extension: 'arrows',
    start: () => [],
    rows: (rows) => arrow.batch(rows),
    end: () => arrow.finish(),
  };
}

@Injectable()
export class ExportService {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly repository: ExportRepository,
    private readonly dataVersion: DataVersionRepository,
    private readonly audit: AuditService,
  ) {}

  async stream(query: ExportQuery, target: ExportTarget, actor: string): Promise<void> {
    const started = performance.now();
    const version = await this.dataVersion.current();
    const encoder = encoderFor(query.format);
    target.setHeader('Content-Type', encoder.contentType);
    target.setHeader(
      'Content-Disposition',
      `attachment; filename="threshold-export-v${version}.${encoder.extension}"`,
    );
    target.setHeader('X-Data-Version', String(version));

    let rows = 0;
    let completed = false;
    let failure: string | null = null;
    try {
      await write(target, encoder.start());
      let after: ExportCursor | null = null;
      do {
        const page = await this.repository.page(query.filters, after, EXPORT_PAGE_SIZE);
        if (!(await write(target, encoder.rows(page.rows)))) break; // the caller went away
        rows += page.rows.length;
        after = page.next;
      } while (after !== null);
      if (after === null && (await write(target, encoder.end()))) completed = true;
    } catch (error) {
      failure = (error as Error).message;
      this.logger.error({ event: 'export failed', error: failure, rows });
      target.destroy(error as Error);
    } finally {
      if (!completed && failure === null && !target.destroyed) target.destroy();
      const detail = {
        format: query.format,
        filters: query.filters,
        rows,
        completed,
        dataVersion: version,
        ...(failure === null ? {} : { error: failure }),
      };
      // Recorded before the response ends: an export its caller has received whole is in the
      // audit log by then (ending first let a caller look before the record was written).
      try {
        await this.audit.record({ actor, action: 'export', target: `${rows} readings`, detail });
      } finally {
        if (completed) target.end();
      }
      this.logger.log({ event: 'export', actor, ...detail, ms: Math.round(performance.now() - started) });
    }
  }
}

/** Writes chunks, waiting for the target to drain; false when the target closed first. */
async function write(target: Writable, chunks: readonly (string | Uint8Array)[]): Promise<boolean> {
  for (const chunk of chunks) {
    if (target.destroyed || target.writableEnded) return false;
    if (!target.write(chunk) && !(await drained(target))) return false;
  }
  return !target.destroyed;
}

/** Resolves true on 'drain', false on 'close', leaving no listener behind. */
function drained(target: Writable): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (value: boolean) => () => {
      target.off('drain', onDrain);
      target.off('close', onClose);
      resolve(value);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    target.on('drain', onDrain);
    target.on('close', onClose);
  });
}
