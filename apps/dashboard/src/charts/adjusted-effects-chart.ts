/**
 * Therapists (or clinics) adjusted for case mix: each one's effect (the model's conditional mode:
 * how far their clients' change lies from what the network achieves with clients like theirs)
 * with its 95% interval, one row each, in name order and never ranked by value (report-contract.md
 * section 6). The caller's own entries are labelled (a therapist's own row is "you"); every other
 * entry of the network is a grey unlabelled dot, as the API gives it without a key.
 */
import * as Plot from '@observablehq/plot';
import type { AdjustedComparison } from '../api/adjusted-types.js';
import { formatChange, formatN } from '../format/number-format.js';
import { TOO_FEW_TEXT } from '../format/small-numbers.js';
import {
  chartLabel,
  SIGNAL_TEXT,
  signalVerdict,
  tableLabel,
  type AdjustedRow,
} from '../pages/therapists/adjusted-rows.js';
import { intervalColumns } from './chart-columns.js';
import type { ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, intervalMarks } from './interval-marks.js';
import { INK, OKABE_ITO } from './palette.js';
import { baseOptions, namedRowsAxis } from './plot-theme.js';

/** Anonymous entries: a light grey, quieter than any named entry. */
export const ANONYMOUS_GREY = '#a3aab6';

/** A named entry's colour: its signal, read by the measure's direction (as the raw funnel does). */
export function adjustedColour(row: AdjustedRow, lowerIsBetter: boolean): string {
  if (row.anonymous) return ANONYMOUS_GREY;
  const verdict = signalVerdict(row.signal, lowerIsBetter);
  return verdict === 'better' ? OKABE_ITO.blue : verdict === 'worse' ? OKABE_ITO.vermillion : INK.text;
}

export function adjustedEffectsChart(
  comparison: AdjustedComparison,
  rows: readonly AdjustedRow[],
  context: ChartContext,
): ChartSpec<AdjustedRow> {
  const unit = comparison.unit || context.measure.unit;
  const by = comparison.by;
  const kind = by === 'therapist' ? 'therapist' : 'clinic';
  const lowerIsBetter = context.measure.direction === 'lower-is-better';
  const named = rows.filter((row) => !row.anonymous);
  const anonymous = rows.length - named.length;
  const effectText = (row: AdjustedRow): string =>
    `${formatChange(row.effect, 1)} ${unit} (95% interval ${formatChange(row.ciLow, 1)} to ${formatChange(row.ciHigh, 1)})`;
  const summary =
    `${rows.length} ${kind}s, in name order` +
    (anonymous > 0 ? `; ${anonymous} of them in other clinics, shown without names` : '') +
    '. ' +
    (named.length === 0
      ? ''
      : named
          .map(
            (row) =>
              `${tableLabel(row, by)}: ${effectText(row)}, ${row.few ? TOO_FEW_TEXT : SIGNAL_TEXT[row.signal]} (${formatN(row.nClients)})`,
          )
          .join('; ') + '.');
  const title = (row: AdjustedRow): string =>
    `${tableLabel(row, by)}\neffect ${effectText(row)}\n${formatN(row.nClients)}\n${row.few ? TOO_FEW_TEXT : SIGNAL_TEXT[row.signal]}`;
  const colour = (row: AdjustedRow): string => adjustedColour(row, lowerIsBetter);
  const shown = drawable(rows, (row) => row.effect);
  const byLabel = new Map(rows.map((row) => [row.id, chartLabel(row)]));

  return {
    id: `adjusted-effects-${by}`,
    title: `Each ${kind}’s effect, adjusted for case mix`,
    description: `Each ${kind}'s effect on the change in ${context.measure.label.toLowerCase()} (${unit}) beyond what the network achieves with clients like theirs, with its 95% interval, in name order.`,
    summary,
    rows,
    legend: [
      { label: 'within expected', colour: INK.text, symbol: 'circle' },
      { label: 'better than expected', colour: OKABE_ITO.blue, symbol: 'circle' },
      { label: 'worse than expected', colour: OKABE_ITO.vermillion, symbol: 'circle' },
      { label: `another clinic’s ${kind} (no name)`, colour: ANONYMOUS_GREY, symbol: 'circle' },
    ],
    notes: [
      'Effect: the model’s estimate of how far this one’s clients changed from what the network achieves with clients of the same baseline, number of sessions and condition (a shrunken estimate: few clients pull it towards 0, and widen its interval).',
      `Rows are in name order, not ranked: an interval that crosses 0 means no measurable difference. Under 5 clients a row is faint (${TOO_FEW_TEXT}).`,
      ...(comparison.withheld.entries > 0
        ? [
            `${comparison.withheld.entries} ${kind}${comparison.withheld.entries === 1 ? ' is' : 's are'} left out, so that no small group of clients you cannot otherwise see can be worked out from what is shown; they stay in the model.`,
          ]
        : []),
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
      ...intervalColumns<AdjustedRow>({
        name: 'effect',
        label: `Effect (${unit})`,
        value: (row) => row.effect,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
        decimals: 1,
      }),
      {
        name: 'signal',
        label: 'Signal',
        value: (row) => row.signal,
        display: (row) =>
          row.few ? `${SIGNAL_TEXT[row.signal]} (${TOO_FEW_TEXT})` : SIGNAL_TEXT[row.signal],
      },
    ],
    render(width) {
      const { marginLeft, axis } = namedRowsAxis(rows.map(chartLabel), width, 200, {
        tickFormat: (id: string) => byLabel.get(id) ?? '',
        tickSize: 0,
      });
      const values = shown.flatMap((row) => [row.ciLow, row.ciHigh]);
      const low = Math.min(0, ...values);
      const high = Math.max(0, ...values);
      const pad = (high - low) * 0.04 || 1;
      // Rows share one band height: enough for a label's line, more when most rows are named.
      const height = 56 + 16 * rows.length + 6 * named.length;
      const marks = (subset: readonly AdjustedRow[], opacity: number, mark: string): Plot.Markish[] =>
        intervalMarks(subset, {
          along: 'x',
          at: { y: 'id' },
          value: 'effect',
          low: 'ciLow',
          high: 'ciHigh',
          colour: 'colour',
          r: subset.some((row) => !row.anonymous) ? 4.5 : 3,
          ruleWidth: subset.some((row) => !row.anonymous) ? 2 : 1.25,
          title,
          tip: true,
          className: `adjusted-${mark}`,
          opacity,
        });
      const coloured = shown.map((row) => ({ ...row, colour: colour(row) }));
      return Plot.plot({
        ...baseOptions(width, `Each ${kind}’s effect, adjusted for case mix`, summary),
        height,
        marginLeft,
        marginRight: 20,
        x: { label: `Effect on change (${unit || 'units'}) →`, domain: [low - pad, high + pad], grid: true },
        y: { domain: rows.map((row) => row.id), label: null, axis: null, padding: 0.3 },
        color: { type: 'identity' },
        marks: [
          axis,
          Plot.ruleX([0], { stroke: INK.reference, strokeWidth: 1.25 }),
          ...marks(
            coloured.filter((row) => row.anonymous),
            0.9,
            'anonymous',
          ),
          ...marks(
            coloured.filter((row) => !row.anonymous && row.few),
            0.4,
            'few',
          ),
          ...marks(
            coloured.filter((row) => !row.anonymous && !row.few),
            1,
            'named',
          ),
        ],
      });
    },
  };
}
