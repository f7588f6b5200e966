/** The `survival` part's section of BENCHMARKS.md (bench/src/survival-cost.ts), and its table for the terminal. */
import { commandsBlock, machineRows, markdownTable, met, mib, plainTable, type Row, seconds, thousands } from './benchmarks-md.js';
import type { Results } from './results.js';
import { SURVIVAL_RATIO_GOAL } from './survival-cost.js';

export const SURVIVAL_SECTION_ID = 'survival-cost';

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

export function renderSurvivalSection(results: Results): { table: string; markdown: string } {
  const s = results.survival!;
  const of = (variant: 'with' | 'without') => s.runs.filter((run) => run.variant === variant);
  const each = (variant: 'with' | 'without') => of(variant).map((run) => run.wallSeconds.toFixed(2)).join(', ');
  const peak = (variant: 'with' | 'without') => Math.max(...of(variant).map((run) => run.maxRssBytes));
  const cpuSeconds = (variant: 'with' | 'without') => of(variant).map((run) => run.userSeconds + run.systemSeconds);
  const cpu = (variant: 'with' | 'without') =>
    of(variant)
      .map((run) => (run.userSeconds + run.systemSeconds).toFixed(2))
      .join(', ');
  const rows: Row[] = [
    {
      step: `\`outcomes report\` without the new fields (${s.beforeCommit.slice(0, 7)}, before the survival merge; median of ${of('without').length}: ${each('without')} s)`,
      figure: seconds(s.medianWithoutSeconds),
      goal: '',
      verdict: '',
    },
    {
      step: `\`outcomes report\` with them (${s.currentCommit.slice(0, 7)}; median of ${of('with').length}: ${each('with')} s)`,
      figure: seconds(s.medianWithSeconds),
      goal: '',
      verdict: '',
    },
    {
      step: 'with ÷ without (medians)',
      figure: s.ratio.toFixed(3),
      goal: `≤ ${SURVIVAL_RATIO_GOAL}`,
      verdict: met(s.ratio <= SURVIVAL_RATIO_GOAL),
    },
    {
      // CPU time moves less with other people's work than wall time: the cost of the fields themselves.
      step: `CPU time, user + system, with ÷ without (medians; without: ${cpu('without')} s; with: ${cpu('with')} s)`,
      figure: (median(cpuSeconds('with')) / median(cpuSeconds('without'))).toFixed(3),
      goal: '',
      verdict: '',
    },
    {
      step: 'peak RSS, largest of the runs (without; with)',
      figure: `${mib(peak('without'))}; ${mib(peak('with'))}`,
      goal: '',
      verdict: '',
    },
  ];
  const lines: string[] = [
    `<!-- bench:${SURVIVAL_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/survival-cost-md.ts, not this text -->`,
    '## What the course-of-treatment fields cost the 1.2-million-row report',
    '',
    '`npm run bench -- survival` (code in `bench/src/survival-cost.ts`) times `outcomes report` on the benchmark file ' +
      `(\`${s.file}\`, the same file as above) with the fields of report-contract.md section 5 (timeToResponse, ` +
      'responseComparison, durability; today’s program) and without them: the program as it was at the commit before the ' +
      `survival merge (${s.beforeCommit.slice(0, 7)}), exported with \`git archive\`, installed with \`npm ci\` from its own lock ` +
      'file and built with its own `tsc -b`, once, outside the repository. The runs alternate in pairs whose order alternates ' +
      `too, on one machine in one run. Today’s report had timeToResponse in ${thousands(s.groupsWithTimeToResponse)} groups; ` +
      `the old one ${s.beforeLacksFields ? 'has no such field' : 'already had it'}. The benchmark file has no follow-up visits, so ` +
      'durability is null there: the figures are the cost of the Kaplan-Meier curves, their medians and the log-rank test, and of ' +
      `looking for follow-up rows. Issue 18: with ≤ ${SURVIVAL_RATIO_GOAL} × without.`,
    '',
    ...markdownTable(rows),
    '',
    ...machineRows(results),
    `| load average (1, 5, 15 min) at the first run | ${s.loadAverageAtStart.join(', ')} |`,
    `| load average (1, 5, 15 min) after the last run | ${s.loadAverageAtEnd.join(', ')} (${s.measuredAt}) |`,
    '',
    'The machine is shared (2 cores, other people’s builds and tests running): wall times move with the load above, and ' +
      'the alternation puts a slow spell on both programs alike.',
    '',
    ...commandsBlock('Commands (from the repository root):', ['npm run bench -- survival', ...s.commands], SURVIVAL_SECTION_ID),
  ];
  return { table: plainTable(rows), markdown: lines.join('\n') };
}
