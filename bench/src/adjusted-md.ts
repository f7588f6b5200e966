/** The `adjusted` part's section of BENCHMARKS.md (bench/src/adjusted.ts), and its table for the terminal. */
import {
  commandsBlock,
  machineRows,
  markdownTable,
  met,
  plainTable,
  type Row,
  seconds,
  thousands,
} from './benchmarks-md.js';
import type { Results } from './results.js';

export const ADJUSTED_SECTION_ID = 'adjusted';
/** Issue 19: on 100,000 clients and 500 therapists the fit takes under 2 s. */
const FIT_GOAL_SECONDS = 2;

const median = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const each = (values: readonly number[], digits: number): string =>
  values.map((v) => v.toFixed(digits)).join(', ');

export function renderAdjustedSection(results: Results): { table: string; markdown: string } {
  const a = results.adjusted!;
  const r = a.lmer;
  const rRest = r.satterthwaiteSeconds + r.ranefSeconds;
  const rows: Row[] = [
    {
      step: `the fit alone, in process (median of ${a.fitSeconds.length}: ${each(a.fitSeconds, 3)} s)`,
      figure: seconds(a.medianFitSeconds),
      goal: `< ${FIT_GOAL_SECONDS} s`,
      verdict: met(a.medianFitSeconds < FIT_GOAL_SECONDS),
    },
    {
      step: `the fit alone, CPU time (each run: ${each(a.fitCpuSeconds, 3)} s)`,
      figure: seconds(median(a.fitCpuSeconds)),
      goal: '',
      verdict: '',
    },
    {
      step: `\`outcomes therapists\` as a whole: read, validate, fit, write (median of ${a.cliSeconds.length}: ${each(a.cliSeconds, 2)} s)`,
      figure: seconds(a.medianCliSeconds),
      goal: '',
      verdict: '',
    },
    {
      step: `R: read the CSV and make the clients (${r.reader})`,
      figure: seconds(r.readSeconds),
      goal: '',
      verdict: '',
    },
    {
      step: 'R: `lmer(change ~ baseline_c + sessions_c + condition + (1 \\| therapist))`',
      figure:
        `${seconds(r.fitSeconds)} (CPU ${seconds(r.fitCpuSeconds)})` +
        (r.warnings.length > 0 ? ', with warnings' : ''),
      goal: '',
      verdict: '',
    },
    {
      step: 'R: lmerTest’s Satterthwaite df, then `ranef(condVar = TRUE)`',
      figure: `${seconds(r.satterthwaiteSeconds)} + ${seconds(r.ranefSeconds)}`,
      goal: '',
      verdict: '',
    },
    {
      step: 'R: `Rscript bench/adjusted-lmer.R` as a whole',
      figure: seconds(r.wallSeconds),
      goal: '',
      verdict: '',
    },
    {
      step: 'the fit alone ÷ R’s fit, df and conditional modes',
      figure: `${(a.medianFitSeconds / (r.fitSeconds + rRest)).toFixed(3)} (${((r.fitSeconds + rRest) / a.medianFitSeconds).toFixed(0)} times faster)`,
      goal: '',
      verdict: '',
    },
  ];
  const lines: string[] = [
    `<!-- bench:${ADJUSTED_SECTION_ID} start: written by \`npm run bench\` (bench/); edit bench/src/adjusted-md.ts, not this text -->`,
    '## Therapists compared fairly: 100,000 clients and 500 therapists, against lme4',
    '',
    '`npm run bench -- adjusted` (code in `bench/src/adjusted.ts`) makes a seeded file of PPT before session 1 and ' +
      'before each client’s last session, with therapist, clinic and condition ' +
      `(\`${a.file}\`: ${thousands(a.clients)} clients of ${thousands(a.therapists)} therapists, made once), ` +
      'and fits report-contract.md section 6’s model by REML three ways in one run: the fit alone in the bench’s process ' +
      '(the clients already read: what the API runs on its rows), `outcomes therapists` as its own process, and R’s ' +
      '`lmer` with its default optimiser followed by lmerTest’s Satterthwaite df and `ranef(condVar = TRUE)` ' +
      '(lmerTest’s `lmer` computes the Hessian it needs during the fit, so the fit carries most of the df’s cost). ' +
      'Wall times move with the machine’s load (recorded below); CPU times much less.',
    '',
    ...markdownTable(rows),
    '',
    `Same model, same answer: the fixed effects against lmer’s default fit, largest relative difference ${a.estimateDifference.toExponential(1)}; ` +
      `Satterthwaite df ${a.dfDifference.toExponential(1)}; therapist variance ${a.therapistVarDifference.toExponential(1)} ` +
      `(lme4’s default optimiser stops short of the optimum; the fixtures of libs/stats/test-fixtures/adjusted-comparison hold the ` +
      `numbers to its converged fit). Our fit ${a.converged ? 'converged' : 'did **not** converge'}` +
      `${a.singular ? ' (singular)' : ''}; lmer ${r.warnings.length > 0 ? `warned: ${r.warnings.map((w) => `“${w}”`).join('; ')}` : 'gave no warning'}.`,
    '',
    ...machineRows(results),
    `| R | ${r.versions.R}, lme4 ${r.versions.lme4}, lmerTest ${r.versions.lmerTest} |`,
    `| load average (1, 5, 15 min) at the fits | ${a.loadAverageAtFit.join(', ')} |`,
    `| load average (1, 5, 15 min) at the R run | ${a.loadAverageAtLmer.join(', ')} (${a.measuredAt}) |`,
    '',
    ...commandsBlock(
      'Commands (from the repository root):',
      ['npm run bench -- adjusted', ...a.commands],
      ADJUSTED_SECTION_ID,
    ),
  ];
  return { table: plainTable(rows), markdown: lines.join('\n') };
}
