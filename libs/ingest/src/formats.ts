/**
 * The formats a file of outcomes may come in, each with the names that tell it (file name
 * extensions, HTTP content types) and its reader. The one list every door asks: the HTTP route
 * (which content types it takes, and what it answers for another), the watch folder and the command
 * line (which file names they take, and what they say of another), and readOutcomes (which reader
 * reads a format). A new format is one entry here, with its reader.
 */
import { readArrow } from './arrow/read-arrow.js';
import { readCsv } from './csv/read-csv.js';
import { readFhir } from './fhir/read-fhir.js';
import { readXlsx } from './xlsx/read-xlsx.js';
import { readJson } from './json/read-json.js';
import type { MeteredSource } from './metered-source.js';
import type { SpreadsheetMapping } from './mapping/spreadsheet-mapping.js';
import type { RecordSink } from './record-sink.js';

/** What a reader may be told beyond its input (see ReadOutcomesOptions). */
export interface ReaderOptions {
  /** Where a reader that must spool its input (Arrow IPC files) writes the copy. */
  readonly tempDirectory?: string;
  /** A spreadsheet in a clinic's own layout (mapping/spreadsheet-mapping.ts): read by the CSV and .xlsx readers. */
  readonly mapping?: SpreadsheetMapping;
}

/**
 * Reads one format: rows and their errors go to the sink (see RecordSink); an error that stops the
 * reading is thrown as a FatalInputError. The input is metered and may be peeked at.
 */
export type OutcomesReader = (input: MeteredSource, sink: RecordSink, options: ReaderOptions) => Promise<void>;

export interface OutcomesFormatEntry {
  /** The format's name, recorded with each batch. */
  readonly name: string;
  /** What a person calls it, in messages: `name it .csv (CSV)`. */
  readonly description: string;
  /** File name extensions that tell it, without the dot, lower case. */
  readonly extensions: readonly string[];
  /** HTTP content types (without parameters) that tell it, lower case. */
  readonly mediaTypes: readonly string[];
  readonly read: OutcomesReader;
}

/** Every format read, in the order messages name them. */
export const OUTCOMES_FORMATS = [
  { name: 'csv', description: 'CSV', extensions: ['csv'], mediaTypes: ['text/csv'], read: readCsv },
  {
    name: 'json',
    description: 'JSON rows',
    extensions: ['json', 'ndjson', 'jsonl'],
    mediaTypes: ['application/json', 'application/x-ndjson'],
    read: readJson,
  },
  {
    // Arrow file and stream need not be told apart: readArrow recognises each by its first bytes.
    name: 'arrow',
    description: 'Arrow IPC',
    extensions: ['arrow', 'arrows', 'ipc'],
    mediaTypes: ['application/vnd.apache.arrow.file', 'application/vnd.apache.arrow.stream'],
    read: readArrow,
  },
  {
    // The first sheet, its first row the header; streamed (xlsx/read-xlsx.ts).
    name: 'xlsx',
    description: 'Excel workbook',
    extensions: ['xlsx'],
    mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    read: readXlsx,
  },
  {
    // A bundle is read whole, up to 256 MiB (fhir/bundle-json.ts). Its file name ends .fhir.json,
    // since a plain .json file is JSON rows.
    name: 'fhir',
    description: 'FHIR R4 Bundle',
    extensions: ['fhir.json'],
    mediaTypes: ['application/fhir+json'],
    read: readFhir,
  },
] as const satisfies readonly OutcomesFormatEntry[];

/** The name of a format of OUTCOMES_FORMATS. */
export type OutcomesFormatName = (typeof OUTCOMES_FORMATS)[number]['name'];

/** The file name extensions that tell a file's format, with their dot. */
export const FORMAT_EXTENSIONS: readonly string[] = OUTCOMES_FORMATS.flatMap((format) => format.extensions.map((extension) => `.${extension}`));

/** The HTTP content types that tell a format, as the API documents them. */
export const FORMAT_MEDIA_TYPES: readonly string[] = OUTCOMES_FORMATS.flatMap((format) => format.mediaTypes);

/** The entry of a format; undefined for a name that is none. */
export function formatEntry(name: string): OutcomesFormatEntry | undefined {
  return OUTCOMES_FORMATS.find((format) => format.name === name);
}

/**
 * The format of an input from its HTTP Content-Type (parameters such as charset ignored), else from
 * its file name's extension; undefined when neither says.
 */
export function detectFormat(filename: string | undefined, contentType?: string): OutcomesFormatName | undefined {
  const mediaType = contentType?.split(';')[0].trim().toLowerCase();
  const byMediaType = OUTCOMES_FORMATS.find((format) => (format.mediaTypes as readonly string[]).includes(mediaType ?? ''));
  if (byMediaType !== undefined) return byMediaType.name;
  // The longest extension the name ends with: `visits.fhir.json` is FHIR, `visits.json` JSON rows.
  const name = filename?.toLowerCase() ?? '';
  let found: { format: OutcomesFormatName; length: number } | undefined;
  for (const format of OUTCOMES_FORMATS) {
    for (const extension of format.extensions as readonly string[]) {
      if (name.endsWith(`.${extension}`) && extension.length > (found?.length ?? 0)) found = { format: format.name, length: extension.length };
    }
  }
  return found?.format;
}

/** For a file whose name says no format (the watch folder, the command line): how to name it. */
export function unknownFormatMessage(name: string): string {
  const choices = OUTCOMES_FORMATS.map((format) => `${extensionsOf(format)} (${format.description})`);
  return `cannot tell the format of ${name}: name it ${choices.length === 1 ? choices[0] : `${choices.slice(0, -1).join(', ')}, or ${choices.at(-1)}`}`;
}

/** For an upload whose content type and name say no format (the HTTP route): what to send. */
export function unknownUploadFormatMessage(filename: string | null, contentType: string | null): string {
  return `cannot tell the format of ${filename ?? 'the upload'}${contentType ? ` (${contentType})` : ''}: send ${orList(FORMAT_MEDIA_TYPES)}`;
}

/** The formats by extension, as a usage text gives them: `.csv: CSV; .json, .ndjson or .jsonl: JSON rows; ...`. */
export function formatExtensionsText(): string {
  return OUTCOMES_FORMATS.map((format) => `${extensionsOf(format)}: ${format.description}`).join('; ');
}

/** `.json, .ndjson or .jsonl` */
function extensionsOf(format: OutcomesFormatEntry): string {
  return orList(format.extensions.map((extension) => `.${extension}`));
}

/** `a`, `a or b`, `a, b or c` */
function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0] : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
