/**
 * Therapists: each therapist's mean change since session 1 (at the chosen session) against their
 * number of clients, with 95% and 99.8% control limits around the overall mean
 * (stats/funnel-limits.ts, Spiegelhalter 2005). Points are not ranked: a funnel shows who differs
 * from the rest by more than chance, which a league table cannot.
 */
import * as Plot from '@observablehq/plot';
import { formatChange, formatCount, formatN, formatNumber } from '../format/number-format.js';
import { nameOf, NO_NAMES } from '../format/display-names.js';
import { shortKey } from '../format/labels.js';
import type { Funnel, FunnelPosition } from '../stats/funnel-limits.js';
import { measureWithUnit, type ChartContext } from './chart-context.js';
import type { ChartSpec } from './chart-spec.js';
import { INK, OKABE_ITO } from './palette.js';
import { funnelLimitMarks } from './funnel-limit-marks.js';
import { baseOptions, chartHeight } from './plot-theme.js';

/** The group of sessions recorded without a therapist (UNSPECIFIED_GROUP of @threshold/stats). */
const UNSPECIFIED = 'unspecified';

export interface FunnelRow {
  therapist: string;
  /** The therapist's display name, if they have one (format/display-names.ts). */
  name: string | null;
  /** The signed-in therapist's own point. */
  own: boolean;
  n: number;
  meanChange: number;
  sd: number | null;
  position: FunnelPosition | null;
  highlighted: boolean;
}

/** Better or worse than expected, given the measure's direction. */
function verdict(
  position: FunnelPosition | null,
  lowerIsBetter: boolean,
): 'better' | 'worse' | 'within' | 'unknown' {
  if (position === null) return 'unknown';
  if (position === 'within') return 'within';
  const above = position.startsWith('above');
  return above !== lowerIsBetter ? 'better' : 'worse';
}

const POSITION_TEXT: Record<FunnelPosition, string> = {
  'above-99.8': 'above the 99.8% limit',
  'above-95': 'between the 95% and 99.8% limits, above',
  within: 'within the 95% limits',
  'below-95': 'between the 95% and 99.8% limits, below',
  'below-99.8': 'below the 99.8% limit',
};

export function funnelPlot(
  funnel: Funnel,
  session: number,
  context: ChartContext,
  highlighted: readonly string[],
  /** The signed-in therapist's own key: their point is labelled "you". */
  ownKey: string | null = null,
): ChartSpec<FunnelRow> {
  const lowerIsBetter = context.measure.direction === 'lower-is-better';
  const unit = context.measure.unit;
  const names = context.names ?? NO_NAMES;
  const rows: FunnelRow[] = funnel.units
    .map((unit) => ({
      therapist: unit.name,
      name: nameOf(names, 'therapist', unit.name) ?? null,
      own: unit.name === ownKey,
      n: unit.n,
      meanChange: unit.meanChange,
      sd: unit.sd,
      position: unit.position,
      highlighted: highlighted.includes(unit.name),
    }))
    .sort((a, b) => (a.name ?? a.therapist).localeCompare(b.name ?? b.therapist));
  // A therapist by name (a key only where no name exists); on the chart, one's own point is "you".
  // Sessions recorded without a therapist form the report's "unspecified" group (report-contract.md).
  const nameText = (row: FunnelRow): string =>
    row.name ?? (row.therapist === UNSPECIFIED ? 'No therapist recorded' : shortKey(row.therapist));
  const tableText = (row: FunnelRow): string => (row.own ? `${nameText(row)} (you)` : nameText(row));
  const pointLabel = (row: FunnelRow): string => (row.own ? 'you' : nameText(row));
  const outside = rows.filter((row) => row.position === 'above-99.8' || row.position === 'below-99.8');
  const summary =
    `${formatCount(rows.length)} therapists; overall mean change since session 1 at session ${session}: ${formatChange(funnel.target, 1)} ${unit}` +
    (funnel.sigma === null
      ? '. No therapist has two or more clients there, so there are no control limits.'
      : `, pooled SD ${formatNumber(funnel.sigma, 1)}. ${outside.length === 0 ? 'No therapist is outside the 99.8% limits.' : `Outside the 99.8% limits: ${outside.map((row) => `${tableText(row)} (${formatChange(row.meanChange, 1)}, ${formatN(row.n)}, ${verdict(row.position, lowerIsBetter)} than expected)`).join('; ')}.`}`);
  const colourOf = (row: FunnelRow): string => {
    const side = verdict(row.position, lowerIsBetter);
    return side === 'better' ? OKABE_ITO.blue : side === 'worse' ? OKABE_ITO.vermillion : INK.muted;
  };
  // Beyond the 99.8% limits: filled; between the 95% and 99.8% limits: a ring (a prompt to look).
  const strongly = (row: FunnelRow): boolean =>
    row.position === 'above-99.8' || row.position === 'below-99.8';
  const title = (row: FunnelRow): string =>
    `${row.name ?? (row.therapist === UNSPECIFIED ? 'No therapist recorded' : `Therapist ${shortKey(row.therapist)}`)}${row.own ? ' (you)' : ''}\nchange ${formatChange(row.meanChange, 1)} ${unit} · ${formatN(row.n)}\nSD ${formatNumber(row.sd, 1)}\n${row.position === null ? 'no limits' : POSITION_TEXT[row.position]}`;

  return {
    id: 'therapists-funnel',
    title: 'Raw change (not adjusted), allowing for caseload',
    description: `Mean change in ${measureWithUnit(context)} from session 1 to session ${session} per therapist, against their number of clients, with 95% and 99.8% control limits around the overall mean.`,
    summary,
    rows,
    legend: [
      { label: 'overall mean', colour: INK.text },
      { label: '95% limits', colour: INK.limit95, dashed: true },
      { label: '99.8% limits', colour: INK.limit998 },
      { label: 'better than expected (beyond 99.8%)', colour: OKABE_ITO.blue, symbol: 'circle' },
      { label: 'worse than expected (beyond 99.8%)', colour: OKABE_ITO.vermillion, symbol: 'circle' },
      { label: 'between 95% and 99.8% limits', colour: INK.muted, symbol: 'ring' },
      { label: 'within the 95% limits', colour: INK.muted, symbol: 'circle' },
    ],
    notes: [
      'Limits: overall mean ± z·σ/√n with z = 1.96 and 3.09 and σ the pooled within-therapist SD of the changes (Spiegelhalter, Stat Med 2005;24:1185). About 1 in 20 therapists falls outside the 95% limits by chance alone, and 1 in 500 outside the 99.8% limits.',
      'Clients are not randomised to therapists: a point outside the limits is a reason to look at case mix, not a verdict.',
    ].filter((note) => note !== ''),
    columns: [
      // The table shows who (a name, else the short key); the CSV has the name and the full key apart.
      { name: 'therapist_name', label: 'Therapist', value: (row) => row.name ?? '', display: tableText },
      { name: 'therapist_key', label: 'Key', value: (row) => row.therapist, table: false },
      { name: 'n', label: 'n', value: (row) => row.n, numeric: true },
      {
        name: 'mean_change',
        label: `Change (${unit})`,
        value: (row) => row.meanChange,
        display: (row) => formatChange(row.meanChange, 1),
        numeric: true,
      },
      {
        name: 'sd',
        label: 'SD',
        value: (row) => row.sd,
        display: (row) => formatNumber(row.sd, 1),
        numeric: true,
      },
      {
        name: 'position',
        label: 'Position',
        value: (row) => row.position,
        display: (row) => (row.position === null ? '–' : POSITION_TEXT[row.position]),
      },
    ],
    render(width) {
      const maxN = Math.max(2, ...rows.map((row) => row.n));
      const limits = funnel.limits;
      // The axis covers the therapists and the limits from n = 2: at n = 1 the limits are so wide
      // that they would flatten everything else (they are drawn, and cut at the edge).
      const values = [
        ...rows.map((row) => row.meanChange),
        ...limits
          .filter((point) => point.n >= 2 || limits.length < 2)
          .flatMap((point) => [point.lower998, point.upper998]),
      ];
      const low = Math.min(...values);
      const high = Math.max(...values);
      const pad = (high - low) * 0.06 || 1;
      return Plot.plot({
        ...baseOptions(width, 'Raw change (not adjusted), allowing for caseload', summary),
        height: chartHeight(width, 0.55, 300, 460),
        marginLeft: 56,
        marginRight: 20,
        x: { label: 'Clients (n)', domain: [0, maxN * 1.04], grid: true },
        y: {
          label: `Change since session 1 (${unit || 'units'})`,
          domain: [low - pad, high + pad],
          grid: true,
        },
        marks: [
          Plot.ruleY([funnel.target], { stroke: INK.text, strokeWidth: 1.25 }),
          ...funnelLimitMarks(limits),
          Plot.dot(
            rows.filter((row) => !row.position?.endsWith('-95')),
            {
              x: 'n',
              y: 'meanChange',
              r: 4.5,
              fill: colourOf,
              fillOpacity: 0.9,
              stroke: 'white',
              strokeWidth: 0.75,
              title,
              tip: true,
            },
          ),
          Plot.dot(
            rows.filter((row) => row.position?.endsWith('-95') === true),
            {
              x: 'n',
              y: 'meanChange',
              r: 4.5,
              fill: 'white',
              stroke: colourOf,
              strokeWidth: 2,
              title,
              tip: true,
            },
          ),
          Plot.dot(
            rows.filter((row) => row.highlighted),
            { x: 'n', y: 'meanChange', r: 8, stroke: INK.text, strokeWidth: 2 },
          ),
          Plot.text(
            rows.filter((row) => row.highlighted || strongly(row)),
            {
              x: 'n',
              y: 'meanChange',
              text: pointLabel,
              dx: 9,
              textAnchor: 'start',
              fontSize: 11,
              fill: INK.text,
            },
          ),
        ],
      });
    },
  };
}
