/**
 * Behaviour of fitTrajectory on clinic-shaped data (R pins the numbers in r-fixtures.spec.ts):
 * when there is no trajectory, the random part, the split between per-client sums and the fit,
 * invariances, rank deficiency, singular and non-converged fits.
 */
import { expectClose } from '../testing/expect-close.js';
import {
  accumulateClient,
  type ClientCrossProducts,
  mergeClientCrossProducts,
  type TrajectoryRow,
  trajectoryDataFromRows,
} from './cross-products.js';
import {
  fitTrajectory,
  randomStructureFor,
  type TrajectoryFit,
  type TrajectoryInput,
} from './fit-trajectory.js';

/** mulberry32: a small seedable PRNG, so that every simulated data set is the same on every run. */
function uniformSource(seed: number): () => number {
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
 * PPT-like pre values (kPa) for clients in groups of the given sizes: client intercepts around
 * 300 + 10 g (SD 50), slopes 2 + 2 g per session (SD 3), residual SD 20. Up to `sessions` sessions;
 * after each session a client drops out with probability 0.1, and each later session is missed with
 * probability `missing`.
 */
function simulateRows(
  groupSizes: readonly number[],
  sessions: number,
  missing: number,
  seed: number,
): TrajectoryRow[] {
  const uniform = uniformSource(seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
  const rows: TrajectoryRow[] = [];
  groupSizes.forEach((size, g) => {
    for (let i = 0; i < size; i++) {
      const clientId = `g${g}-c${i}`;
      const intercept = 300 + 10 * g + 50 * normal();
      const slope = 2 + 2 * g + 3 * normal();
      for (let session = 1; session <= sessions; session++) {
        if (session > 1 && uniform() < 0.1) break;
        if (session > 1 && uniform() < missing) continue;
        const value = intercept + slope * (session - 1) + 20 * normal();
        rows.push({ clientId, group: `group${g}`, session, value });
      }
    }
  });
  return rows;
}

function groupNames(count: number): string[] {
  return Array.from({ length: count }, (_, g) => `group${g}`);
}

function fitOrFail(input: TrajectoryInput): TrajectoryFit {
  const fit = fitTrajectory(input);
  if (fit === null) throw new Error('expected a trajectory');
  return fit;
}

/**
 * Every number of two fits agrees to a relative `tolerance` (absolute below 1), and the Satterthwaite
 * df to 1e-7: they come from a numerically differentiated Hessian, whose rounding noise (the gradient's
 * rounding divided by the step) shows up at about 1e-8 when the data are summed in another order.
 */
function expectSameFit(actual: TrajectoryFit, expected: TrajectoryFit, tolerance: number): void {
  const close = (a: number | null, b: number | null, label: string, relTol = tolerance): void => {
    if (b === null) {
      expect(a).toBeNull();
      return;
    }
    const error = Math.abs((a ?? Number.NaN) - b);
    if (!(error <= relTol * Math.max(1, Math.abs(b)))) throw new Error(`${label}: ${a} instead of ${b}`);
  };
  expected.fixedEffects.forEach((term, k) => {
    const other = actual.fixedEffects[k];
    expect(other.term).toBe(term.term);
    close(other.estimate, term.estimate, `${term.term} estimate`);
    close(other.se, term.se, `${term.term} se`);
    close(other.df, term.df, `${term.term} df`, Math.max(tolerance, 1e-7));
    close(other.p, term.p, `${term.term} p`, Math.max(tolerance, 1e-7));
  });
  const { interceptVar, slopeVar, interceptSlopeCov, residualVar } = expected.randomEffects;
  close(actual.randomEffects.interceptVar, interceptVar, 'interceptVar');
  close(actual.randomEffects.slopeVar, slopeVar, 'slopeVar');
  close(actual.randomEffects.interceptSlopeCov, interceptSlopeCov, 'interceptSlopeCov');
  close(actual.randomEffects.residualVar, residualVar, 'residualVar');
  close(actual.logLikREML, expected.logLikREML, 'logLikREML');
  expect(actual.nObs).toBe(expected.nObs);
  expect(actual.nClients).toBe(expected.nClients);
  expect(actual.singular).toBe(expected.singular);
}

const GROUPS3 = groupNames(3);
const CLINIC_ROWS = simulateRows([40, 25, 8], 12, 0.3, 7);

describe('randomStructureFor', () => {
  it('follows the contract: slope from 3 distinct sessions, intercept from 2, nothing below', () => {
    expect(randomStructureFor(12)).toBe('intercept+slope');
    expect(randomStructureFor(3)).toBe('intercept+slope');
    expect(randomStructureFor(2)).toBe('intercept');
    expect(randomStructureFor(1)).toBeNull();
    expect(randomStructureFor(0)).toBeNull();
  });
});

describe('fitTrajectory', () => {
  it('returns null with fewer than 2 distinct sessions', () => {
    const rows = CLINIC_ROWS.filter((row) => row.session === 1);
    expect(fitTrajectory(trajectoryDataFromRows(rows, GROUPS3))).toBeNull();
  });

  it('fits a random intercept only on a sessions-1-and-12 schedule, with null slope components', () => {
    const rows = CLINIC_ROWS.filter((row) => row.session === 1 || row.session === 12);
    const fit = fitOrFail(trajectoryDataFromRows(rows, GROUPS3));
    expect(fit.converged).toBe(true);
    expect(fit.randomEffects.structure).toBe('intercept');
    expect(fit.randomEffects.slopeVar).toBeNull();
    expect(fit.randomEffects.interceptSlopeCov).toBeNull();
    expect(fit.theta).toHaveLength(1);
    expect(fit.fixedEffects.map((term) => term.term)).toEqual([
      '(Intercept)',
      'time',
      'group[group1]',
      'group[group2]',
      'time:group[group1]',
      'time:group[group2]',
    ]);
    const mode = fit.conditionalModes()[0];
    expect(mode.slope).toBeNull();
    expect(mode.interceptVar).toBeGreaterThan(0);
  });

  it('returns null when there are no more measurements than random effects (lme4 refuses the fit)', () => {
    // Two measurements per client at three distinct sessions: N = 2 x clients random effects.
    const twoEach = [1, 2, 3, 4].map((i) =>
      accumulateClient(0, [i % 3, (i + 1) % 3], [200 + i, 210 + 2 * i]),
    );
    expect(fitTrajectory({ groups: ['all'], clients: twoEach, distinctTimes: 3 })).toBeNull();
    // One measurement per client at two distinct sessions: N = clients random intercepts.
    const oneEach = [0, 1, 0, 1].map((t, i) => accumulateClient(0, [t], [200 + i]));
    expect(fitTrajectory({ groups: ['all'], clients: oneEach, distinctTimes: 2 })).toBeNull();
  });

  it('returns null for fewer than two clients', () => {
    const client = accumulateClient(0, [0, 1, 2, 3], [200, 205, 212, 214]);
    expect(fitTrajectory({ groups: ['all'], clients: [client], distinctTimes: 4 })).toBeNull();
  });

  it('fits one group with (Intercept) and time only', () => {
    const rows = CLINIC_ROWS.filter((row) => row.group === 'group0');
    const fit = fitOrFail(trajectoryDataFromRows(rows, ['group0']));
    expect(fit.fixedEffects.map((term) => term.term)).toEqual(['(Intercept)', 'time']);
    expect(fit.converged).toBe(true);
    expect(fit.nClients).toBe(40);
  });

  it('handles clients with a single measurement and very unequal groups (40, 25 and 8 clients)', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, GROUPS3);
    expect(data.clients.some((client) => client.n === 1)).toBe(true);
    const fit = fitOrFail(data);
    expect(fit.converged).toBe(true);
    expect(fit.warnings).toEqual([]);
    for (const term of fit.fixedEffects) {
      for (const value of [term.estimate, term.se, term.df, term.t, term.p])
        expect(Number.isFinite(value)).toBe(true);
    }
    expect(fit.gradientNorm).toBeLessThan(1e-6);
  });

  it('reports the terms of a group without clients as null, as lme4 drops their columns', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, [...GROUPS3, 'group3']);
    const fit = fitOrFail(data);
    const byTerm = new Map(fit.fixedEffects.map((term) => [term.term, term]));
    for (const term of ['group[group3]', 'time:group[group3]']) {
      expect(byTerm.get(term)).toEqual({ term, estimate: null, se: null, df: null, t: null, p: null });
    }
    // The other terms are those of the fit without the empty group.
    const without = fitOrFail(trajectoryDataFromRows(CLINIC_ROWS, GROUPS3));
    for (const term of without.fixedEffects)
      expectClose(byTerm.get(term.term)?.estimate, term.estimate, 1e-9, term.term);
  });

  it('ignores clients without measurements, and still gives them a conditional mode (0, prior variance)', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, GROUPS3);
    const empty: ClientCrossProducts = { group: 1, n: 0, st: 0, stt: 0, sy: 0, sty: 0, syy: 0 };
    const fit = fitOrFail({ ...data, clients: [...data.clients, empty] });
    expectSameFit(fit, fitOrFail(data), 1e-12);
    const modes = fit.conditionalModes();
    expect(modes).toHaveLength(data.clients.length + 1);
    const prior = modes[modes.length - 1];
    expect(prior.intercept).toBe(0);
    expect(prior.slope).toBe(0);
    expectClose(prior.interceptVar, fit.randomEffects.interceptVar, 1e-12, 'prior intercept variance');
    expectClose(prior.slopeVar, fit.randomEffects.slopeVar, 1e-12, 'prior slope variance');
  });

  it('gives the same fit from per-client sums merged across shards as from the rows', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, GROUPS3);
    // Two shards (odd and even sessions), summed separately per client as two databases would.
    const shardSums = (parity: number): Map<string, ClientCrossProducts> => {
      const byClient = new Map<string, { group: number; times: number[]; values: number[] }>();
      for (const row of CLINIC_ROWS.filter((r) => r.session % 2 === parity)) {
        const entry = byClient.get(row.clientId) ?? {
          group: GROUPS3.indexOf(row.group),
          times: [],
          values: [],
        };
        entry.times.push(row.session - 1);
        entry.values.push(row.value);
        byClient.set(row.clientId, entry);
      }
      return new Map([...byClient].map(([id, e]) => [id, accumulateClient(e.group, e.times, e.values)]));
    };
    const odd = shardSums(1);
    const even = shardSums(0);
    const merged = data.clientIds.map((id) => {
      const a = odd.get(id);
      const b = even.get(id);
      if (a && b) return mergeClientCrossProducts(a, b);
      const only = a ?? b;
      if (!only) throw new Error(`client ${id} in no shard`);
      return only;
    });
    const sharded = fitOrFail({ groups: GROUPS3, clients: merged, distinctTimes: data.distinctTimes });
    expectSameFit(sharded, fitOrFail(data), 1e-9);
  });

  it('does not depend on the order of the clients', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, GROUPS3);
    const reversed = fitOrFail({ ...data, clients: [...data.clients].reverse() });
    expectSameFit(reversed, fitOrFail(data), 1e-9);
    const modes = fitOrFail(data).conditionalModes();
    const reversedModes = reversed.conditionalModes().reverse();
    modes.forEach((mode, i) => expectClose(reversedModes[i].intercept, mode.intercept, 1e-8, `mode ${i}`));
  });

  it('changes only the intercept when every value is shifted by a constant', () => {
    const shift = 123.25;
    const shifted = CLINIC_ROWS.map((row) => ({ ...row, value: row.value + shift }));
    const base = fitOrFail(trajectoryDataFromRows(CLINIC_ROWS, GROUPS3));
    const moved = fitOrFail(trajectoryDataFromRows(shifted, GROUPS3));
    expectClose(
      moved.fixedEffects[0].estimate,
      (base.fixedEffects[0].estimate ?? Number.NaN) + shift,
      1e-9,
      'intercept',
    );
    const withoutIntercept = (fit: TrajectoryFit): TrajectoryFit => ({
      ...fit,
      fixedEffects: fit.fixedEffects.slice(1),
    });
    expectSameFit(withoutIntercept(moved), withoutIntercept(base), 1e-7);
    expectClose(moved.fixedEffects[0].se, base.fixedEffects[0].se, 1e-7, 'intercept se');
    expectClose(moved.fixedEffects[0].df, base.fixedEffects[0].df, 1e-7, 'intercept df');
  });

  it('says converged: false when stopped before the optimum, and still reports its numbers', () => {
    const data = trajectoryDataFromRows(CLINIC_ROWS, GROUPS3);
    const early = fitOrFail({ ...data, maxIterations: 1 });
    expect(early.converged).toBe(false);
    expect(early.iterations).toBe(1);
    expect(early.warnings[0]).toMatch(/^REML optimisation did not converge/);
    expect(early.gradientNorm).toBeGreaterThan(1e-3);
    expect(Number.isFinite(early.fixedEffects[1].estimate)).toBe(true);
    expect(early.logLikREML).toBeLessThan(fitOrFail(data).logLikREML ?? Number.NaN);
  });

  it('flags a singular fit when every client has the same slope', () => {
    // y = client level + 2 t + the same wiggle for everyone: between-client slope variance 0.
    const wiggle = [0, 3, -2, 4, -1, 2];
    const clients = [180, 215, 240, 260, 300, 330].map((level, i) =>
      accumulateClient(
        i % 2,
        wiggle.map((_, t) => t),
        wiggle.map((w, t) => level + 2 * t + w + (i % 2) * t),
      ),
    );
    const fit = fitOrFail({ groups: ['a', 'b'], clients, distinctTimes: 6 });
    expect(fit.converged).toBe(true);
    expect(fit.singular).toBe(true);
    expect(fit.randomEffects.slopeVar).toBeLessThan(1e-10);
  });

  it('converges on 150 simulated clinics of every shape, singular or not, with every number finite', () => {
    // Random shapes: 1-4 groups, 3-60 clients, 2-12 sessions, dropouts and missed sessions, and
    // client intercept and slope SDs that include 0 (singular fits), at PPT-like and NRS-like levels.
    let fitted = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const uniform = uniformSource(1000 + seed);
      const normal = (): number =>
        Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
      const pick = <T>(options: readonly T[]): T => options[Math.floor(uniform() * options.length)];
      const groupCount = 1 + Math.floor(uniform() * 4);
      const sessions = 2 + Math.floor(uniform() * 11);
      const [interceptSd, slopeSd, residualSd, level] = [
        pick([0, 5, 50]),
        pick([0, 0.5, 3]),
        pick([2, 20]),
        pick([5, 300]),
      ];
      const [dropout, missing] = [uniform() * 0.3, uniform() * 0.4];
      const clients: ClientCrossProducts[] = [];
      const times = new Set<number>();
      for (let i = 3 + Math.floor(uniform() * 58); i > 0; i--) {
        const group = Math.floor(uniform() * groupCount);
        const [intercept, slope] = [level + interceptSd * normal(), 2 + slopeSd * normal()];
        const [t, y]: [number[], number[]] = [[], []];
        for (let session = 1; session <= sessions; session++) {
          if (session > 1 && uniform() < dropout) break;
          if (session > 1 && uniform() < missing) continue;
          t.push(session - 1);
          y.push(intercept + slope * (session - 1) + residualSd * normal());
          times.add(session);
        }
        clients.push(accumulateClient(group, t, y));
      }
      const fit = fitTrajectory({ groups: groupNames(groupCount), clients, distinctTimes: times.size });
      if (fit === null) continue;
      fitted += 1;
      if (!fit.converged) throw new Error(`seed ${seed}: ${fit.optimizer.message}`);
      for (const term of fit.fixedEffects.filter((t) => t.estimate !== null)) {
        for (const value of [term.se, term.df, term.t, term.p]) expect(Number.isFinite(value)).toBe(true);
      }
    }
    expect(fitted).toBeGreaterThan(120);
  });

  it('refuses clients whose group is not an index of groups', () => {
    const clients = [accumulateClient(2, [0, 1], [1, 2]), accumulateClient(0, [0, 1], [1, 2])];
    expect(() => fitTrajectory({ groups: ['a', 'b'], clients, distinctTimes: 2 })).toThrow(RangeError);
  });
});
