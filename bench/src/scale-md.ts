/** The scale section of BENCHMARKS.md (bench/src/scale.ts): issue 22's goals, each met or missed. */
import {
  commandsBlock,
  machineRows,
  markdownTable,
  met,
  mib,
  plainTable,
  postgresRow,
  seconds,
  thousands,
  type Row,
} from './benchmarks-md.js';
import type { Results } from './results.js';
import type { ColdReportFigure, ScaleFile, ScaleResult } from './scale.js';

export const SCALE_SECTION_ID = 'scale';

/** Issue 22's goals. */
export const SCALE_GOALS = {
  practiceNetworkMs: 3000,
  selectionMs: 150,
  concurrentRssBytes: 1.5e9,
  ingestRatio: 1.3,
  dashboardMs: 1500,
  embeddedMs: 2000,
} as const;
/** The issue's full size: the benchmark shape's clients. */
const FULL_CLIENTS = 1_000_000;

const ms = (value: number): string => `${value < 10 ? value.toFixed(1) : value.toFixed(0)} ms`;
const duration = (milliseconds: number): string => (milliseconds < 1000 ? ms(milliseconds) : seconds(milliseconds / 1000));

function fileText(file: ScaleFile): string {
  return `${thousands(file.rows)} rows, ${thousands(file.clients)} clients, ${(file.bytes / 1e6).toFixed(0)} MB`;
}

function reportText(report: ColdReportFigure): string {
  return `${report.groups} groups, ${thousands(report.clients)} clients, X-Cache: ${report.cache}; load ${report.loadAverage.join(', ')}`;
}

function scaleRows(s: ScaleResult): Row[] {
  const rows: Row[] = [];
  const info = (step: string, figure: string): void => void rows.push({ step, figure, goal: '', verdict: '' });
  if (s.benchmark !== null)
    info(`\`POST /api/ingest\` of the benchmark shape (${fileText(s.benchmark.file)})`, seconds(s.benchmark.ingest.seconds));
  if (s.practice !== null)
    info(`\`POST /api/ingest\` of the practice shape (${fileText(s.practice.file)}; 100 clinics, 800 therapists)`, seconds(s.practice.ingest.seconds));
  for (const [shape, figures] of [
    ['practice', s.practice],
    ['benchmark', s.benchmark],
  ] as const) {
    const n = figures?.network ?? null;
    if (n === null) continue;
    info(`PostgreSQL’s own join and group-by of the ${shape} shape’s PPT readings by technique, session and phase (${n.groupBy.detail}), right after the report`, duration(n.groupBy.ms));
    if (n.afterIngest !== undefined) {
      info(
        `the same report right after the ${shape} shape’s ingest, on the server that ingested: it waits for the ingest’s planner statistics and runs beside its vacuum of the cells (${reportText(n.afterIngest)})`,
        duration(n.afterIngest.ms),
      );
    }
    rows.push(
      shape === 'practice'
        ? {
            step: `cold network report, practice shape: PPT by technique, no filter (${reportText(n.report)})`,
            figure: duration(n.report.ms),
            goal: `< ${SCALE_GOALS.practiceNetworkMs / 1000} s`,
            verdict: met(n.report.ms < SCALE_GOALS.practiceNetworkMs),
          }
        : {
            step: `cold network report, benchmark shape (${reportText(n.report)}); ÷ PostgreSQL’s group-by: ${(n.report.ms / n.groupBy.ms).toFixed(2)}×`,
            figure: duration(n.report.ms),
            goal: `≤ the group-by (${duration(n.groupBy.ms)})`,
            verdict: met(n.report.ms <= n.groupBy.ms),
          },
    );
  }
  for (const [what, report] of [
    ['one clinic', s.practice?.clinic ?? null],
    ['one therapist', s.practice?.therapist ?? null],
  ] as const) {
    if (report === null) continue;
    rows.push({
      step: `cold report of ${what} (\`?${report.query}\`; ${reportText(report)})`,
      figure: duration(report.ms),
      goal: `< ${SCALE_GOALS.selectionMs} ms`,
      verdict: met(report.ms < SCALE_GOALS.selectionMs),
    });
  }
  const c = s.practice?.concurrent ?? null;
  if (c !== null) {
    const statuses = Object.entries(c.statuses)
      .map(([status, count]) => (status === 'no answer' ? `${count} without an answer` : `${count} answered ${status}`))
      .join(', ');
    const line = c.computations as { concurrency?: number; peakRunning?: number; peakQueued?: number } | null;
    rows.push(
      {
        step:
          `${c.requests} requests with ${c.requests} different filters (clinics and therapists) at once, none cached: errors (${statuses}); ` +
          `server peak RSS while they ran ${c.peakRssBytes === null ? '?' : mib(c.peakRssBytes)}` +
          (c.rssBeforeBytes === undefined || c.rssBeforeBytes === null ? '' : ` (${mib(c.rssBeforeBytes)} just before)`) +
          `; all answered in ${duration(c.wallMs)} (clinics and therapists interleaved)` +
          (line === null
            ? ''
            : `; the line of uncached work: ${line.concurrency} at once, at most ${line.peakRunning} ran and ${line.peakQueued} waited`),
        figure: `${c.errors} errors, ${c.peakRssBytes === null ? '?' : mib(c.peakRssBytes)}`,
        goal: 'no errors, < 1.5 GB',
        verdict: met(c.errors === 0 && c.peakRssBytes !== null && c.peakRssBytes < SCALE_GOALS.concurrentRssBytes),
      },
      { step: `… p50 (load ${c.loadAverage.join(', ')})`, figure: duration(c.p50Ms), goal: 'recorded', verdict: '' },
      { step: `… p99 (max ${duration(c.maxMs)})`, figure: duration(c.p99Ms), goal: 'recorded', verdict: '' },
    );
  }
  const a = s.addition;
  if (a.file !== null && a.intoLoaded !== null && a.intoEmpty !== null) {
    const ratio = a.intoLoaded.seconds / a.intoEmpty.seconds;
    info(`\`POST /api/ingest\` of ${fileText(a.file)} (the benchmark shape, other clients) into an empty database`, seconds(a.intoEmpty.seconds));
    rows.push({
      step: `the same into the benchmark shape’s ${thousands(s.benchmark?.file.rows ?? NaN)}-reading database: ${seconds(a.intoLoaded.seconds)}; ÷ into the empty one`,
      figure: `${ratio.toFixed(2)}×`,
      goal: `≤ ${SCALE_GOALS.ingestRatio}×`,
      verdict: met(ratio <= SCALE_GOALS.ingestRatio),
    });
  }
  const d = s.dashboard;
  if (d !== null) {
    rows.push({
      step: `the dashboard’s first charts, cold, practice shape (a new server process on its database: nothing cached; the report answered at ${ms(d.coldReportMs)}, X-Cache: ${d.coldReportCache ?? '?'}; later visits median ${ms(d.warmMedianMs)})`,
      figure: duration(d.coldMs),
      goal: `< ${SCALE_GOALS.dashboardMs / 1000} s`,
      verdict: met(d.coldMs < SCALE_GOALS.dashboardMs),
    });
  }
  const e = s.embedded;
  if (e !== null && a.file !== null) {
    info(`\`POST /api/ingest\` of ${fileText(a.file)}, embedded database (PGlite)`, seconds(e.ingest.seconds));
    if (e.afterIngest !== undefined) {
      info(
        `cold report right after that ingest, on the server that ingested: on the embedded database’s one connection it waits for the ingest’s planner statistics (${reportText(e.afterIngest)})`,
        duration(e.afterIngest.ms),
      );
    }
    rows.push({
      step: `cold report on that embedded database, on a new server process once the ingest’s upkeep is over (${reportText(e.report)})`,
      figure: duration(e.report.ms),
      goal: `< ${SCALE_GOALS.embeddedMs / 1000} s`,
      verdict: met(e.report.ms < SCALE_GOALS.embeddedMs),
    });
  }
  return rows;
}

export function renderScaleSection(results: Results): { table: string; markdown: string } {
  const s = results.scale!;
  const rows = scaleRows(s);
  const reduced = s.options.clients < FULL_CLIENTS;
  const lines: string[] = [
    `<!-- bench:${SCALE_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/scale-md.ts, not this text -->`,
    '## Ten times the data: reports that scale with the selection (issue 22)',
    '',
    '`npm run bench -- scale` (code in `bench/src/scale.ts`) makes two sets with the seeded generators in a temporary ' +
      `folder (removed after the run): the benchmark shape, ${thousands(s.options.clients)} clients × 12 sessions, one ` +
      `reading each, and a practice shape of about as many readings (${s.practice === null ? '?' : thousands(s.practice.file.clients)} clients of 100 ` +
      'clinics and 800 therapists, sites, phases, several measures), and a file of a tenth of the benchmark shape with other ' +
      'clients. Each set goes through `POST /api/ingest` of the built server into a new scratch database of the PostgreSQL ' +
      'server; then, on each, a cold network report on a new server process once the ingest’s upkeep (its planner ' +
      'statistics, the vacuum of the cells) is over, as the dashboard’s first visit is measured, beside PostgreSQL’s own join ' +
      'and group-by of the same readings on the same database, measured right after it (and the same report right after ' +
      'the ingest, on the server that ingested, for comparison); on the practice shape a cold report of one clinic and of one therapist, ' +
      `${s.options.concurrency} requests with as many different filters all at once (each on its own connection), and the ` +
      'dashboard’s first charts in Chromium on a new server process (nothing cached); the tenth-size file into the ' +
      '12-million-reading database and into an empty one; and that file on the embedded database (PGlite), its cold report ' +
      'measured the same two ways as the network reports.' +
      (reduced
        ? ` **This run was reduced (\`--clients ${thousands(s.options.clients)}\`), not the issue’s size: its verdicts do not judge the goals.**`
        : '') +
      (s.incomplete === undefined ? '' : ` **This run did not reach its end (${s.incomplete}): the goals without a row were not measured.**`),
    '',
    ...markdownTable(rows),
    '',
    ...machineRows(results),
    postgresRow(s.postgres),
    `| load average (1, 5, 15 min) | at the start ${s.loadAverage.start.join(', ')}; at the end ${s.loadAverage.end.join(', ')} |`,
    `| measured | ${s.startedAt} to ${s.measuredAt}${s.options.skip.length > 0 ? `; parts skipped: ${s.options.skip.join(', ')}` : ''} |`,
    '',
    ...commandsBlock(
      'Commands (from the repository root; `npm run bench -- scale` runs all of this, `--clients N` at another size, ' +
        '`--skip network,selection,concurrent,ingest,dashboard,embedded` leaves parts out; what it runs, by hand):',
      [`npm run bench -- scale${reduced ? ` --clients ${s.options.clients}` : ''}`, ...s.commands],
      SCALE_SECTION_ID,
    ),
  ];
  return { table: plainTable(rows), markdown: lines.join('\n') };
}
