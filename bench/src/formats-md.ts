/** The formats section of BENCHMARKS.md (bench/src/formats.ts). */
import { commandsBlock, machineRows, markdownTable, plainTable, seconds, type Row } from './benchmarks-md.js';
import type { Results } from './results.js';

export const FORMATS_SECTION_ID = 'formats';

const megabytes = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
const count = (value: number): string => value.toLocaleString('en-US');

export function renderFormatsSection(results: Results): { table: string; markdown: string } {
  const f = results.formats!;
  const csv = f.formats.find((format) => format.format === 'csv');
  const rows: Row[] = f.formats.map((format) => ({
    step:
      `${format.label}: ${format.requests.length === 1 ? '' : `${format.requests.length} requests, `}${megabytes(format.bytes)}, ` +
      `${count(format.inserted)} readings stored, server peak RSS ${format.serverMaxRssBytes === null ? 'n/a' : megabytes(format.serverMaxRssBytes)}; ` +
      `load average ${format.loadAverage.before.join(', ')} before, ${format.loadAverage.after.join(', ')} after`,
    figure: `${seconds(format.seconds)} (${count(Math.round(format.inserted / format.seconds))} readings/s)`,
    goal: '',
    verdict: csv === undefined || format === csv ? '' : `${(format.seconds / csv.seconds).toFixed(2)} × CSV`,
  }));
  const fhir = f.formats.find((format) => format.format === 'fhir');
  const lines: string[] = [
    `<!-- bench:${FORMATS_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/formats-md.ts, not this text -->`,
    '## Ingest by format: CSV, a wide .xlsx, FHIR bundles',
    '',
    `\`npm run bench -- formats\` (code in \`bench/src/formats.ts\`) ingests the benchmark file \`${f.file}\` ` +
      `(${count(f.rows)} readings, one reading per client-session) through three doors in the same run, each with POST /api/ingest on a new scratch ` +
      'database and a new server of the PostgreSQL server, one after another: the CSV as it is; the same readings as a wide ' +
      '`.xlsx`, one row per client and session with a column per site and phase (the benchmark has one site and phase, so one ' +
      'reading column), written from the CSV by exceljs’s streaming writer and sent with its mapping (`mappingJson`); and as FHIR R4 ' +
      'Bundles of Observations (docs/fhir.md). The conversions are not timed.',
    '',
    `A FHIR bundle is read whole (libs/ingest fhir/bundle-json.ts), so one request may hold at most ${megabytes(f.fhirBundleLimitBytes)}: ` +
      `the ${count(f.rows)} Observations come to ${fhir === undefined ? 'n/a' : megabytes(fhir.bytes)}, more than one bundle may be, so they are ` +
      `written as the fewest bundles under the limit, split between clients${fhir === undefined ? '' : ` (${fhir.requests.map((request) => count(request.inserted)).join(', ')} Observations)`}, ` +
      'and sent one after another to the same server; their time is the sum of the requests’ times. Each bundle is a batch of its own, ' +
      'so the FHIR figure is not one all-or-nothing ingest of the 1.2 million readings, as the CSV’s and the workbook’s are.',
    '',
    ...markdownTable(rows),
    '',
    ...machineRows(results),
    `| PostgreSQL | ${f.postgres.version.split(' ').slice(0, 2).join(' ')} |`,
    `| measured | ${f.measuredAt} |`,
    '',
    ...commandsBlock('Command (from the repository root):', ['npm run bench -- formats'], FORMATS_SECTION_ID),
  ];
  return { table: plainTable(rows), markdown: lines.join('\n') };
}
