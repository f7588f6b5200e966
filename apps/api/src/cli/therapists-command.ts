/**
 * `outcomes therapists FILE [--measure ppt] [--site all] [--mcid X] [--by therapist|clinic] [--out OUT.json]`
 * (report-contract.md section 6): reads FILE through the same validation as every ingest door and
 * writes the case-mix adjusted, shrunken comparison of its therapists (or clinics) at the top level,
 * with version, measure, unit, site, by and mcid added. No database. Any error in the file refuses it
 * whole (status 2), as `outcomes report` does.
 */
import {
  adjustedComparison,
  type AdjustedComparison,
  MEASURES,
  MIN_CLIENTS,
  MIN_UNITS,
  ModelClientsBuilder,
} from '@threshold/stats';
import { formatExtensionsText } from '@threshold/ingest';
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

const UNITS = ['therapist', 'clinic'] as const;
type Unit = (typeof UNITS)[number];

export const THERAPISTS_USAGE = `usage: outcomes therapists FILE [--measure ppt] [--site all] [--mcid X] [--by therapist|clinic] [--out OUT.json]

  FILE         outcomes in the canonical long format (${formatExtensionsText()})
  --measure    measure code: ${Object.keys(MEASURES).join(', ')} (default ppt)
  --site       one body site, or all to average the sites of each session (default all)
  --mcid       minimal clinically important difference, reported beside the comparison (default from the measures table)
  --by         therapist (default) or clinic: whom the model compares, (1 | therapist) or (1 | clinic)
  --out        write the comparison here instead of standard output
  --help       show this help`;

export interface TherapistsRequest {
  /** True for --help: print THERAPISTS_USAGE and do nothing else. */
  help?: boolean;
  file: string;
  measure: string;
  site: string;
  by: Unit;
  mcid?: number;
  out?: string;
}

/** The command's answer: the comparison at the top level, or its list null when there is none. */
export type TherapistsOutput = {
  version: 1;
  measure: string;
  unit: string;
  site: string;
  by: Unit;
  mcid: number | null;
} & (AdjustedComparison | { therapists: null; note: string } | { clinics: null; note: string });

/** Reads and checks the command's arguments; throws UsageError with what to do instead. */
export function parseTherapistsArguments(args: readonly string[]): TherapistsRequest {
  const { values, positionals } = parseCommandLine(
    args,
    {
      measure: { type: 'string', default: 'ppt' },
      site: { type: 'string', default: 'all' },
      by: { type: 'string', default: 'therapist' },
      mcid: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    THERAPISTS_USAGE,
    () => checkNegativeMcid(args),
  );
  const by = values.by as Unit;
  if (!UNITS.includes(by)) {
    throw new UsageError(`cannot compare by "${values.by}": use --by therapist or --by clinic`);
  }
  if (values.help === true) return { help: true, file: '', measure: values.measure, site: values.site, by };
  checkOneFile(positionals, THERAPISTS_USAGE);
  checkMeasureCode(values.measure);
  checkSiteNotEmpty(values.site);
  checkOutNotEmpty(values.out);
  return {
    file: positionals[0],
    measure: values.measure,
    site: values.site,
    by,
    mcid: values.mcid === undefined ? undefined : parseMcid(values.mcid),
    out: values.out,
  };
}

/** Computes the comparison for a file; throws UsageError listing the file's errors when it has any. */
export async function therapistsFromFile(
  request: TherapistsRequest,
  maxErrors = 100,
): Promise<TherapistsOutput> {
  const measure = MEASURES[request.measure];
  const builder = new ModelClientsBuilder(request.site);
  const measuresSeen = new Set<string>();
  const sitesSeen = new Set<string | null>();
  let named = false;
  await readOutcomesFile(
    request.file,
    (row) => {
      measuresSeen.add(row.measure);
      if (row.measure !== measure.code) return;
      sitesSeen.add(row.site);
      if ((request.by === 'therapist' ? row.therapistId : row.clinicId) !== null) named = true;
      builder.add({
        clientId: row.clientId,
        session: row.session,
        phase: row.phase,
        site: row.site,
        value: row.value,
        therapist: row.therapistId,
        clinic: row.clinicId,
        condition: row.condition,
      });
    },
    { maxErrors, out: request.out },
  );
  checkMeasureSeen(request.file, measure.code, measuresSeen);
  if (request.site !== 'all' && !sitesSeen.has(request.site))
    throw noSiteError(request.file, measure.code, request.site, sitesSeen);
  const column = request.by === 'therapist' ? 'therapist_id' : 'clinic_id';
  if (!named) {
    throw new UsageError(
      `no ${measure.code} row of ${request.file} has a ${column}: the comparison by ${request.by} needs it on each client's session-1 reading`,
    );
  }

  const header = {
    version: 1 as const,
    measure: measure.code,
    unit: measure.canonicalUnit,
    site: request.site,
    by: request.by,
    mcid: request.mcid ?? measure.defaultMcid,
  };
  const comparison = adjustedComparison(builder.build(), request.by);
  if (comparison !== null) return { ...header, ...comparison };
  const note = `no comparison: it needs at least ${MIN_UNITS} ${request.by}s and ${MIN_CLIENTS} clients with a session-1 ${measure.code} value, a later one and a ${column} on their session-1 reading`;
  return request.by === 'therapist'
    ? { ...header, therapists: null, note }
    : { ...header, clinics: null, note };
}

/** Runs `outcomes therapists ...`: the comparison as JSON to --out or standard output, warnings to standard error. */
export async function runTherapistsCommand(args: readonly string[]): Promise<void> {
  const request = parseTherapistsArguments(args);
  if (request.help === true) {
    process.stdout.write(`${THERAPISTS_USAGE}\n`);
    return;
  }
  const output = await therapistsFromFile(request);
  if ('note' in output) process.stderr.write(`outcomes: warning: ${output.note}\n`);
  for (const warning of 'warnings' in output ? output.warnings : [])
    process.stderr.write(`outcomes: warning: ${request.by}s: ${warning}\n`);
  await writeJsonResult(output, request.out);
}
