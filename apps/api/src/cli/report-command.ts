/**
 * `outcomes report FILE [--measure ppt] [--site all] [--by technique] [--ref NAME] [--mcid X] [--out OUT.json]`
 * (report-contract.md section 4): reads FILE through the same validation as every ingest door,
 * and writes report v1. Any error in the file refuses it whole: nothing is analysed.
 */
import { formatExtensionsText, type MeasurementRow } from '@threshold/ingest';
import {
  buildReport,
  CohortBuilder,
  findMeasure,
  MEASURES,
  summarizeCohort,
  UnknownReferenceGroupError,
  type OutcomesReport,
} from '@threshold/stats';
import { readOutcomesFile, writeJsonResult } from './outcomes-file.js';
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

/** A plain decimal number, as a person types it: 20.6, 0.5, .5, 1e-3; not 0x10, 1_000 or Infinity. */
const DECIMAL = /^\+?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export function parseMcid(text: string): number {
  const mcid = DECIMAL.test(text) ? Number(text) : Number.NaN;
  if (!Number.isFinite(mcid)) {
    throw new UsageError(
      `--mcid must be a plain decimal number >= 0 in the measure's canonical unit (e.g. --mcid 20.6 for ppt in kPa), got "${text}"`,
    );
  }
  return mcid;
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
    () => {
      // `--mcid -1`: parseArgs takes -1 for an option and refuses it as ambiguous; say what is wrong.
      const mcidAt = args.indexOf('--mcid');
      if (mcidAt >= 0 && /^-\d|^-\.\d/.test(args[mcidAt + 1] ?? '')) parseMcid(args[mcidAt + 1]);
    },
  );
  const { values, positionals } = parsed;
  if (values.help === true)
    return { help: true, file: '', measure: values.measure, site: values.site, by: values.by };
  if (positionals.length !== 1) {
    throw new UsageError(`give exactly one FILE (got ${positionals.length})\n${REPORT_USAGE}`);
  }
  if (findMeasure(values.measure) === undefined) {
    throw new UsageError(
      `unknown measure "${values.measure}": use one of ${Object.keys(MEASURES).join(', ')}`,
    );
  }
  if (!Object.hasOwn(GROUPING_COLUMNS, values.by)) {
    throw new UsageError(
      `cannot group by "${values.by}": use one of ${Object.keys(GROUPING_COLUMNS).join(', ')}`,
    );
  }
  if (values.site === '') throw new UsageError('--site is empty: name one body site, or use --site all');
  if (values.ref === '') throw new UsageError('--ref is empty: name the reference group, or leave --ref out');
  if (values.out === '')
    throw new UsageError('--out is empty: name the file to write, or leave --out out for standard output');
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
  if (!measuresSeen.has(measure.code)) {
    const seen = [...measuresSeen].sort().join(', ') || 'none';
    throw new UsageError(
      `${request.file} has no ${measure.code} measurements (measures in the file: ${seen}): choose one with --measure`,
    );
  }
  const built = cohort.build();
  if (built.clients.length === 0) {
    const sites = [...sitesSeen].filter((site) => site !== null).sort();
    const hint = sites.length === 0 ? 'its rows name no site' : `its sites are ${sites.join(', ')}`;
    throw new UsageError(
      `${request.file} has no ${measure.code} measurements at site ${request.site} (${hint}): name one of those sites, or use --site all`,
    );
  }
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
