/**
 * The control limits of a funnel plot as every funnel draws them: 95% dashed, 99.8% solid and
 * darker, each as a curve over n, clipped to the chart (the raw funnel, funnel-plot.ts, and the
 * case-mix adjusted one, adjusted-funnel-chart.ts).
 */
import * as Plot from '@observablehq/plot';
import type { FunnelLimitPoint } from '../stats/funnel-limits.js';
import { INK } from './palette.js';

export function funnelLimitMarks(limits: readonly FunnelLimitPoint[]): Plot.Markish[] {
  const limit95 = { stroke: INK.limit95, strokeDasharray: '5,4', clip: true } as const;
  const limit998 = { stroke: INK.limit998, strokeWidth: 1.25, clip: true } as const;
  return [
    Plot.line(limits, { x: 'n', y: 'upper95', ...limit95 }),
    Plot.line(limits, { x: 'n', y: 'lower95', ...limit95 }),
    Plot.line(limits, { x: 'n', y: 'upper998', ...limit998 }),
    Plot.line(limits, { x: 'n', y: 'lower998', ...limit998 }),
  ];
}
