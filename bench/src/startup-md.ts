/** The start-up section of BENCHMARKS.md (bench/src/startup.ts). */
import {
  commandsBlock,
  machineRows,
  markdownTable,
  met,
  plainTable,
  seconds,
  type Row,
} from './benchmarks-md.js';
import type { Results } from './results.js';
import type { StartRun } from './startup.js';

export const STARTUP_SECTION_ID = 'startup';
const STARTUP_GOAL_SECONDS = 30;

function startRow(what: string, run: StartRun, goal: boolean): Row {
  const parts = [
    run.serverSeconds === null ? null : `server ${seconds(run.serverSeconds)}`,
    run.demoSeconds === null ? null : `of which the demo data ${seconds(run.demoSeconds)}`,
    run.startSteps,
    `load average ${run.loadAverage.join(', ')}`,
  ].filter((part) => part !== null);
  return {
    step: `${what} (${parts.join('; ')})`,
    figure: seconds(run.wallSeconds),
    goal: goal ? `< ${STARTUP_GOAL_SECONDS} s` : '',
    verdict: goal ? met(run.wallSeconds < STARTUP_GOAL_SECONDS) : '',
  };
}

/** The lines as printed, without the leading blank line and with the (throwaway) admin token left out. */
function printed(lines: readonly string[]): string[] {
  return lines
    .join('\n')
    .trim()
    .replace(/(token=|Admin token \(kept in [^)]*\): )\S+/g, '$1…')
    .split('\n');
}

export function renderStartupSection(results: Results): { table: string; markdown: string } {
  const s = results.startup!;
  const rows: Row[] = [
    startRow('first `npm start`: build, new embedded database, demo data loaded', s.first, true),
    startRow('second `npm start`: built, database loaded', s.second, false),
  ];
  const lines: string[] = [
    `<!-- bench:${STARTUP_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/startup-md.ts, not this text -->`,
    '## Start-up on a fresh clone',
    '',
    '`npm run bench -- startup` (code in `bench/src/startup.ts`) clones the committed repository ' +
      `(${s.commit.slice(0, 10)}) into a temporary folder, runs \`npm ci\` there ` +
      `(${s.installSeconds.toFixed(0)} s, not counted), then times \`npm start\` from its launch to the line that says it ` +
      'is ready and gives the address, twice: the first start (the API compiled by swc and the dashboard’s Vite build, side ' +
      'by side with the creation of the embedded database, then the server and the demo data) and a second start (nothing ' +
      'to build, the database loaded). The server part is from its log (`.data/logs/threshold.log`).',
    '',
    ...markdownTable(rows),
    '',
    'What the first start printed, whole:',
    '',
    '```',
    ...printed(s.first.lines),
    '```',
    '',
    ...machineRows(results),
    `| measured | ${s.measuredAt} |`,
    '',
    ...commandsBlock(
      'Command (from the repository root; commit first: the clone is of HEAD):',
      ['npm run bench -- startup'],
      STARTUP_SECTION_ID,
    ),
  ];
  return { table: plainTable(rows), markdown: lines.join('\n') };
}
