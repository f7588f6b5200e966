/**
 * The formats part of the bench (`npm run bench -- formats`): the 1.2-million-reading benchmark
 * file ingested through three doors in the same run, each on its own new scratch database and
 * server, one after another:
 *
 *   - CSV, the file as it is (POST /api/ingest, text/csv);
 *   - a wide .xlsx, one row per client and session with a column per site and phase, written
 *     from the CSV with exceljs's streaming writer and sent with its mapping (mappingJson);
 *   - FHIR R4 Bundles of Observations (docs/fhir.md). A bundle is read whole, so the door takes
 *     at most FHIR_BUNDLE_MAX_BYTES (256 MiB) per request: the 1.2 million Observations are
 *     written as the fewest bundles under that limit, split between clients, and sent one after
 *     another on the same server; the time is their sum.
 *
 * The converted files are written once (bench/out/), not timed with the ingest. The load average
 * is read before and after each ingest: the machine is shared.
 */
import { createReadStream, createWriteStream, existsSync, type WriteStream } from 'node:fs';
import { rename, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import ExcelJS from 'exceljs';
import { startOnScratchDatabase, type ApiContext } from './api.js';
import { timedIngest } from './api.js';
import { serverFacts } from './postgres.js';
import type { FormatIngest, FormatsResult } from './results.js';

/** FHIR_BUNDLE_MAX_BYTES of libs/ingest (fhir/bundle-json.ts): the most one bundle may hold. */
export const FHIR_BUNDLE_LIMIT_BYTES = 256 * 1024 * 1024;
/** Bundles are cut below the limit by this much, so that a client's last Observations always fit. */
const FHIR_BUNDLE_MARGIN_BYTES = 4 * 1024 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

interface CsvRow {
  client: string;
  technique: string;
  session: string;
  phase: string;
  measure: string;
  site: string;
  value: string;
  unit: string;
}

/** The benchmark file's rows (its columns: client_id, technique, session, phase, measure, site, value, unit). */
async function* csvRows(file: string): AsyncGenerator<CsvRow> {
  let columns: string[] | null = null;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const fields = line.split(',');
    if (columns === null) {
      columns = fields;
      continue;
    }
    const at = (name: string): string => fields[columns!.indexOf(name)] ?? '';
    yield {
      client: at('client_id'),
      technique: at('technique'),
      session: at('session'),
      phase: at('phase'),
      measure: at('measure'),
      site: at('site'),
      value: at('value'),
      unit: at('unit'),
    };
  }
}

/** The wide layout's reading columns (site and phase), measure and unit, from a first pass over the file. */
async function wideShape(file: string): Promise<{ columns: { site: string; phase: string; header: string }[]; measure: string; unit: string }> {
  const seen = new Map<string, { site: string; phase: string; header: string }>();
  let measure = '';
  let unit = '';
  for await (const row of csvRows(file)) {
    const key = `${row.site} ${row.phase}`;
    if (!seen.has(key)) seen.set(key, { site: row.site, phase: row.phase, header: key });
    if (measure === '') measure = row.measure;
    if (unit === '') unit = row.unit;
    if (row.measure !== measure || row.unit !== unit) throw new Error('the formats part expects one measure and one unit in the benchmark file');
  }
  return { columns: [...seen.values()], measure, unit };
}

/** The mapping of the wide workbook (docs/mappings.md). */
function wideMapping(shape: Awaited<ReturnType<typeof wideShape>>): object {
  return {
    sheet: 'Visits',
    columns: { client_id: 'Client', technique: 'Technique', session: 'Session' },
    values: { measure: shape.measure, unit: shape.unit },
    readings: shape.columns.map((column) => ({ column: column.header, site: column.site, phase: column.phase })),
  };
}

/** Writes the wide workbook: one row per client and session (the file is in that order). */
async function writeWideXlsx(file: string, out: string, shape: Awaited<ReturnType<typeof wideShape>>): Promise<number> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: out, useSharedStrings: false, useStyles: false });
  const sheet = book.addWorksheet('Visits');
  sheet.addRow(['Client', 'Technique', 'Session', ...shape.columns.map((column) => column.header)]).commit();
  const position = new Map(shape.columns.map((column, k) => [column.header, k]));
  let rows = 0;
  let current = null as { key: string; cells: (string | number | null)[] } | null;
  const flush = (): void => {
    if (current === null) return;
    sheet.addRow(current.cells).commit();
    rows++;
  };
  for await (const row of csvRows(file)) {
    const key = `${row.client}\u0000${row.session}`;
    if (current?.key !== key) {
      flush();
      current = { key, cells: [row.client, row.technique, Number(row.session), ...shape.columns.map(() => null)] };
    }
    current.cells[3 + position.get(`${row.site} ${row.phase}`)!] = Number(row.value);
  }
  flush();
  sheet.commit();
  await book.commit();
  return rows;
}

/** UCUM for the contract's units (docs/fhir.md). */
const UCUM: Record<string, string> = { kPa: 'kPa', 'kg/cm2': 'kg/cm2', 'N/cm2': 'N/cm2', score: '{score}' };

function observation(row: CsvRow, id: number): string {
  const unit = UCUM[row.unit] ?? row.unit;
  return JSON.stringify({
    fullUrl: `urn:uuid:obs-${id}`,
    resource: {
      resourceType: 'Observation',
      id: `obs-${id}`,
      status: 'final',
      extension: [
        { url: 'urn:threshold:session', valueInteger: Number(row.session) },
        { url: 'urn:threshold:phase', valueString: row.phase },
        { url: 'urn:threshold:technique', valueString: row.technique },
      ],
      code: { coding: [{ system: 'urn:threshold:measure', code: row.measure }] },
      subject: { reference: `Patient/${row.client}` },
      bodySite: { coding: [{ system: 'urn:threshold:site', code: row.site }] },
      valueQuantity: { value: Number(row.value), unit, system: 'http://unitsofmeasure.org', code: unit },
    },
  });
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) await once(stream, 'drain');
}

/** Writes the file's readings as FHIR bundles of at most the door's limit, split between clients; their paths and Observations. */
async function writeFhirBundles(file: string, outStem: string): Promise<{ path: string; observations: number }[]> {
  const bundles: { path: string; observations: number }[] = [];
  let stream: WriteStream | null = null;
  let bytes = 0;
  let observations = 0;
  let id = 0;
  let lastClient = '';
  const open = async (): Promise<void> => {
    const path = `${outStem}-${bundles.length + 1}.fhir.json`;
    stream = createWriteStream(path);
    bundles.push({ path, observations: 0 });
    const head = '{"resourceType":"Bundle","type":"collection","entry":[\n';
    await write(stream, head);
    bytes = head.length;
    observations = 0;
  };
  const close = async (): Promise<void> => {
    if (stream === null) return;
    const done: WriteStream = stream;
    done.end('\n]}\n');
    await once(done, 'finish');
    bundles[bundles.length - 1].observations = observations;
    stream = null;
  };
  for await (const row of csvRows(file)) {
    // A new bundle only at a client's first reading: a client's sessions stay in one bundle.
    if (row.client !== lastClient && stream !== null && bytes > FHIR_BUNDLE_LIMIT_BYTES - FHIR_BUNDLE_MARGIN_BYTES) await close();
    if (stream === null) await open();
    const text = `${observations === 0 ? '' : ',\n'}${observation(row, ++id)}`;
    await write(stream!, text);
    bytes += Buffer.byteLength(text);
    observations++;
    lastClient = row.client;
  }
  await close();
  return bundles;
}

export async function benchFormats(serverUrl: string, context: ApiContext): Promise<FormatsResult> {
  const { progress } = context;
  const csv = join(context.root, context.data.file);
  const stem = csv.replace(/\.csv$/, '');
  const formats: FormatIngest[] = [];

  // The converted files, written once for this data file.
  const xlsx = `${stem}-wide.xlsx`;
  const shape = await wideShape(csv);
  let xlsxRows: number | null = null;
  if (!existsSync(xlsx)) {
    const step = progress.start(`formats: writing ${context.shown(xlsx)} (one row per client and session)`);
    const partial = `${xlsx}.partial.xlsx`;
    xlsxRows = await writeWideXlsx(csv, partial, shape);
    await rm(xlsx, { force: true });
    await rename(partial, xlsx);
    step.done(`formats: ${context.shown(xlsx)} written, ${xlsxRows} rows`);
  }
  const fhirStem = `${stem}-fhir`;
  const bundleStep = progress.start(`formats: writing FHIR bundles of at most ${FHIR_BUNDLE_LIMIT_BYTES / 1024 / 1024} MiB`);
  const bundles = await writeFhirBundles(csv, fhirStem);
  bundleStep.done(`formats: ${bundles.length} FHIR bundles written`);

  const runs: { format: FormatIngest['format']; label: string; files: string[]; contentType: string; query: Record<string, string> }[] = [
    { format: 'csv', label: 'CSV, the benchmark file as it is (long: one reading a row)', files: [csv], contentType: 'text/csv', query: {} },
    {
      format: 'xlsx',
      label: 'a wide .xlsx, one row per client and session, with its mapping',
      files: [xlsx],
      contentType: XLSX_TYPE,
      query: { mappingJson: JSON.stringify(wideMapping(shape)) },
    },
    {
      format: 'fhir',
      label: `FHIR R4 Bundles of Observations, ${bundles.length} of at most ${FHIR_BUNDLE_LIMIT_BYTES / 1024 / 1024} MiB sent one after another`,
      files: bundles.map((bundle) => bundle.path),
      contentType: 'application/fhir+json',
      query: {},
    },
  ];
  for (const run of runs) {
    const scratch = await startOnScratchDatabase(context, serverUrl, `formats_${run.format}`);
    try {
      const loadBefore = context.load();
      const requests: FormatIngest['requests'] = [];
      for (const file of run.files) {
        const step = progress.start(`formats: POST /api/ingest of ${context.shown(file)}`);
        const ingest = await timedIngest(scratch.server, file, undefined, { contentType: run.contentType, query: run.query });
        step.done(`formats: ${context.shown(file)} in ${ingest.seconds.toFixed(2)} s, ${ingest.inserted} readings`);
        requests.push({ file: context.shown(file), bytes: (await stat(file)).size, seconds: ingest.seconds, inserted: ingest.inserted ?? 0, serverMaxRssBytes: ingest.serverMaxRssBytes });
      }
      formats.push({
        format: run.format,
        label: run.label,
        requests,
        bytes: requests.reduce((sum, request) => sum + request.bytes, 0),
        seconds: requests.reduce((sum, request) => sum + request.seconds, 0),
        inserted: requests.reduce((sum, request) => sum + request.inserted, 0),
        serverMaxRssBytes: Math.max(...requests.map((request) => request.serverMaxRssBytes ?? 0)) || null,
        loadAverage: { before: loadBefore, after: context.load() },
      });
    } finally {
      await scratch.close();
    }
  }
  return {
    file: context.data.file,
    rows: context.data.rows,
    wideRows: xlsxRows,
    fhirBundleLimitBytes: FHIR_BUNDLE_LIMIT_BYTES,
    formats,
    postgres: await serverFacts(serverUrl),
    measuredAt: context.now(),
  };
}
