/**
 * Times the trajectory fit at clinic-network scale: 100,000 clients x 12 sessions in three groups,
 * simulated with a fixed seed. Two schedules: complete (every client has sessions 1..12, so all
 * clients of a group share one pattern) and clinic-like (attrition and missed sessions, so many
 * patterns). The accumulation stands for the database's GROUP BY; the fit is what the API runs.
 *
 * Run from the repository root:
 *   npx tsc -p libs/stats/bench/tsconfig.bench.json && node libs/stats/out-tsc/bench/bench/mixed-model-bench.js
 */
import { accumulateClient, type ClientCrossProducts, fitTrajectory } from '../src/mixed-model/index.js';

const CLIENTS = 100_000;
const SESSIONS = 12;
const GROUPS = ['deep_tissue', 'sham_ultrasound', 'trigger_point_release'];
/** True model, in kPa: group intercepts and slopes per session, random-effect SDs and correlation. */
const INTERCEPTS = [300, 290, 295];
const SLOPES = [4, 1, 6];
const INTERCEPT_SD = 60;
const SLOPE_SD = 3;
const CORRELATION = -0.3;
const RESIDUAL_SD = 25;

/** mulberry32: a small, fast, seedable PRNG with uniform output in [0, 1). */
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

function normalSampler(uniform: () => number): () => number {
  // Box-Muller; 1 - u keeps the logarithm finite.
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

function simulate(
  schedule: 'complete' | 'clinic-like',
  seed: number,
): { clients: ClientCrossProducts[]; nObs: number } {
  const uniform = mulberry32(seed);
  const normal = normalSampler(uniform);
  const clients: ClientCrossProducts[] = [];
  let nObs = 0;
  for (let i = 0; i < CLIENTS; i++) {
    const group = i % GROUPS.length;
    const z1 = normal();
    const z2 = normal();
    const interceptDeviation = INTERCEPT_SD * z1;
    const slopeDeviation = SLOPE_SD * (CORRELATION * z1 + Math.sqrt(1 - CORRELATION ** 2) * z2);
    // Clinic-like: a client stops after a geometric number of sessions and misses 15% of the rest.
    const lastSession =
      schedule === 'complete'
        ? SESSIONS
        : Math.min(SESSIONS, 1 + Math.floor(Math.log(1 - uniform()) / Math.log(0.88)));
    const times: number[] = [];
    const values: number[] = [];
    for (let session = 1; session <= lastSession; session++) {
      if (schedule === 'clinic-like' && session > 1 && uniform() < 0.15) continue;
      const t = session - 1;
      times.push(t);
      values.push(
        INTERCEPTS[group] +
          interceptDeviation +
          (SLOPES[group] + slopeDeviation) * t +
          RESIDUAL_SD * normal(),
      );
    }
    nObs += times.length;
    clients.push(accumulateClient(group, times, values));
  }
  return { clients, nObs };
}

for (const schedule of ['complete', 'clinic-like'] as const) {
  const simulated = performance.now();
  const { clients, nObs } = simulate(schedule, 20240611);
  const accumulated = performance.now();
  const fit = fitTrajectory({ groups: GROUPS, clients, distinctTimes: SESSIONS });
  const fitted = performance.now();
  if (fit === null) throw new Error('no trajectory');
  const modes = fit.conditionalModes();
  const moded = performance.now();
  console.log(
    [
      `${schedule}: ${CLIENTS} clients, ${nObs} measurements, ${fit.optimizer.patterns} patterns`,
      `  simulate + accumulate: ${(accumulated - simulated).toFixed(0)} ms`,
      `  fit: ${(fitted - accumulated).toFixed(1)} ms, ${fit.iterations} Newton iterations, ${fit.optimizer.evaluations} evaluations, converged ${fit.converged}, Newton decrement ${fit.optimizer.newtonDecrement.toExponential(1)}, |gradient| ${fit.gradientNorm.toExponential(1)}`,
      `  conditional modes of all clients: ${(moded - fitted).toFixed(1)} ms (${modes.length})`,
      `  fixed effects: ${fit.fixedEffects.map((term) => `${term.term} ${term.estimate?.toFixed(3)} (se ${term.se?.toFixed(3)}, df ${term.df?.toFixed(0)})`).join('; ')}`,
      `  SDs: intercept ${Math.sqrt(fit.randomEffects.interceptVar ?? Number.NaN).toFixed(2)}, slope ${Math.sqrt(fit.randomEffects.slopeVar ?? Number.NaN).toFixed(3)}, residual ${Math.sqrt(fit.randomEffects.residualVar ?? Number.NaN).toFixed(2)}`,
    ].join('\n'),
  );
}
