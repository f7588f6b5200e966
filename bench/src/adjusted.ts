/**
 * The `adjusted` part: the case-mix adjusted comparison of therapists (report-contract.md section 6)
 * at network scale, 100,000 clients of 500 therapists, against R's lmer on the same file in the
 * same run. It makes its own seeded file (bench/out/adjusted-<clients>x<therapists>-seed<seed>.csv:
 * the session-1 and last-session PPT of each client, with therapist, clinic and condition), then
 * times, in this process, the fit alone (`adjustedComparison` on the clients already read: what the
 * API runs on the database's rows), `outcomes therapists` as a whole (its own process: reading and
 * validating the file, then the fit), and `Rscript bench/adjusted-lmer.R` (lmer, lmerTest's
 * Satterthwaite df, ranef with conditional variances), and compares the two fits' numbers.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { adjustedComparison, ModelClientsBuilder, type TherapistComparison } from '@threshold/stats';
import type { Progress } from './progress.js';
import type { AdjustedResult } from './results.js';
import { runProcess } from './run-process.js';

export const ADJUSTED_CLIENTS = 100_000;
export const ADJUSTED_THERAPISTS = 500;
const CLINICS = 20;
const CONDITIONS = ['neck_pain', 'tension_type_headache', ''];
const CONDITION_EFFECTS = [0, 8, -6];
const THERAPIST_SD = 4;
const RESIDUAL_SD = 12;

export interface AdjustedContext {
  root: string;
  out: string;
  outcomesJs: string;
  progress: Progress;
  load: () => number[];
  now: () => string;
  shown: (path: string) => string;
}

/** mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1) (as libs/stats/bench). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The file: per client, PPT before session 1 and before their last session (2 to 12), one site, in
 * kPa; change = 15 + 0.05 (baseline - 300) + 2 (last - 6) + condition + therapist + noise, with a
 * therapist SD of 4 kPa and a residual SD of 12 kPa. Deterministic for a seed.
 */
async function writeAdjustedFile(file: string, seed: number): Promise<void> {
  const uniform = mulberry32(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const therapistEffect = Array.from({ length: ADJUSTED_THERAPISTS }, () => THERAPIST_SD * normal());
  const lines = ['client_id,session,phase,measure,unit,value,condition,clinic_id,therapist_id'];
  for (let i = 0; i < ADJUSTED_CLIENTS; i++) {
    const therapist = Math.floor(uniform() * ADJUSTED_THERAPISTS);
    const condition = Math.floor(uniform() * CONDITIONS.length);
    const baseline = Math.min(1900, Math.max(20, 300 + 80 * normal() + 10 * (therapist % 3)));
    const last = 2 + Math.floor(uniform() * 11);
    const change =
      15 +
      0.05 * (baseline - 300) +
      2 * (last - 6) +
      CONDITION_EFFECTS[condition] +
      therapistEffect[therapist] +
      RESIDUAL_SD * normal();
    const later = Math.min(2000, Math.max(0, baseline + change));
    const keys = `${CONDITIONS[condition]},k${String(therapist % CLINICS).padStart(2, '0')},t${String(therapist).padStart(3, '0')}`;
    const client = `c${String(i + 1).padStart(6, '0')}`;
    lines.push(`${client},1,pre,ppt,kPa,${baseline.toFixed(2)},${keys}`);
    lines.push(`${client},${last},pre,ppt,kPa,${later.toFixed(2)},${keys}`);
  }
  await writeFile(file, `${lines.join('\n')}\n`);
}

/** The file's clients as the model sees them (a plain CSV: a split reads it). */
async function readClients(file: string): Promise<ReturnType<ModelClientsBuilder['build']>> {
  const [, ...lines] = (await readFile(file, 'utf8')).trimEnd().split('\n');
  const builder = new ModelClientsBuilder('all');
  for (const line of lines) {
    const [clientId, session, , , , value, condition, clinic, therapist] = line.split(',');
    builder.add({
      clientId,
      session: Number(session),
      phase: 'pre',
      site: null,
      value: Number(value),
      condition: condition === '' ? null : condition,
      clinic,
      therapist,
    });
  }
  return builder.build();
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

const largestRelativeDifference = (ours: Record<string, number | null>, theirs: Record<string, number>) =>
  Math.max(
    ...Object.entries(theirs).map(([term, value]) => Math.abs((ours[term] ?? Number.NaN) / value - 1)),
  );

export async function benchAdjusted(
  context: AdjustedContext,
  runs: number,
  seed = 1,
): Promise<AdjustedResult> {
  const { progress, shown } = context;
  const file = join(context.out, `adjusted-${ADJUSTED_CLIENTS}x${ADJUSTED_THERAPISTS}-seed${seed}.csv`);
  if (!existsSync(file)) {
    const step = progress.start(`adjusted: generating ${shown(file)}`);
    await writeAdjustedFile(file, seed);
    step.done(`adjusted: ${shown(file)}`);
  }

  const clients = await readClients(file);
  const loadAtFit = context.load();
  const fitSeconds: number[] = [];
  const fitCpuSeconds: number[] = [];
  let comparison: TherapistComparison | null = null;
  for (let i = 1; i <= runs; i++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    comparison = adjustedComparison(clients, 'therapist');
    const used = process.cpuUsage(cpu);
    fitSeconds.push((performance.now() - started) / 1000);
    fitCpuSeconds.push((used.user + used.system) / 1e6);
    progress.note(`adjusted: fit ${i} of ${runs}: ${fitSeconds.at(-1)!.toFixed(3)} s`);
  }
  if (comparison === null) throw new Error('adjusted: no comparison for the bench file');

  const cliOut = join(context.out, 'adjusted.json');
  const cliSeconds: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const finished = await runProcess(
      process.execPath,
      [context.outcomesJs, 'therapists', file, '--out', cliOut],
      { cwd: context.root, env: { ...process.env, NODE_OPTIONS: '' } },
    );
    if (finished.status !== 0) throw new Error(`outcomes therapists failed:\n${finished.stderr.trim()}`);
    cliSeconds.push(finished.wallSeconds);
    progress.note(`adjusted: outcomes therapists ${i} of ${runs}: ${finished.wallSeconds.toFixed(2)} s`);
  }

  const lmerOut = join(context.out, 'adjusted-lmer.json');
  const loadAtLmer = context.load();
  const step = progress.start('adjusted: lmer, lmerTest and ranef in R');
  const r = await runProcess('Rscript', [join(context.root, 'bench/adjusted-lmer.R'), file, lmerOut], {
    cwd: context.root,
  });
  if (r.status !== 0) throw new Error(`Rscript bench/adjusted-lmer.R failed:\n${r.stderr.trim()}`);
  const lmer = JSON.parse(await readFile(lmerOut, 'utf8')) as AdjustedResult['lmer'];
  step.done(
    `adjusted: lmer fit ${lmer.fitSeconds.toFixed(1)} s, Satterthwaite ${lmer.satterthwaiteSeconds.toFixed(1)} s`,
  );

  const estimates = Object.fromEntries(comparison.fixedEffects.map((term) => [term.term, term.estimate]));
  const dfs = Object.fromEntries(comparison.fixedEffects.map((term) => [term.term, term.df]));
  return {
    file: shown(file),
    clients: comparison.nClients,
    therapists: comparison.nTherapists,
    fitSeconds,
    medianFitSeconds: median(fitSeconds),
    fitCpuSeconds,
    cliSeconds,
    medianCliSeconds: median(cliSeconds),
    converged: comparison.converged,
    singular: comparison.singular,
    lmer: { ...lmer, wallSeconds: r.wallSeconds },
    estimateDifference: largestRelativeDifference(estimates, lmer.fixedEffects),
    dfDifference: largestRelativeDifference(dfs, lmer.df),
    therapistVarDifference: Math.abs(comparison.therapistVar / lmer.therapistVar - 1),
    commands: [
      `npm run -s outcomes -- therapists ${shown(file)} --out ${shown(cliOut)}`,
      `Rscript bench/adjusted-lmer.R ${shown(file)} ${shown(lmerOut)}`,
    ],
    loadAverageAtFit: loadAtFit,
    loadAverageAtLmer: loadAtLmer,
    measuredAt: context.now(),
  };
}
