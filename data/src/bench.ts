/**
 * The benchmark shape: a perfectly regular data set whose row count is exactly
 * clients x sessions (100,000 x 12 = 1,200,000 by default). PPT before each session, one reading at
 * one site, in kPa, three techniques, no dropouts and no missed measurements, so that timings
 * measure the pipeline and not the sparsity of the data.
 *
 * Model (kPa): client intercept ~ N(300, 70); client slope per session = technique slope
 * (trigger-point release 3, deep tissue 2, Swedish 1: ~33 / 22 / 11 kPa by session 12, the range
 * of Moraska et al. 2017 and Geri et al. 2022) + N(0, 1.5); reading error N(0, 20).
 */
import { createRng } from './rng.js';
import { clientKey } from './ids.js';
import { pptReading } from './units.js';
import type { ColumnName, GeneratedDataSet, MeasurementRow } from './rows.js';
import { rowsOf } from './rows.js';

export const BENCH_TECHNIQUES = ['trigger_point_release', 'deep_tissue', 'swedish'] as const;
const TECHNIQUE_SLOPE_KPA: Readonly<Record<(typeof BENCH_TECHNIQUES)[number], number>> = {
  trigger_point_release: 3,
  deep_tissue: 2,
  swedish: 1,
};
export const BENCH_SITE = 'upper_trapezius_right';

export interface BenchOptions {
  seed?: number;
  clients?: number;
  sessions?: number;
}

export const BENCH_COLUMNS: readonly ColumnName[] = [
  'client_id',
  'technique',
  'session',
  'phase',
  'measure',
  'site',
  'value',
  'unit',
];

export function benchDataSet(options: BenchOptions = {}): GeneratedDataSet {
  const seed = options.seed ?? 1;
  const clientCount = options.clients ?? 100_000;
  const sessions = options.sessions ?? 12;
  if (!Number.isInteger(clientCount) || clientCount < 1)
    throw new RangeError(`clients must be a positive integer, got ${clientCount}`);
  if (!Number.isInteger(sessions) || sessions < 1)
    throw new RangeError(`sessions must be a positive integer, got ${sessions}`);

  function* clients(): Generator<MeasurementRow[]> {
    for (let index = 1; index <= clientCount; index++) {
      const rng = createRng(seed, `bench/client/${index}`);
      const clientId = clientKey(index);
      const technique = rng.pick(BENCH_TECHNIQUES);
      const intercept = rng.normal(300, 70);
      const slope = TECHNIQUE_SLOPE_KPA[technique] + rng.normal(0, 1.5);
      const rows: MeasurementRow[] = [];
      for (let session = 1; session <= sessions; session++) {
        const trueKPa = Math.max(60, intercept + slope * (session - 1));
        rows.push({
          client_id: clientId,
          technique,
          session,
          phase: 'pre',
          measure: 'ppt',
          site: BENCH_SITE,
          value: pptReading(trueKPa + rng.normal(0, 20), 'kPa'),
          unit: 'kPa',
        });
      }
      yield rows;
    }
  }

  return { name: 'bench', columns: BENCH_COLUMNS, clientCount, clients };
}

export function generateBench(options: BenchOptions = {}): Generator<MeasurementRow> {
  return rowsOf(benchDataSet(options));
}
