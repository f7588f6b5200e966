/**
 * The bench's section of BENCHMARKS.md, and the same figures as a table for the terminal. The
 * section sits between two HTML comments so that it can be rewritten without touching the other
 * benches' sections (the API's, the dashboard's) around it.
 */
import type { Results } from './results.js';

export const SECTION_ID = 'outcomes-report';

const HEADER = `# Benchmarks

Each section below is one bench: what it measures, its figures on one machine, and the commands that
rerun it. Figures depend on the machine and on what else runs on it (load averages are recorded
with them): rerun on yours before comparing.
`;

const REPORT_GOAL_SECONDS = 10;
const REPORT_GOAL_BYTES = 2 ** 30;
const LMER_RATIO_GOAL = 0.25;

const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
const seconds = (value: number): string => `${value.toFixed(value < 10 ? 2 : 1)} s`;
const met = (ok: boolean): string => (ok ? 'met' : '**missed**');
const thousands = (value: number): string => value.toLocaleString('en-GB');

interface Row {
  step: string;
  figure: string;
  goal: string;
  verdict: string;
}

function rows(results: Results): Row[] {
  const { data, report, lmer } = results;
  const out: Row[] = [];
  if (data !== undefined) {
    out.push({
      step: `generate the CSV (${thousands(data.clients)} clients × ${data.sessions} sessions)`,
      figure:
        `${thousands(data.rows)} rows, ${(data.bytes / 1e6).toFixed(1)} MB` +
        (data.generateSeconds === null ? '' : `, ${seconds(data.generateSeconds)}`),
      goal: '',
      verdict: '',
    });
  }
  if (report !== undefined) {
    const each = report.runs.map((run) => run.wallSeconds.toFixed(2)).join(', ');
    out.push({
      step: `\`outcomes report\`, wall time (median of ${report.runs.length}: ${each} s)`,
      figure: seconds(report.medianWallSeconds),
      goal: `< ${REPORT_GOAL_SECONDS} s`,
      verdict: met(report.medianWallSeconds < REPORT_GOAL_SECONDS),
    });
    out.push({
      step: '`outcomes report`, peak RSS (largest of the runs)',
      figure: mib(report.maxRssBytes),
      goal: '< 1 GiB',
      verdict: met(report.maxRssBytes < REPORT_GOAL_BYTES),
    });
  }
  if (lmer !== undefined) {
    out.push({
      step: `R: read the CSV (${lmer.reader})`,
      figure: seconds(lmer.readSeconds),
      goal: '',
      verdict: '',
    });
    out.push({
      step: 'R: `lmer(value ~ time * group + (1 + time \\| client_id))`',
      figure: `${seconds(lmer.fitSeconds)}, ${lmer.convergenceWarning ? 'warned about convergence' : 'no convergence warning'}`,
      goal: '',
      verdict: '',
    });
    out.push({
      step: 'R: `Rscript bench/lmer.R` as a whole (start, load lme4, read, fit)',
      figure:
        seconds(lmer.wallSeconds) + (lmer.maxRssBytes === null ? '' : `, peak RSS ${mib(lmer.maxRssBytes)}`),
      goal: '',
      verdict: '',
    });
  }
  if (report !== undefined && lmer !== undefined) {
    const ratio = report.medianWallSeconds / lmer.fitSeconds;
    out.push({
      step: 'whole `outcomes report` ÷ lmer’s fit alone',
      figure: `${ratio.toFixed(3)} (${(1 / ratio).toFixed(1)} times faster)`,
      goal: `≤ ${LMER_RATIO_GOAL}`,
      verdict: met(ratio <= LMER_RATIO_GOAL),
    });
  }
  return out;
}

/** Largest relative difference between the report's fixed effects and lmer's, with the term. */
function agreement(results: Results): string | null {
  const fixed = results.report?.trajectory?.fixedEffects;
  const lmer = results.lmer;
  if (fixed === undefined || lmer === undefined) return null;
  let worst = { term: '', difference: 0 };
  for (const [term, estimate] of Object.entries(lmer.fixedEffects)) {
    const ours = fixed[term];
    if (ours === null || ours === undefined)
      return `the report has no estimate for ${term}, lmer has ${estimate}`;
    const difference = Math.abs(ours - estimate) / Math.abs(estimate);
    if (difference > worst.difference) worst = { term, difference };
  }
  return `largest relative difference ${worst.difference.toExponential(1)} (\`${worst.term}\`)`;
}

export function renderSection(results: Results): { table: string; markdown: string } {
  const table = rows(results);
  const widths = [0, 1, 2].map((i) =>
    Math.max(...table.map((row) => [row.step, row.figure, row.goal][i].replace(/[`\\]/g, '').length), 4),
  );
  const plain = table
    .map((row) =>
      [row.step, row.figure, row.goal]
        .map((cell, i) => cell.replace(/[`\\]/g, '').padEnd(widths[i]))
        .concat(row.verdict.replace(/\*/g, ''))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');

  const { machine, data, report, lmer } = results;
  const lines: string[] = [
    `<!-- bench:${SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/benchmarks-md.ts, not this text -->`,
    '## Outcomes report on 1.2 million rows, against lme4',
    '',
    '`npm run bench` (code and notes in `bench/`) generates the benchmark data set with the seeded data ' +
      'generator: PPT before each of 12 sessions for 100,000 clients in three techniques, no dropouts. It then ' +
      'times the whole `outcomes report` on that file (reading and validating every row, the descriptive and ' +
      'closed-form statistics and the REML mixed model), and fits the report’s trajectory model with R’s ' +
      '`lmer` (default optimiser, as an analyst would run it) on the same file in the same run.',
    '',
  ];
  if (data !== undefined) {
    lines.push(
      `Data: \`${data.file}\`, ${thousands(data.rows)} rows, seed ${data.seed}, SHA-256 \`${data.sha256}\` ` +
        '(the same on every machine).',
      '',
    );
  }
  lines.push('| step | figure | goal | |', '| --- | --- | --- | --- |');
  for (const row of table) lines.push(`| ${row.step} | ${row.figure} | ${row.goal} | ${row.verdict} |`);
  lines.push('');
  const agreed = agreement(results);
  if (agreed !== null && report?.trajectory && lmer) {
    lines.push(
      `Same model, same answer: the report’s fixed effects against lmer’s, ${agreed}. The report’s REML fit ` +
        `${report.trajectory.converged ? 'converged' : 'did not converge'} in ${report.trajectory.iterations} Newton ` +
        `iterations; lmer ${lmer.convergenceWarning ? `warned: “${lmer.warnings.join('”; “').replace(/\s+/g, ' ')}”` : 'gave no warning'}.`,
      '',
    );
  }
  if (machine !== undefined) {
    lines.push(
      '| machine | |',
      '| --- | --- |',
      `| CPU | ${machine.cpuModel}, ${machine.logicalCores} logical cores (${machine.availableParallelism} available) |`,
      `| memory | ${(machine.memoryBytes / 2 ** 30).toFixed(1)} GiB |`,
      `| OS | ${machine.os} |`,
      `| Node | ${machine.node} |`,
    );
    if (lmer !== undefined) lines.push(`| R | ${lmer.versions.R}, lme4 ${lmer.versions.lme4} |`);
    if (report !== undefined) {
      lines.push(
        `| load average (1, 5, 15 min) at the report runs | ${report.loadAverage.join(', ')} (${report.measuredAt}) |`,
      );
    }
    if (lmer !== undefined) {
      lines.push(
        `| load average (1, 5, 15 min) at the lmer fit | ${lmer.loadAverage.join(', ')} (${lmer.measuredAt}) |`,
      );
    }
    lines.push('');
  }
  lines.push(
    'Commands (from the repository root; `npm run bench -- data`, `-- report` or `-- lmer` runs one part, ' +
      '`--runs N` times the report N times):',
    '',
    '```sh',
    'npm run bench',
  );
  if (data !== undefined) lines.push(data.command);
  if (report !== undefined) lines.push(report.command);
  if (lmer !== undefined) lines.push(lmer.command);
  lines.push('```', `<!-- bench:${SECTION_ID} end -->`);
  return { table: plain, markdown: lines.join('\n') };
}

/** The document with the section `id` replaced by `markdown` (appended when it is not there yet). */
export function replaceSection(document: string, id: string, markdown: string): string {
  const start = document.indexOf(`<!-- bench:${id} start`);
  const endMarker = `<!-- bench:${id} end -->`;
  const end = document.indexOf(endMarker);
  if (start >= 0 && end > start) {
    return document.slice(0, start) + markdown + document.slice(end + endMarker.length);
  }
  const base = document.trim() === '' ? HEADER : document.replace(/\s*$/, '\n');
  return `${base}\n${markdown}\n`;
}
