/**
 * `outcomes report FILE [--measure ppt] [--site all] [--by technique] [--ref NAME] [--mcid X] [--out OUT.json]`
 * (report-contract.md section 4): reads FILE through the same validation as every ingest door,
 * and writes report v1. Any error in the file refuses it whole: nothing is analysed.
 */
import { formatExtensionsText, type MeasurementRow } from '@threshold/ingest';
import {
  buildReport,
  CohortBuilder,
  MEASURES,
  summarizeCohort,
  UnknownReferenceGroupError,
  type OutcomesReport,
} from '@threshold/stats';
import { readOutcomesFile, writeJsonResult } from './outcomes-file.js';
import {
  checkMeasureCode,
  checkMeasureSeen,
  checkNegativeMcid,
  checkOneFile,
  checkOutNotEmpty,
  checkSiteNotEmpty,
  noSiteError,
  parseMcid,
} from './command-checks.js';
import { parseCommandLine } from './parse-command-line.js';
import { UsageError } from './usage-error.js';

/** The columns a report can be grouped by, and how to read each from a row. */
export const GROUPING_COLUMNS: Readonly<Record<string, (row: MeasurementRow) => string | null>> = {
  technique: (row) => row.technique,
  therapist_id: (row) => row.therapistId,
  clinic_id: (row) => row.clinicId,
  condition: (row) => row.condition,
  // Every client in one group: the figure for the whole selection, all techniques together.
  all: () => 'all',
};

export const REPORT_USAGE = `usage: outcomes report FILE [--measure ppt] [--site all] [--by technique] [--ref NAME] [--mcid X] [--out OUT.json]

  FILE         outcomes in the canonical long format (${formatExtensionsText()})
  --measure    measure code: ${Object.keys(MEASURES).join(', ')} (default ppt)
  --site       one body site, or all to average the sites of each session (default all)
  --by         grouping column: ${Object.keys(GROUPING_COLUMNS).join(', ')} (default technique)
  --ref        reference group (default: the first group in code-point order)
  --mcid       minimal clinically important difference in the measure's canonical unit (default from the measures table)
  --out        write the report here instead of standard output
  --help       show this help`;

export interface ReportRequest {
  /** True for --help: print REPORT_USAGE and do nothing else. */
  help?: boolean;
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
  const parsed = parseCommandLine(
    args,
    {
      measure: { type: 'string', default: 'ppt' },
      site: { type: 'string', default: 'all' },
      by: { type: 'string', default: 'technique' },
      ref: { type: 'string' },
      mcid: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    REPORT_USAGE,
    () => checkNegativeMcid(args),
  );
  const { values, positionals } = parsed;
  if (values.help === true)
    return { help: true, file: '', measure: values.measure, site: values.site, by: values.by };
  checkOneFile(positionals, REPORT_USAGE);
  checkMeasureCode(values.measure);
  if (!Object.hasOwn(GROUPING_COLUMNS, values.by)) {
    throw new UsageError(
      `cannot group by "${values.by}": use one of ${Object.keys(GROUPING_COLUMNS).join(', ')}`,
    );
  }
  checkSiteNotEmpty(values.site);
  if (values.ref === '') throw new UsageError('--ref is empty: name the reference group, or leave --ref out');
  checkOutNotEmpty(values.out);
  return {
    file: positionals[0],
    measure: values.measure,
    site: values.site,
    by: values.by,
    reference: values.ref,
    mcid: values.mcid === undefined ? undefined : parseMcid(values.mcid),
    out: values.out,
  };
}

/** Computes the report for a file; throws UsageError listing the file's errors when it has any. */
export async function reportFromFile(request: ReportRequest, maxErrors = 100): Promise<OutcomesReport> {
  const measure = MEASURES[request.measure];
  const mcid = request.mcid ?? measure.defaultMcid;
  if (mcid === null) {
    throw new UsageError(
      `${measure.code} has no default MCID: give one with --mcid (in ${measure.canonicalUnit})`,
    );
  }
  const groupOf = GROUPING_COLUMNS[request.by];
  const cohort = new CohortBuilder(request.site);
  const measuresSeen = new Set<string>();
  const sitesSeen = new Set<string | null>();
  let grouped = false;
  await readOutcomesFile(
    request.file,
    (row) => {
      measuresSeen.add(row.measure);
      if (row.measure !== measure.code) return;
      sitesSeen.add(row.site);
      const group = groupOf(row);
      if (group !== null) grouped = true;
      cohort.add({
        clientId: row.clientId,
        session: row.session,
        phase: row.phase,
        site: row.site,
        value: row.value,
        group,
        sessionDate: row.sessionDate,
      });
    },
    { maxErrors, out: request.out },
  );
  checkMeasureSeen(request.file, measure.code, measuresSeen);
  const built = cohort.build();
  if (built.clients.length === 0) throw noSiteError(request.file, measure.code, request.site, sitesSeen);
  if (!grouped) {
    throw new UsageError(
      `no ${measure.code} row of ${request.file} has a ${request.by}: group by a column the file fills in (--by technique always works: an empty technique is "all")`,
    );
  }
  const inputs = summarizeCohort(built, { mcid, direction: measure.direction });
  try {
    return buildReport(inputs, {
      measure,
      site: request.site,
      by: request.by,
      mcid,
      reference: request.reference,
    });
  } catch (error) {
    if (error instanceof UnknownReferenceGroupError) {
      throw new UsageError(`${error.message}: name one of them with --ref, or leave --ref out for the first`);
    }
    throw error;
  }
}

/** Runs `outcomes report ...`: the report as JSON to --out or standard output, warnings to standard error. */
export async function runReportCommand(args: readonly string[]): Promise<void> {
  const request = parseReportArguments(args);
  if (request.help === true) {
    process.stdout.write(`${REPORT_USAGE}\n`);
    return;
  }
  const report = await reportFromFile(request);
  for (const warning of report.trajectory?.warnings ?? [])
    process.stderr.write(`outcomes: warning: trajectory: ${warning}\n`);
  await writeJsonResult(report, request.out);
}
