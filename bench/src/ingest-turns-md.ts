/**
 * The ingest section of BENCHMARKS.md (bench/src/ingest-turns.ts): the ingest goal judged on the
 * medians of turns, for the benchmark file and a clinic-shaped file.
 */
import {
  commandsBlock,
  INGEST_OVER_KEYED_GOAL,
  INGEST_RATIO_GOAL,
  ingestPhasesText,
  machineRows,
  markdownTable,
  met,
  plainTable,
  postgresRow,
  seconds,
  thousands,
  type Row,
} from './benchmarks-md.js';
import type { CpuSeconds } from './cpu-time.js';
import type { IngestFileTurns, Results } from './results.js';

export const INGEST_SECTION_ID = 'ingest';

const ratioText = (value: number): string => `${value.toFixed(2)}×`;

function shapeText(f: IngestFileTurns): string {
  return `${thousands(f.rows)} rows, ${thousands(f.clients)} clients, ${thousands(f.sessions)} sessions (${(f.rows / f.sessions).toFixed(1)} readings per session), ${(f.bytes / 1e6).toFixed(0)} MB`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Each file's goal row (the ingest against PostgreSQL's own load of the same rows into the same
 * keyed tables, keyed-copy.ts), then the earlier goal against the bare `\copy`, then the row of
 * PostgreSQL alone.
 */
function goalRows(results: Results): Row[] {
  return results.ingest!.files.flatMap((f) => [
    {
      step: `${f.label}: HTTP ingest ÷ PostgreSQL’s own \`\\copy\` of the rows it stored into the same keyed tables (readings, sessions, clients, report cells and client courses, with their keys and indexes), median of the turns: ${f.turns.map((t) => ratioText(t.ingestSeconds / t.keyedCopySeconds)).join(', ')}`,
      figure: ratioText(median(f.turns.map((t) => t.ingestSeconds / t.keyedCopySeconds))),
      goal: `≤ ${INGEST_OVER_KEYED_GOAL}×`,
      verdict: met(median(f.turns.map((t) => t.ingestSeconds / t.keyedCopySeconds)) <= INGEST_OVER_KEYED_GOAL),
    },
    {
      step: `${f.label}: \`${f.file}\`, ${shapeText(f)}; medians of ${f.turns.length} turns: \`\\copy\` ${seconds(f.medianCopySeconds)}, HTTP ingest ${seconds(f.medianIngestSeconds)}; ÷ \`\\copy\` in each turn: ${f.turns.map((t) => ratioText(t.ratio)).join(', ')}`,
      figure: ratioText(f.medianRatio),
      goal: `≤ ${INGEST_RATIO_GOAL}× (the earlier goal)`,
      verdict: met(f.medianRatio <= INGEST_RATIO_GOAL),
    },
    {
      step: `… PostgreSQL alone, no API: the rows that ingest stored, \`\\copy\`’d into the keyed tables of a new database in one transaction; median ${seconds(f.medianKeyedCopySeconds)}; ÷ \`\\copy\` in each turn: ${f.turns.map((t) => ratioText(t.keyedRatio)).join(', ')}`,
      figure: ratioText(f.medianKeyedRatio),
      goal: '',
      verdict: f.medianKeyedRatio > INGEST_RATIO_GOAL ? 'out of reach for any ingest that stores these rows in these tables' : '',
    },
  ]);
}

const cpuText = (cpu: CpuSeconds | null): string =>
  cpu === null ? '' : `${cpu.server.toFixed(2)} + ${cpu.postgres === null ? '?' : cpu.postgres.toFixed(2)} + ${cpu.sender.toFixed(2)} s`;

const percent = (share: number): string => `${Math.round(share * 100)} %`;

/** A file's CPU time, medians of the turns, and the floor it sets on this machine's cores. */
function cpuSentence(f: IngestFileTurns, cores: number): string | null {
  if (f.medianCpu === null || f.medianCpu.postgres === null) return null;
  const { server, postgres, sender } = f.medianCpu;
  const floor = (server + postgres + sender) / cores;
  return (
    `CPU time: the server ${seconds(server)}, PostgreSQL ${seconds(postgres)}, the bench sending the file ${seconds(sender)}. ` +
    `On ${cores} cores that work takes at least ${seconds(floor)}, ${ratioText(floor / f.medianCopySeconds)} the median \`\\copy\`, ` +
    `however well the server and PostgreSQL overlap (the median ingest took ${seconds(f.medianIngestSeconds)}); ` +
    `PostgreSQL’s own CPU time (nearly all of it in the one backend of the store’s transaction, which no other core can share) is ${ratioText(postgres / f.medianCopySeconds)} \`\\copy\`.`
  );
}

/**
 * What the store's backend did in the sampled ingest, and the bound it sets: the ingest cannot be
 * shorter than the backend's own time (working, or waiting on its own writes).
 */
function backendSentence(f: IngestFileTurns): string | null {
  if (f.sampled === null) return null;
  const waits = f.sampled.backend;
  return (
    `In one more ingest (${seconds(f.sampled.ingestSeconds)}, ${waits.samples} samples) the server’s PostgreSQL backends were working ` +
    `${percent(waits.working)} of the time, waiting on their own writes (WAL, file extension) ${percent(waits.ownWrites)}, waiting for the API ` +
    `${percent(waits.waitingForApi)}${waits.other > 0.005 ? `, on other things ${percent(waits.other)}` : ''}: were the API never to keep ` +
    `PostgreSQL waiting, the median ingest would still take about ${ratioText(f.medianRatio * (1 - waits.waitingForApi))} \`\\copy\`.`
  );
}

/**
 * Each file's CPU time and its backend's samples: the sentences that say whether the ingest waits
 * or works, and on which side.
 */
function whereTheTimeGoesLines(results: Results): string[] {
  const cores = results.machine?.availableParallelism;
  const lines: string[] = [];
  for (const f of results.ingest!.files) {
    const sentences = [cores === undefined ? null : cpuSentence(f, cores), backendSentence(f)].filter((text) => text !== null);
    if (sentences.length > 0) lines.push(`- ${f.label}: ${sentences.join(' ')}`);
  }
  if (lines.length === 0) return [];
  return [
    'Where the time goes, from the request’s start to the answer (medians of the turns): CPU time from Linux’s /proc, of the API ' +
      'server (all its threads), of PostgreSQL (all its processes on this machine) and of the bench, which streams the file; and ' +
      'what the server’s PostgreSQL backends were doing in one more ingest of each file, sampled from `pg_stat_activity` every ' +
      '10 ms (`bench/src/backend-waits.ts`; not in the timed turns, since the sampling takes CPU time of its own):',
    '',
    ...lines,
    '',
  ];
}

function turnLines(results: Results): string[] {
  const lines = [
    '| turn | file | `\\copy` | HTTP ingest | ÷ `\\copy` | the stored rows into the keyed tables (÷ `\\copy`) | CPU: server + PostgreSQL + sender | where the ingest went (the server’s log line) | load average |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  const { files, turns } = results.ingest!;
  for (let turn = 0; turn < turns; turn++) {
    for (const f of files) {
      const t = f.turns[turn];
      if (t === undefined) continue;
      lines.push(
        `| ${turn + 1} | \`${f.file.split('/').pop()}\` | ${seconds(t.copySeconds)} | ${seconds(t.ingestSeconds)} | ${ratioText(t.ratio)} | ${seconds(t.keyedCopySeconds)} (${ratioText(t.keyedRatio)}) | ${cpuText(t.cpu)} | ` +
          `${t.phases === null ? '' : ingestPhasesText(t.phases)} | ${t.loadAverage.join(', ')} |`,
      );
    }
  }
  return lines;
}

export function renderIngestSection(results: Results): { table: string; markdown: string } {
  const ingest = results.ingest!;
  const table = goalRows(results);
  const lines: string[] = [
    `<!-- bench:${INGEST_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/ingest-turns-md.ts, not this text -->`,
    '## HTTP ingest against `\\copy`, in turns (the ingest goal)',
    '',
    '`npm run bench -- ingest` (code in `bench/src/ingest-turns.ts`) judges the ingest goal, `POST /api/ingest` of 1.2 million ' +
      'rows within 1.3 × PostgreSQL’s own load of the same rows into the same keyed tables (below; it was 4 × the time of ' +
      '`psql`’s `\\copy` of the same file into a bare table, which is below PostgreSQL’s own floor for one reading per session), ' +
      'on medians: this machine’s speed moves ' +
      'by a third within the hour, and one pair of runs can land on either side of the goal. Each turn copies each file into a ' +
      'bare table of its columns (a new scratch database), then sends it to a new server on another new scratch database, ' +
      'the files alternating, so that a slower minute falls on both; each turn’s ratio is against its own `\\copy`. After each ' +
      'ingest the bench stops the server and copies the rows it stored (clinics, therapists, clients, sessions, readings, report ' +
      'cells) with ' +
      '`psql`’s `\\copy` into a new database of the same schema, in one transaction (`bench/src/keyed-copy.ts`): PostgreSQL ' +
      'writing those rows into those tables (heaps, primary keys, indexes, their WAL) with no API at all, the least any ingest ' +
      'that stores them there can take. Two files:',
    '',
    '- the benchmark file of the sections above: one PPT reading per session, pre only, one site, no clinic or therapist. ' +
      'The worst case for the store, which writes a session (a row and a key in `sessions`) for every reading;',
    '- a clinic-shaped file from the practice generator (the one the demo data come from): what a clinic network exports, ' +
      'PPT before and after at several sites, pain ratings and other measures, in three algometer units, with the clinic, ' +
      'the therapist, the condition and the date on every row.',
    '',
    ...markdownTable(table),
    '',
    ...whereTheTimeGoesLines(results),
    'Every turn:',
    '',
    ...turnLines(results),
    '',
    ...machineRows(results),
    postgresRow(ingest.postgres),
    `| measured | ${ingest.measuredAt} |`,
    '',
    ...commandsBlock(
      'Commands (from the repository root; `--turns N` sets the number of turns, default 5; the files are made once, then reused):',
      [
        'npm run bench -- ingest',
        ...ingest.files.map((f) => f.command),
        ...ingest.files.flatMap((f) => (f.copyCommand === undefined ? [] : [f.copyCommand])),
        'curl -X POST -H "Authorization: Bearer …" -H "Content-Type: text/csv" --data-binary @FILE "http://127.0.0.1:PORT/api/ingest?filename=FILE"',
      ],
      INGEST_SECTION_ID,
    ),
  ];
  return { table: plainTable(table), markdown: lines.join('\n') };
}
