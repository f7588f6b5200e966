/**
 * A funnel of adjusted change against the number of clients: each therapist's (or clinic's)
 * adjusted mean change, (Intercept) + effect (the change the model expects of them with an average
 * client), against their clients, with control limits around the network's (Intercept).
 *
 * Limits: (Intercept) ± z·√(residualVar / n), z = 1.96 and 3.09: how far the mean adjusted change
 * of n clients would stray from the network's by chance alone if every therapist had the same
 * effect (Spiegelhalter's funnel, with σ² the model's residual variance). The dots are shrunken
 * estimates, pulled towards the centre more the fewer clients they rest on, so this funnel is
 * conservative: the signal (the effect's own 95% interval) is the model's test, and the chart
 * shows where each entry sits among the rest.
 */
import * as Plot from '@observablehq/plot';
import type { AdjustedComparison } from '../api/adjusted-types.js';
import { formatChange, formatN, formatNumber } from '../format/number-format.js';
import { TOO_FEW_TEXT } from '../format/small-numbers.js';
import { chartLabel, SIGNAL_TEXT, tableLabel, type AdjustedRow } from '../pages/therapists/adjusted-rows.js';
import { ANONYMOUS_GREY, adjustedColour } from './adjusted-effects-chart.js';
import type { ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import type { FunnelLimitPoint } from '../stats/funnel-limits.js';
import { INK } from './palette.js';
import { funnelLimitMarks } from './funnel-limit-marks.js';
import { baseOptions, chartHeight } from './plot-theme.js';

const Z95 = 1.959964;
const Z998 = 3.090232;

/** A point of the limits' curves, the shape the raw funnel's limits have (stats/funnel-limits.ts). */
export type AdjustedLimit = FunnelLimitPoint;

/** The model's intercept: the expected change of an average client of an average therapist. */
export function interceptOf(comparison: AdjustedComparison): number | null {
  return comparison.fixedEffects.find((term) => term.term === '(Intercept)')?.estimate ?? null;
}

/** Control limits from n = 1 to maxN around `centre` (see above); none without a residual variance. */
export function adjustedLimits(centre: number, residualVar: number | null, maxN: number): AdjustedLimit[] {
  if (residualVar === null || !(residualVar >= 0)) return [];
  const limits: AdjustedLimit[] = [];
  // Every whole n up to 60, then about 100 steps: smooth curves without thousands of points.
  const step = Math.max(1, Math.ceil(maxN / 100));
  for (let n = 1; n <= maxN; n = n < 60 ? n + 1 : n + step) {
    const se = Math.sqrt(residualVar / n);
    limits.push({
      n,
      lower95: centre - Z95 * se,
      upper95: centre + Z95 * se,
      lower998: centre - Z998 * se,
      upper998: centre + Z998 * se,
    });
  }
  return limits;
}

export function adjustedFunnelChart(
  comparison: AdjustedComparison,
  rows: readonly AdjustedRow[],
  context: ChartContext,
): ChartSpec<AdjustedRow> {
  const unit = comparison.unit || context.measure.unit;
  const by = comparison.by;
  const kind = by === 'therapist' ? 'therapist' : 'clinic';
  const lowerIsBetter = context.measure.direction === 'lower-is-better';
  const centre = interceptOf(comparison) ?? 0;
  const maxN = Math.max(2, ...rows.map((row) => row.nClients));
  const limits = adjustedLimits(centre, comparison.residualVar, Math.ceil(maxN * 1.04));
  const anonymous = rows.filter((row) => row.anonymous).length;
  // Labels: one's own entry ("you") and named entries with a signal; the rest are named in the
  // table and the tooltips (a clinic's therapists often sit too close together to label).
  const labelled = rows.filter((row) => row.self || (!row.anonymous && !row.few && row.signal !== 'within'));
  const summary =
    `${rows.length} ${kind}s; the network’s expected change for an average client: ${formatChange(centre, 1)} ${unit}, residual SD ${formatNumber(comparison.residualVar === null ? null : Math.sqrt(comparison.residualVar), 1)}. ` +
    rows
      .filter((row) => !row.anonymous)
      .map(
        (row) =>
          `${tableLabel(row, by)}: ${formatChange(row.adjustedMeanChange, 1)} ${unit} adjusted, ${formatN(row.nClients)}`,
      )
      .join('; ');
  const title = (row: AdjustedRow): string =>
    `${tableLabel(row, by)}\nadjusted change ${formatChange(row.adjustedMeanChange, 1)} ${unit} · ${formatN(row.nClients)}\n${row.few ? TOO_FEW_TEXT : SIGNAL_TEXT[row.signal]}`;
  const coloured = rows.map((row) => ({ ...row, colour: adjustedColour(row, lowerIsBetter) }));
  const dots = (subset: readonly AdjustedRow[], mark: string, opacity: number): Plot.Markish =>
    Plot.dot(subset, {
      x: 'nClients',
      y: 'adjustedMeanChange',
      r: mark === 'anonymous' ? 3.5 : 4.5,
      fill: 'colour',
      fillOpacity: opacity,
      stroke: 'white',
      strokeWidth: 0.75,
      title,
      tip: true,
      className: `adjusted-${mark}`,
    });

  return {
    id: `adjusted-funnel-${by}`,
    title: `Adjusted change against number of clients`,
    description: `Each ${kind}'s adjusted mean change in ${context.measure.label.toLowerCase()} (${unit}), the change expected of them with an average client, against their number of clients, with 95% and 99.8% control limits around the network's.`,
    summary,
    rows,
    legend: [
      { label: 'network (Intercept)', colour: INK.text },
      { label: '95% limits', colour: INK.limit95, dashed: true },
      { label: '99.8% limits', colour: INK.limit998 },
      ...(anonymous > 0 && rows.length > anonymous
        ? [
            {
              label: rows.some((row) => row.self)
                ? 'you (circled)'
                : `your ${by === 'therapist' ? 'clinics’ therapists' : 'clinics'} (names in the table)`,
              colour: INK.text,
              symbol: 'circle',
            },
          ]
        : []),
      { label: `another clinic’s ${kind} (no name)`, colour: ANONYMOUS_GREY, symbol: 'circle' },
    ],
    notes: [
      `Limits: (Intercept) ± z·√(σ²/n), z = 1.96 and 3.09, σ² the model’s residual variance (${formatNumber(comparison.residualVar, 1)}): where the mean adjusted change of n clients would fall by chance alone if every ${kind} had the same effect.`,
      'The dots are shrunken estimates, pulled towards the network the fewer clients they rest on, so few fall outside these limits: the signal in the sentences below (the effect’s own 95% interval) is the model’s test.',
    ],
    columns: [
      {
        name: `${kind}_name`,
        label: kind === 'therapist' ? 'Therapist' : 'Clinic',
        value: (row) => (row.anonymous ? '' : row.label),
        display: (row) => tableLabel(row, by),
      },
      { name: `${kind}_key`, label: 'Key', value: (row) => row.key, table: false },
      { name: 'n_clients', label: 'Clients', value: (row) => row.nClients, numeric: true },
      {
        name: 'adjusted_mean_change',
        label: `Adjusted change (${unit})`,
        value: (row) => row.adjustedMeanChange,
        display: (row) => formatChange(row.adjustedMeanChange, 1),
        numeric: true,
      },
    ],
    render(width) {
      const values = [
        ...rows.map((row) => row.adjustedMeanChange),
        ...limits.filter((point) => point.n >= 2).flatMap((point) => [point.lower998, point.upper998]),
      ];
      const low = Math.min(...values);
      const high = Math.max(...values);
      const pad = (high - low) * 0.06 || 1;
      return Plot.plot({
        ...baseOptions(width, 'Adjusted change against number of clients', summary),
        height: chartHeight(width, 0.55, 300, 460),
        marginLeft: 56,
        marginRight: 36,
        x: { label: 'Clients (n)', domain: [0, maxN * 1.04], grid: true },
        y: { label: `Adjusted change (${unit || 'units'})`, domain: [low - pad, high + pad], grid: true },
        color: { type: 'identity' },
        marks: [
          Plot.ruleY([centre], { stroke: INK.text, strokeWidth: 1.25 }),
          ...funnelLimitMarks(limits),
          dots(
            coloured.filter((row) => row.anonymous),
            'anonymous',
            0.9,
          ),
          dots(
            coloured.filter((row) => !row.anonymous && row.few),
            'few',
            0.4,
          ),
          dots(
            coloured.filter((row) => !row.anonymous && !row.few),
            'named',
            0.95,
          ),
          Plot.dot(
            labelled.filter((row) => row.self),
            { x: 'nClients', y: 'adjustedMeanChange', r: 8, stroke: INK.text, strokeWidth: 2 },
          ),
          Plot.text(labelled, {
            x: 'nClients',
            y: 'adjustedMeanChange',
            text: chartLabel,
            dx: 9,
            textAnchor: 'start',
            fontSize: 11,
            fill: INK.text,
            className: 'adjusted-label',
          }),
        ],
      });
    },
  };
}
