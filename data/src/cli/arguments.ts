/** Command-line options: parsing, checking, and the help text. */
import { parseArgs } from 'node:util';
import { defaultClinicCount } from '../practice.js';
import { MAX_SEED } from '../rng.js';
import { formatFromFileName, isOutputFormat, OUTPUT_FORMATS, type OutputFormat } from '../writers/index.js';

/** A mistake in how the command was called: reported without a stack trace, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const COMMANDS = ['trial', 'practice', 'bench', 'demo'] as const;
export type CommandName = (typeof COMMANDS)[number];

export const USAGE = `Usage: npm run -s data -- <command> [options]

Seeded generators of outcome data in the canonical long format (report-contract.md section 1).
The same seed gives byte-identical output on every machine.

Commands:
  trial      a data set shaped like Moraska et al. 2017: tension-type headache, three arms
             (trigger_point_release, sham_ultrasound, waitlist), PPT at 4 trigger points
             before and after sessions 1 and 12, headache days at baseline and end
  practice   multi-clinic practice data at any size (mixed algometer units, uneven schedules,
             dropouts, therapist and technique effects)
  bench      exactly clients x sessions rows of PPT (pre only, kPa, 3 techniques, no dropouts)
  demo       writes the first-start demo files data/demo/practice.csv and data/demo/trial.csv

Options for trial, practice and bench:
  --seed N          random seed, an integer from 0 to ${MAX_SEED} (default 1)
  --out FILE        output file (default: standard output)
  --format F        ${OUTPUT_FORMATS.join(' | ')} (default: from the --out extension, else csv)

  trial:    --per-arm N        clients per arm (default: the trial's 62 = 21/21/20)
            --unit U           kPa | kg/cm2 (default kPa)
  practice: --clients N        number of clients (default 1000)
            --clinics N        number of clinics (default: about sqrt(clients)/6, 3 to 250)
            --therapists N     therapists in all, at least one per clinic (default: 2 to 8 per clinic)
  bench:    --clients N        number of clients (default 100000)
            --sessions N       sessions per client (default 12)
  demo:     --seed N, --clients N (practice clients, default 2000), --out-dir DIR (default data/demo)

  -h, --help        show this help

Examples:
  npm run -s data -- trial --per-arm 40 --out trial.csv
  npm run -s data -- practice --clients 100000 --out practice.csv
  npm run -s data -- bench --clients 100000 --format arrow --out bench.arrow
`;

export interface OutputOptions {
  seed: number;
  out: string | undefined;
  format: OutputFormat;
}

export type ParsedCommand =
  | { command: 'help' }
  | ({ command: 'trial'; perArm: number | undefined; unit: 'kPa' | 'kg/cm2' } & OutputOptions)
  | ({ command: 'practice'; clients: number; clinics: number | undefined; therapists: number | undefined } & OutputOptions)
  | ({ command: 'bench'; clients: number; sessions: number } & OutputOptions)
  | { command: 'demo'; seed: number; clients: number; outDir: string | undefined };

type StringOption = { type: 'string' };
const text: StringOption = { type: 'string' };

const OPTIONS_BY_COMMAND: Readonly<Record<CommandName, Readonly<Record<string, StringOption>>>> = {
  trial: { seed: text, out: text, format: text, 'per-arm': text, unit: text },
  practice: { seed: text, out: text, format: text, clients: text, clinics: text, therapists: text },
  bench: { seed: text, out: text, format: text, clients: text, sessions: text },
  demo: { seed: text, clients: text, 'out-dir': text },
};

function isCommand(word: string): word is CommandName {
  return (COMMANDS as readonly string[]).includes(word);
}

/** A whole number in [min, max], written plainly in decimal (no 1e5, no 0x10, no 12abc). */
export function parseWholeNumber(
  name: string,
  raw: string | undefined,
  min: number,
  max: number,
): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got '${raw}'`);
  }
  return value;
}

function outputOptions(values: Readonly<Record<string, string | undefined>>): OutputOptions {
  const seed = parseWholeNumber('seed', values['seed'], 0, MAX_SEED) ?? 1;
  const out = values['out'];
  if (out === '') throw new UsageError('--out needs a file name');
  const rawFormat = values['format'];
  let format: OutputFormat;
  if (rawFormat !== undefined) {
    if (!isOutputFormat(rawFormat))
      throw new UsageError(`--format must be one of ${OUTPUT_FORMATS.join(', ')}, got '${rawFormat}'`);
    format = rawFormat;
  } else {
    format = (out !== undefined ? formatFromFileName(out) : undefined) ?? 'csv';
  }
  return { seed, out, format };
}

/** Parses `argv` (the words after the script name). Throws UsageError on any mistake. */
export function parseCommandLine(argv: readonly string[]): ParsedCommand {
  const [word, ...rest] = argv;
  if (word === undefined || word === '--help' || word === '-h' || word === 'help') return { command: 'help' };
  if (!isCommand(word)) {
    throw new UsageError(
      word.startsWith('-')
        ? `a command must come first (one of ${COMMANDS.join(', ')})`
        : `unknown command '${word}'; use one of ${COMMANDS.join(', ')}`,
    );
  }
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: { ...OPTIONS_BY_COMMAND[word], help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError(`${word}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (values['help'] === true) return { command: 'help' };
  const strings: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(values)) if (typeof value === 'string') strings[key] = value;

  switch (word) {
    case 'trial': {
      const unit = strings['unit'] ?? 'kPa';
      if (unit !== 'kPa' && unit !== 'kg/cm2')
        throw new UsageError(`--unit must be kPa or kg/cm2, got '${unit}'`);
      return {
        command: 'trial',
        perArm: parseWholeNumber('per-arm', strings['per-arm'], 1, 1_000_000),
        unit,
        ...outputOptions(strings),
      };
    }
    case 'practice': {
      const clients = parseWholeNumber('clients', strings['clients'], 1, 100_000_000) ?? 1000;
      const clinics = parseWholeNumber('clinics', strings['clinics'], 1, 10_000);
      const therapists = parseWholeNumber('therapists', strings['therapists'], 1, 1_000_000);
      const clinicCount = clinics ?? defaultClinicCount(clients);
      if (therapists !== undefined && therapists < clinicCount)
        throw new UsageError(`--therapists must be at least one per clinic (${clinicCount}), got ${therapists}`);
      return { command: 'practice', clients, clinics, therapists, ...outputOptions(strings) };
    }
    case 'bench':
      return {
        command: 'bench',
        clients: parseWholeNumber('clients', strings['clients'], 1, 100_000_000) ?? 100_000,
        sessions: parseWholeNumber('sessions', strings['sessions'], 1, 1000) ?? 12,
        ...outputOptions(strings),
      };
    case 'demo':
      if (strings['out-dir'] === '') throw new UsageError('--out-dir needs a directory');
      return {
        command: 'demo',
        seed: parseWholeNumber('seed', strings['seed'], 0, MAX_SEED) ?? 1,
        clients: parseWholeNumber('clients', strings['clients'], 1, 1_000_000) ?? 2000,
        outDir: strings['out-dir'],
      };
  }
}
