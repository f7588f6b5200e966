/**
 * How fast readOutcomes reads, and how much memory it takes: generates N rows (1.2 million by
 * default) of realistic clinic data in each format, then reads each file through readOutcomes in a
 * child process of its own, so that the peak RSS measured is the reading's alone.
 *
 *   npm run bench -w libs/ingest                 (1,200,000 rows, all formats)
 *   npm run bench -w libs/ingest -- 200000 csv   (rows, then formats)
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import {
  makeVector,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Table,
  Utf8,
  vectorFromArray,
  type RecordBatch,
  type Vector,
} from 'apache-arrow';
import { readOutcomes, type OutcomesFormat } from '@threshold/ingest';

const FILES = { csv: 'rows.csv', ndjson: 'rows.ndjson', arrows: 'rows.arrows', arrow: 'rows.arrow' } as const;
type BenchFile = keyof typeof FILES;
const FORMAT_OF: Record<BenchFile, OutcomesFormat> = {
  csv: 'csv',
  ndjson: 'json',
  arrows: 'arrow',
  arrow: 'arrow',
};

const SITES = ['upper_trapezius_left', 'upper_trapezius_right', 'suboccipital_left', 'suboccipital_right'];
const TECHNIQUES = ['trigger_point_release', 'deep_tissue', 'sham_ultrasound', 'waitlist'];
const SESSIONS = 4;
const TRIALS = 3;
const ROWS_PER_CLIENT = SESSIONS * 2 * SITES.length * TRIALS;

interface GeneratedRow {
  client_id: string;
  session: number;
  phase: string;
  measure: string;
  site: string;
  trial: number;
  value: number;
  unit: string;
  technique: string;
  condition: string;
  clinic_id: string;
  therapist_id: string;
  session_date: string;
}

/** Deterministic rows: each client gets 4 sessions x pre/post x 4 sites x 3 algometer readings. */
function* generateRows(rowCount: number): Generator<GeneratedRow> {
  for (let client = 0; client * ROWS_PER_CLIENT < rowCount; client++) {
    const clinic = client % 20;
    const kgPerCm2 = client % 3 === 0; // a third of the clinics' algometers read kg/cm2
    for (let session = 1; session <= SESSIONS; session++) {
      const day = String(1 + ((client + session * 7) % 28)).padStart(2, '0');
      for (const phase of ['pre', 'post']) {
        for (let site = 0; site < SITES.length; site++) {
          for (let trial = 1; trial <= TRIALS; trial++) {
            const kPa =
              250 + ((client * 31 + session * 17 + site * 7 + trial) % 200) + (phase === 'post' ? 20 : 0);
            yield {
              client_id: `c${client.toString(36).padStart(5, '0')}`,
              session,
              phase,
              measure: 'ppt',
              site: SITES[site],
              trial,
              value: kgPerCm2 ? Math.round((kPa / 98.0665) * 100) / 100 : kPa,
              unit: kgPerCm2 ? 'kg/cm2' : 'kPa',
              technique: TECHNIQUES[client % TECHNIQUES.length],
              condition: 'tension_type_headache',
              clinic_id: `clinic${clinic}`,
              therapist_id: `t${clinic}-${client % 3}`,
              session_date: `2024-03-${day}`,
            };
          }
        }
      }
    }
  }
}

function* limited(rowCount: number): Generator<GeneratedRow> {
  let n = 0;
  for (const row of generateRows(rowCount)) {
    if (n++ >= rowCount) return;
    yield row;
  }
}

async function writeText(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  let buffer = '';
  for (const line of lines) {
    buffer += line;
    if (buffer.length > 1 << 16) {
      const ready = out.write(buffer);
      buffer = '';
      if (!ready) await once(out, 'drain');
    }
  }
  out.end(buffer);
  await once(out, 'finish');
}

const COLUMN_ORDER = [
  'client_id',
  'session',
  'phase',
  'measure',
  'site',
  'trial',
  'value',
  'unit',
  'technique',
  'condition',
  'clinic_id',
  'therapist_id',
  'session_date',
] as const;

function* csvLines(rowCount: number): Generator<string> {
  yield `${COLUMN_ORDER.join(',')}\n`;
  for (const row of limited(rowCount)) yield `${COLUMN_ORDER.map((c) => row[c]).join(',')}\n`;
}

function* ndjsonLines(rowCount: number): Generator<string> {
  for (const row of limited(rowCount)) yield `${JSON.stringify(row)}\n`;
}

function* arrowBatches(rowCount: number): Generator<RecordBatch> {
  let rows: GeneratedRow[] = [];
  const flush = (): RecordBatch => {
    // Plain (not dictionary) strings, so that every batch has the same schema.
    const text = (column: (typeof COLUMN_ORDER)[number]): Vector<Utf8> =>
      vectorFromArray(
        rows.map((r) => String(r[column])),
        new Utf8(),
      );
    const table = new Table({
      client_id: text('client_id'),
      session: makeVector(Int32Array.from(rows, (r) => r.session)),
      phase: text('phase'),
      measure: text('measure'),
      site: text('site'),
      trial: makeVector(Int32Array.from(rows, (r) => r.trial)),
      value: makeVector(Float64Array.from(rows, (r) => r.value)),
      unit: text('unit'),
      technique: text('technique'),
      condition: text('condition'),
      clinic_id: text('clinic_id'),
      therapist_id: text('therapist_id'),
      session_date: text('session_date'),
    });
    rows = [];
    return table.batches[0];
  };
  for (const row of limited(rowCount)) {
    rows.push(row);
    if (rows.length === 65_536) yield flush();
  }
  if (rows.length > 0) yield flush();
}

async function generate(folder: string, rowCount: number, file: BenchFile): Promise<string> {
  const path = join(folder, `${rowCount}-${FILES[file]}`);
  if (existsSync(path)) return path;
  if (file === 'csv') await writeText(path, csvLines(rowCount));
  else if (file === 'ndjson') await writeText(path, ndjsonLines(rowCount));
  else {
    const writer = file === 'arrow' ? new RecordBatchFileWriter() : new RecordBatchStreamWriter();
    for (const batch of arrowBatches(rowCount)) writer.write(batch);
    writer.finish();
    writeFileSync(path, await writer.toUint8Array());
  }
  return path;
}

/** Runs in the child: reads one file and prints its measurements as JSON. */
async function measure(path: string, format: OutcomesFormat): Promise<void> {
  const started = process.hrtime.bigint();
  let delivered = 0;
  const result = await readOutcomes(createReadStream(path, { highWaterMark: 1 << 16 }), format, {
    onBatch: (rows) => {
      delivered += rows.length;
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  process.stdout.write(
    JSON.stringify({
      seconds,
      rows: result.rowCount,
      delivered,
      errors: result.errorCount,
      megabytes: result.bytesRead / 1e6,
      peakRssMegabytes: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === '--measure') {
    await measure(rest[0], rest[1] as OutcomesFormat);
    return;
  }
  const rowCount = first === undefined ? 1_200_000 : Number(first);
  const files = (rest.length > 0 ? rest : Object.keys(FILES)) as BenchFile[];
  const folder = join(tmpdir(), 'threshold-ingest-bench');
  mkdirSync(folder, { recursive: true });
  console.log(`node ${process.version}, ${rowCount.toLocaleString('en')} rows, files in ${folder}`);
  for (const file of files) {
    const path = await generate(folder, rowCount, file);
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), '--measure', path, FORMAT_OF[file]],
      {
        encoding: 'utf8',
      },
    );
    if (child.status !== 0) throw new Error(child.stderr);
    const m = JSON.parse(child.stdout) as {
      seconds: number;
      rows: number;
      delivered: number;
      errors: number;
      megabytes: number;
      peakRssMegabytes: number;
    };
    console.log(
      `${file.padEnd(7)} ${m.megabytes.toFixed(0).padStart(4)} MB  ${m.seconds.toFixed(2)} s  ` +
        `${Math.round(m.rows / m.seconds).toLocaleString('en')} rows/s  peak RSS ${m.peakRssMegabytes.toFixed(0)} MB  ` +
        `(${m.delivered.toLocaleString('en')} rows delivered, ${m.errors} errors)`,
    );
  }
}

await main();
