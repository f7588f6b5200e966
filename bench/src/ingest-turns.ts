/**
 * The ingest part of the bench: HTTP ingest against `psql`'s `\copy`, in turns, on two files of
 * 1.2 million rows each, so that the goal (ingest within 4 × `\copy` of the same file) is judged
 * on medians rather than on one pair of runs (this machine's speed moves by a third within an
 * hour, and a single pair can land on either side of it).
 *
 *   - the benchmark file (the report's): one PPT reading per session, no clinic or therapist,
 *     the worst case for the store, which writes a session row for every reading;
 *   - a clinic-shaped file from the practice generator (66,000 clients): what a clinic network
 *     exports, pre and post readings at several sites and pain ratings, with the clinic,
 *     therapist, condition and date on every row, about 6.5 readings per session.
 *
 * Each turn copies and ingests both files, each into its own new scratch database, with a new
 * server per ingest; turns alternate the files, so that a slower minute of the machine falls on
 * both. The part runs alone (after the other parts' servers are stopped).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startOnScratchDatabase, timedIngest } from './api.js';
import { copyIntoBareTable } from './bare-copy.js';
import { copyIntoKeyedTables } from './keyed-copy.js';
import { sampleBackendWaits } from './backend-waits.js';
import type { CpuSeconds } from './cpu-time.js';
import { generateOnce } from './generated-file.js';
import { serverFacts } from './postgres.js';
import type { IngestFileTurns, IngestTurn, IngestTurnsResult, SampledIngest } from './results.js';
import type { UploadContext } from './upload.js';

/** Clients of the clinic-shaped file: about 1.2 million rows from the practice generator. */
export const CLINIC_FILE_CLIENTS = 66_000;

interface IngestFile {
  label: string;
  /** Absolute path. */
  file: string;
  /** Generator arguments that make it, when it is missing. */
  generator: string[] | null;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** Each part's median over the turns; null unless every turn was measured. */
function medianCpu(cpus: readonly (CpuSeconds | null)[]): CpuSeconds | null {
  if (cpus.length === 0 || cpus.some((cpu) => cpu === null)) return null;
  const measured = cpus as readonly CpuSeconds[];
  const postgres = measured.map((cpu) => cpu.postgres);
  return {
    server: median(measured.map((cpu) => cpu.server)),
    postgres: postgres.some((seconds) => seconds === null) ? null : median(postgres as number[]),
    sender: median(measured.map((cpu) => cpu.sender)),
  };
}

/**
 * One more ingest of the file, not timed for the goal, while the server's PostgreSQL backends are
 * sampled (backend-waits.ts): the sampling's queries take CPU time of their own, which the timed
 * turns must not share.
 */
async function sampledIngest(
  serverUrl: string,
  entry: IngestFile,
  shown: string,
  context: UploadContext,
): Promise<SampledIngest | null> {
  const step = context.progress.start(`ingest: one more POST /api/ingest of ${shown}, its PostgreSQL backend sampled`);
  const scratch = await startOnScratchDatabase(context, serverUrl, 'ingest');
  const sampling = sampleBackendWaits(serverUrl, scratch.database.name);
  try {
    // Stopped at the answer: the planner's statistics that follow are not the ingest's.
    const ingest = await timedIngest(scratch.server, entry.file, async () => void (await sampling.stop()));
    const backend = await sampling.stop();
    step.done(`ingest: ${shown} sampled, ${ingest.seconds.toFixed(2)} s`);
    return backend === null ? null : { ingestSeconds: ingest.seconds, backend };
  } finally {
    await sampling.stop();
    await scratch.close();
  }
}

/** Rows, clients and sessions of a CSV file in client and session order (both generators write that order). */
async function fileShape(file: string): Promise<{ rows: number; clients: number; sessions: number }> {
  let rows = -1;
  let clients = 0;
  let sessions = 0;
  let lastClient = '';
  let lastSession = '';
  let clientColumn = 0;
  let sessionColumn = 0;
  for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
    if (line === '') continue;
    const fields = line.split(',');
    if (rows++ === -1) {
      clientColumn = fields.indexOf('client_id');
      sessionColumn = fields.indexOf('session');
      continue;
    }
    const client = fields[clientColumn];
    const session = fields[sessionColumn];
    if (client !== lastClient) clients++;
    if (client !== lastClient || session !== lastSession) sessions++;
    lastClient = client;
    lastSession = session;
  }
  return { rows, clients, sessions };
}

export async function benchIngestTurns(serverUrl: string, turns: number, context: UploadContext): Promise<IngestTurnsResult> {
  const { progress } = context;
  const clinicArgs = ['practice', '--clients', String(CLINIC_FILE_CLIENTS), '--seed', '1'];
  const files: IngestFile[] = [
    { label: 'the benchmark file (one reading per session)', file: join(context.root, context.data.file), generator: null },
    { label: 'a clinic-shaped file (practice generator)', file: join(context.out, `practice-${CLINIC_FILE_CLIENTS}-seed1.csv`), generator: clinicArgs },
  ];
  const results: IngestFileTurns[] = [];
  for (const entry of files) {
    if (entry.generator !== null) await generateOnce(entry.file, entry.generator, 'ingest', context);
    const shape = await fileShape(entry.file);
    results.push({
      label: entry.label,
      file: context.shown(entry.file),
      bytes: (await stat(entry.file)).size,
      ...shape,
      command: entry.generator === null ? context.data.command : `npm run -s data -- ${entry.generator.join(' ')} --out ${context.shown(entry.file)}`,
      turns: [],
      medianCopySeconds: NaN,
      medianIngestSeconds: NaN,
      medianRatio: NaN,
      medianKeyedCopySeconds: NaN,
      medianKeyedRatio: NaN,
      medianCpu: null,
      sampled: null,
    });
  }

  for (let turn = 1; turn <= turns; turn++) {
    for (const [i, entry] of files.entries()) {
      const result = results[i];
      const load = context.load();
      const copyStep = progress.start(`ingest: turn ${turn} of ${turns}, \\copy of ${result.file}`);
      const copy = await copyIntoBareTable(serverUrl, entry.file, result.file, context.track);
      copyStep.done(`ingest: turn ${turn}, \\copy of ${result.file} in ${copy.seconds.toFixed(2)} s`);
      const scratch = await startOnScratchDatabase(context, serverUrl, 'ingest');
      try {
        const ingestStep = progress.start(`ingest: turn ${turn} of ${turns}, POST /api/ingest of ${result.file}`);
        const ingest = await timedIngest(scratch.server, entry.file);
        const ratio = ingest.seconds / copy.seconds;
        ingestStep.done(`ingest: turn ${turn}, ${result.file} in ${ingest.seconds.toFixed(2)} s (${ratio.toFixed(2)} × \\copy)`);
        // The server stopped first: its planner statistics, computed after the answer, must not share the copy's minute.
        await scratch.server.stop();
        const keyedStep = progress.start(`ingest: turn ${turn} of ${turns}, \\copy of the stored rows into the keyed tables`);
        const keyed = await copyIntoKeyedTables(serverUrl, scratch.database, context.out, context.track);
        const keyedRatio = keyed.seconds / copy.seconds;
        keyedStep.done(`ingest: turn ${turn}, the stored rows into the keyed tables in ${keyed.seconds.toFixed(2)} s (${keyedRatio.toFixed(2)} × \\copy)`);
        const record: IngestTurn = {
          copySeconds: copy.seconds,
          ingestSeconds: ingest.seconds,
          ratio,
          keyedCopySeconds: keyed.seconds,
          keyedRatio,
          inserted: ingest.inserted,
          phases: ingest.phases,
          cpu: ingest.cpu,
          loadAverage: load,
        };
        result.turns.push(record);
        result.copyCommand = copy.command;
      } finally {
        await scratch.close();
      }
    }
  }
  for (const result of results) {
    result.medianCopySeconds = median(result.turns.map((t) => t.copySeconds));
    result.medianIngestSeconds = median(result.turns.map((t) => t.ingestSeconds));
    result.medianRatio = median(result.turns.map((t) => t.ratio));
    result.medianKeyedCopySeconds = median(result.turns.map((t) => t.keyedCopySeconds));
    result.medianKeyedRatio = median(result.turns.map((t) => t.keyedRatio));
    result.medianCpu = medianCpu(result.turns.map((t) => t.cpu));
  }
  for (const [i, entry] of files.entries()) results[i].sampled = await sampledIngest(serverUrl, entry, results[i].file, context);
  return { files: results, turns, postgres: await serverFacts(serverUrl), measuredAt: context.now() };
}
