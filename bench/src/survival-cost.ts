/**
 * The `survival` part: what the course-of-treatment fields (report-contract.md section 5:
 * timeToResponse, responseComparison, durability) cost `outcomes report` on the 1.2-million-row
 * file. Issue 18: "the report with the new fields takes at most 1.2 x the time it took without
 * them, measured side by side in one run".
 *
 * "Without them" is the program as it was: the commit before the survival merge, exported with
 * `git archive` into a folder of the system's temporary directory (not a git worktree: nothing of
 * the repository's own state changes), its dependencies installed by `npm ci` from its own lock
 * file and its command line built by its own `tsc -b`. That folder is made once and reused (its
 * making is not timed). No switch in today's code stands in for the old program: a switch would
 * measure today's reader and today's other statistics without the new part, not the program the
 * issue compares with.
 *
 * Both programs read the same file (the bench file has no follow-up rows, so the old reader takes
 * it) through the same RSS hook; the runs alternate, and the order within each pair alternates
 * too (with, without; without, with; …), so that a slow spell of the shared machine falls on both.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Progress } from './progress.js';
import type { DataResult } from './results.js';
import { runProcess, type Finished } from './run-process.js';

/** The first parent of the survival merge (408b9f9): the report before the new fields. */
export const BEFORE_SURVIVAL_COMMIT = '0f75a1c99203aa73c7a63e1aa577022833326c5f';
/** Issue 18's bound on the ratio of the medians. */
export const SURVIVAL_RATIO_GOAL = 1.2;

export interface SurvivalRun {
  variant: 'with' | 'without';
  wallSeconds: number;
  maxRssBytes: number;
  userSeconds: number;
  systemSeconds: number;
}

export interface SurvivalCostResult {
  file: string;
  dataSha256: string;
  beforeCommit: string;
  /** The commit the bench ran from (today's program). */
  currentCommit: string;
  runs: SurvivalRun[];
  medianWithSeconds: number;
  medianWithoutSeconds: number;
  ratio: number;
  /** Groups of today's report that carry timeToResponse (that the new fields were computed). */
  groupsWithTimeToResponse: number;
  /** Whether the old report has no such field at all. */
  beforeLacksFields: boolean;
  loadAverageAtStart: number[];
  loadAverageAtEnd: number[];
  measuredAt: string;
  commands: string[];
}

export interface SurvivalContext {
  root: string;
  out: string;
  outcomesJs: string;
  rssHook: string;
  data: DataResult;
  runs: number;
  progress: Progress;
  load: () => number[];
  now: () => string;
  shown: (path: string) => string;
}

function check(finished: Finished, what: string): void {
  if (finished.status !== 0) throw new Error(`${what} failed with status ${finished.status}:\n${finished.stderr.trim()}`);
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** The old program's folder, with its `outcomes` built; made once. */
async function beforeSurvival(context: SurvivalContext): Promise<{ dir: string; outcomesJs: string }> {
  const dir = join(tmpdir(), `threshold-before-survival-${BEFORE_SURVIVAL_COMMIT.slice(0, 7)}`);
  const outcomesJs = join(dir, 'apps/api/dist/cli/outcomes.js');
  if (existsSync(outcomesJs)) {
    context.progress.note(`survival: reusing the build of ${BEFORE_SURVIVAL_COMMIT.slice(0, 7)} in ${dir}`);
    return { dir, outcomesJs };
  }
  const step = context.progress.start(`survival: git archive ${BEFORE_SURVIVAL_COMMIT.slice(0, 7)}, npm ci and tsc -b in ${dir}`);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  check(
    await runProcess('sh', ['-c', `git archive ${BEFORE_SURVIVAL_COMMIT} | tar -x -C "${dir}"`], { cwd: context.root }),
    'git archive of the commit before the survival merge',
  );
  check(await runProcess('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir }), 'npm ci (before survival)');
  check(
    await runProcess(join(dir, 'node_modules/.bin/tsc'), ['-b', 'apps/api/tsconfig.app.json'], { cwd: dir }),
    'tsc -b apps/api (before survival)',
  );
  step.done(`survival: built ${BEFORE_SURVIVAL_COMMIT.slice(0, 7)}'s outcomes in ${dir}`);
  return { dir, outcomesJs };
}

export async function benchSurvivalCost(context: SurvivalContext): Promise<SurvivalCostResult> {
  const { progress, data } = context;
  const before = await beforeSurvival(context);
  const currentCommit = (await runProcess('git', ['rev-parse', 'HEAD'], { cwd: context.root })).stdout.trim();
  const file = join(context.root, data.file);
  const programs = { with: context.outcomesJs, without: before.outcomesJs } as const;
  const outs = { with: join(context.out, 'survival-with.json'), without: join(context.out, 'survival-without.json') };
  const usageFile = join(context.out, 'survival.rusage.json');
  const runs: SurvivalRun[] = [];
  const loadAverageAtStart = context.load();
  for (let pair = 1; pair <= context.runs; pair++) {
    const order: ('with' | 'without')[] = pair % 2 === 1 ? ['with', 'without'] : ['without', 'with'];
    for (const variant of order) {
      await rm(usageFile, { force: true });
      const step = progress.start(`survival: pair ${pair} of ${context.runs}, ${variant} the new fields`);
      const finished = await runProcess(process.execPath, ['--import', context.rssHook, programs[variant], 'report', file, '--out', outs[variant]], {
        cwd: context.root,
        env: { ...process.env, NODE_OPTIONS: '', BENCH_RUSAGE_FILE: usageFile },
      });
      check(finished, `outcomes report (${variant} the new fields)`);
      const usage = JSON.parse(await readFile(usageFile, 'utf8')) as Omit<SurvivalRun, 'variant' | 'wallSeconds'>;
      runs.push({ variant, wallSeconds: finished.wallSeconds, ...usage });
      step.done(`survival: pair ${pair}, ${variant}: ${finished.wallSeconds.toFixed(2)} s`);
    }
  }
  const loadAverageAtEnd = context.load();
  // That "with" computed the new fields and "without" had none: otherwise the ratio means nothing.
  const withReport = JSON.parse(await readFile(outs.with, 'utf8')) as { groups: { timeToResponse?: unknown }[] };
  const withoutText = await readFile(outs.without, 'utf8');
  const groupsWithTimeToResponse = withReport.groups.filter((group) => group.timeToResponse !== null && group.timeToResponse !== undefined).length;
  if (groupsWithTimeToResponse === 0) throw new Error('survival: today\'s report has no timeToResponse: the comparison would measure nothing');
  const beforeLacksFields = !withoutText.includes('"timeToResponse"');
  if (!beforeLacksFields) throw new Error(`survival: the report of ${BEFORE_SURVIVAL_COMMIT.slice(0, 7)} already has timeToResponse`);
  const seconds = (variant: 'with' | 'without') => runs.filter((run) => run.variant === variant).map((run) => run.wallSeconds);
  const medianWithSeconds = median(seconds('with'));
  const medianWithoutSeconds = median(seconds('without'));
  const result: SurvivalCostResult = {
    file: data.file,
    dataSha256: data.sha256,
    beforeCommit: BEFORE_SURVIVAL_COMMIT,
    currentCommit,
    runs,
    medianWithSeconds,
    medianWithoutSeconds,
    ratio: medianWithSeconds / medianWithoutSeconds,
    groupsWithTimeToResponse,
    beforeLacksFields,
    loadAverageAtStart,
    loadAverageAtEnd,
    measuredAt: context.now(),
    commands: [
      `npm run -s outcomes -- report ${data.file} --out ${context.shown(outs.with)}`,
      `git archive ${BEFORE_SURVIVAL_COMMIT} | tar -x -C ${before.dir} && (cd ${before.dir} && npm ci --ignore-scripts && npx tsc -b apps/api/tsconfig.app.json)`,
      `node ${before.outcomesJs} report ${data.file} --out ${context.shown(outs.without)}`,
    ],
  };
  await writeFile(join(context.out, 'survival-runs.json'), `${JSON.stringify(result, null, 2)}\n`);
  return result;
}
