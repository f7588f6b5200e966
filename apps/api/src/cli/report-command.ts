/**
 * `outcomes report FILE [--measure ppt] [--site all] [--by technique] [--ref NAME] [--mcid X] [--out OUT.json]`
 * (report-contract.md section 4): reads FILE through the same validation as every ingest door,
 * and writes report v1. Any error in the file refuses it whole: nothing is analysed.
 */
import { createReadStream } from 'node:fs';
import { stat, writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { detectFormat, formatIngestError, readOutcomes, type MeasurementRow } from '@threshold/ingest';
import {
  buildReport,
  CohortBuilder,
  findMeasure,
  MEASURES,
  summarizeCohort,
  UnknownReferenceGroupError,
  type OutcomesReport,
} from '@threshold/stats';
import { createProgressBar } from './progress-bar.js';
import { UsageError } from './usage-error.js';

/** The columns a report can be grouped by, and how to read each from a row. */
export const GROUPING_COLUMNS: Readonly<Record<string, (row: MeasurementRow) => string | null>> = {
  technique: (row) => row.technique,
  therapist_id: (row) => row.therapistId,
  clinic_id: (row) => row.clinicId,
  condition: (row) => row.condition,
};

export const REPORT_USAGE = `usage: outcomes report FILE [--measure ppt] [--site all] [--by technique] [--ref NAME] [--mcid X] [--out OUT.json]

  FILE         outcomes in the canonical long format: .csv, .json / .ndjson (JSON rows) or .arrow (Arrow IPC)
  --measure    measure code: ${Object.keys(MEASURES).join(', ')} (default ppt)
  --site       one body site, or all to average the sites of each session (default all)
  --by         grouping column: ${Object.keys(GROUPING_COLUMNS).join(', ')} (default technique)
  --ref        reference group (default: the first group in code-point order)
  --mcid       minimal clinically important difference in the measure's canonical unit (default from the measures table)
  --out        write the report here instead of standard output`;

export interface ReportRequest {
  file: string;
  measure: string;
  site: string;
  by: string;
  reference?: string;
  mcid?: number;
  out?: string;
}

/** Reads and checks the command's arguments; throws UsageError with what to do instead. */
export function parseReportArguments(args: readonly string[]): ReportRequest {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        measure: { type: 'string', default: 'ppt' },
        site: { type: 'string', default: 'all' },
        by: { type: 'string', default: 'technique' },
        ref: { type: 'string' },
        mcid: { type: 'string' },
        out: { type: 'string' },
      },
    });
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${REPORT_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new UsageError(`give exactly one FILE\n${REPORT_USAGE}`);
  if (findMeasure(values.measure) === undefined) {
    throw new UsageError(`unknown measure "${values.measure}": use one of ${Object.keys(MEASURES).join(', ')}`);
  }
  if (!Object.hasOwn(GROUPING_COLUMNS, values.by)) {
    throw new UsageError(`cannot group by "${values.by}": use one of ${Object.keys(GROUPING_COLUMNS).join(', ')}`);
  }
  let mcid: number | undefined;
  if (values.mcid !== undefined) {
    mcid = Number(values.mcid);
    if (values.mcid.trim() === '' || !Number.isFinite(mcid) || mcid < 0) {
      throw new UsageError(`--mcid must be a number >= 0, got "${values.mcid}"`);
    }
  }
  return {
    file: positionals[0],
    measure: values.measure,
    site: values.site,
    by: values.by,
    reference: values.ref,
    mcid,
    out: values.out,
  };
}

/** Computes the report for a file; throws UsageError listing the file's errors when it has any. */
export async function reportFromFile(request: ReportRequest, maxErrors = 100): Promise<OutcomesReport> {
  const measure = MEASURES[request.measure];
  const mcid = request.mcid ?? measure.defaultMcid;
  if (mcid === null) {
    throw new UsageError(`${measure.code} has no default MCID: give one with --mcid (in ${measure.canonicalUnit})`);
  }
  const format = detectFormat(request.file);
  if (format === undefined) {
    throw new UsageError(`cannot tell the format of ${request.file}: name it .csv, .json, .ndjson or .arrow`);
  }
  let size: number;
  try {
    const info = await stat(request.file);
    if (!info.isFile()) throw new UsageError(`${request.file} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`cannot read ${request.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }

  const groupOf = GROUPING_COLUMNS[request.by];
  const cohort = new CohortBuilder(request.site);
  const measuresSeen = new Set<string>();
  const progress = createProgressBar('reading', size);
  const result = await readOutcomes(createReadStream(request.file), format, {
    maxErrors,
    onProgress: (bytes) => progress.update(bytes),
    onBatch: (rows) => {
      for (const row of rows) {
        measuresSeen.add(row.measure);
        if (row.measure !== measure.code) continue;
        cohort.add({
          clientId: row.clientId,
          session: row.session,
          phase: row.phase,
          site: row.site,
          value: row.value,
          group: groupOf(row),
        });
      }
    },
  });
  progress.finish();
  if (result.errorCount > 0) {
    const listed = result.errors.map((error) => `${request.file}: ${formatIngestError(error)}`);
    const rest = result.errorCount - result.errors.length;
    if (rest > 0) listed.push(`... and ${rest} more error${rest === 1 ? '' : 's'}`);
    throw new UsageError(
      `${request.file} has ${result.errorCount} error${result.errorCount === 1 ? '' : 's'}; nothing was analysed`,
      listed,
    );
  }
  const built = cohort.build();
  if (built.clients.length === 0) {
    const seen = [...measuresSeen].sort().join(', ') || 'none';
    const where = request.site === 'all' ? '' : ` at site ${request.site}`;
    throw new UsageError(`${request.file} has no ${measure.code} measurements${where} (measures in the file: ${seen})`);
  }
  const inputs = summarizeCohort(built, { mcid, direction: measure.direction });
  try {
    return buildReport(inputs, { measure, site: request.site, by: request.by, mcid, reference: request.reference });
  } catch (error) {
    if (error instanceof UnknownReferenceGroupError) throw new UsageError(error.message);
    throw error;
  }
}

export async function runReportCommand(args: readonly string[]): Promise<void> {
  const request = parseReportArguments(args);
  const report = await reportFromFile(request);
  const json = `${JSON.stringify(report, null, 2)}\n`;
  if (request.out === undefined) process.stdout.write(json);
  else await writeFile(request.out, json);
}
