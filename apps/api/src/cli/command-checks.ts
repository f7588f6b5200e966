/**
 * The checks `outcomes report` and `outcomes therapists` make alike, of their arguments and of
 * what a file turned out to hold, each a UsageError that says what to do instead.
 */
import { findMeasure, MEASURES } from '@threshold/stats';
import { UsageError } from './usage-error.js';

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

/**
 * `--mcid -1`: parseArgs takes -1 for an option and refuses it as ambiguous; say what is wrong
 * instead (parseCommandLine calls this before parsing).
 */
export function checkNegativeMcid(args: readonly string[]): void {
  const mcidAt = args.indexOf('--mcid');
  if (mcidAt >= 0 && /^-\d|^-\.\d/.test(args[mcidAt + 1] ?? '')) parseMcid(args[mcidAt + 1]);
}

export function checkOneFile(positionals: readonly string[], usage: string): void {
  if (positionals.length !== 1) throw new UsageError(`give exactly one FILE (got ${positionals.length})\n${usage}`);
}

export function checkMeasureCode(code: string): void {
  if (findMeasure(code) === undefined)
    throw new UsageError(`unknown measure "${code}": use one of ${Object.keys(MEASURES).join(', ')}`);
}

export function checkSiteNotEmpty(site: string): void {
  if (site === '') throw new UsageError('--site is empty: name one body site, or use --site all');
}

export function checkOutNotEmpty(out: string | undefined): void {
  if (out === '')
    throw new UsageError('--out is empty: name the file to write, or leave --out out for standard output');
}

/** The file has rows, but none of the measure asked for. */
export function checkMeasureSeen(file: string, code: string, measuresSeen: ReadonlySet<string>): void {
  if (measuresSeen.has(code)) return;
  const seen = [...measuresSeen].sort().join(', ') || 'none';
  throw new UsageError(`${file} has no ${code} measurements (measures in the file: ${seen}): choose one with --measure`);
}

/** The file's rows of the measure name no row at the site asked for: which sites they do name. */
export function noSiteError(file: string, code: string, site: string, sitesSeen: ReadonlySet<string | null>): UsageError {
  const sites = [...sitesSeen].filter((seen) => seen !== null).sort();
  const hint = sites.length === 0 ? 'its rows name no site' : `its sites are ${sites.join(', ')}`;
  return new UsageError(
    `${file} has no ${code} measurements at site ${site} (${hint}): name one of those sites, or use --site all`,
  );
}
