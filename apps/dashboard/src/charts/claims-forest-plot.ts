/**
 * Claims: each supported claim's effect as a row of a small forest plot, the benefit of the
 * treatment over its control (positive = better, in the measure's unit) with its 95% CI, and the
 * zero line of "no difference". Every supported claim's interval lies wholly on the better side of
 * zero (that is one of the criteria); the plot shows how far, and how precisely.
 */
import * as Plot from '@observablehq/plot';
import type { Claim } from '../api/api-types.js';
import { humanize } from '../format/labels.js';
import { formatCount, formatP } from '../format/number-format.js';
import { benefitText, pairLabel } from '../format/claim-text.js';
import { intervalColumns, numberColumn, pColumn } from './chart-columns.js';
import type { ChartSpec } from './chart-spec.js';
import { drawable, intervalMarks } from './interval-marks.js';
import { INK } from './palette.js';
import { baseOptions, namedRowsAxis } from './plot-theme.js';

export interface ClaimRow extends Claim {
  label: string;
}

export function claimRows(claims: readonly Claim[]): ClaimRow[] {
  return claims.map((claim) => ({ ...claim, label: pairLabel(claim.treatment, claim.control) }));
}

export function claimsForestPlot(claims: readonly Claim[], unit: string): ChartSpec<ClaimRow> {
  const rows = claimRows(claims);
  const summary =
    rows.length === 0
      ? 'No claim is supported.'
      : 'Benefit of each treatment over its control: ' +
        rows
          .map(
            (row) =>
              `${row.label} ${benefitText(row, unit)}, ${formatCount(row.nTreatment)} and ${formatCount(row.nControl)} clients, adjusted p ${formatP(row.pHolm)}`,
          )
          .join('; ') +
        '.';
  const title = (row: ClaimRow): string =>
    `${row.label} at session ${row.endpointSession}\nbenefit ${benefitText(row, unit)}\nn = ${formatCount(row.nTreatment)} vs ${formatCount(row.nControl)} · Holm p = ${formatP(row.pHolm)}`;

  return {
    id: 'claims-forest-plot',
    title: 'The effects behind the claims',
    description: `Benefit of each treatment over its control group (${unit || 'units'}), from session 1 to the endpoint session, with 95% CI; zero is no difference.`,
    summary,
    rows,
    legend: [
      { label: 'benefit with 95% CI', colour: INK.text, symbol: 'circle' },
      { label: 'no difference', colour: INK.reference },
    ],
    notes: [
      'Right of zero: the treatment did better than its control. A claim is offered only when the whole interval is right of zero.',
    ],
    columns: [
      {
        name: 'treatment',
        label: 'Treatment',
        value: (row) => row.treatment,
        display: (row) => humanize(row.treatment),
      },
      {
        name: 'control',
        label: 'Control',
        value: (row) => row.control,
        display: (row) => humanize(row.control),
      },
      { name: 'endpoint_session', label: 'Session', value: (row) => row.endpointSession, numeric: true },
      { name: 'n_treatment', label: 'n treatment', value: (row) => row.nTreatment, numeric: true },
      { name: 'n_control', label: 'n control', value: (row) => row.nControl, numeric: true },
      ...intervalColumns<ClaimRow>({
        name: 'benefit',
        label: `Benefit (${unit || 'units'})`,
        value: (row) => row.benefit,
        low: (row) => row.ciLow,
        high: (row) => row.ciHigh,
      }),
      pColumn((row) => row.pHolm, 'p_holm', 'p (Holm)'),
      numberColumn('hedges_g', 'Hedges’ g', (row) => row.hedgesG, 2),
    ],
    render(width) {
      const data = drawable(rows, (row) => row.benefit);
      const labels = data.map((row) => row.label);
      const rowNames = namedRowsAxis(labels, width, width < 560 ? 150 : 260);
      return Plot.plot({
        ...baseOptions(width, 'The effects behind the claims', summary),
        height: 60 + 40 * Math.max(1, data.length),
        marginLeft: rowNames.marginLeft,
        marginRight: 24,
        x: { label: `Benefit over control (${unit || 'units'})`, grid: true, nice: true },
        y: { domain: labels, label: null, padding: 0.3 },
        marks: [
          rowNames.axis,
          Plot.ruleX([0], { stroke: INK.reference, strokeWidth: 1.25 }),
          ...intervalMarks(data, {
            along: 'x',
            at: { y: 'label' },
            value: 'benefit',
            low: 'ciLow',
            high: 'ciHigh',
            colour: INK.text,
            ruleWidth: 2,
            r: 4.5,
            title,
            tip: true,
          }),
        ],
      });
    },
  };
}
