/**
 * The marks most charts draw: an estimate as a dot on its 95% confidence interval (a rule), and the
 * scales that give groups their colour and shape. Written once so that an interval looks the same
 * on every page: the rule under the dot, the dot outlined in white so that it stays visible where
 * rules of several groups cross, the tooltip on the dot.
 *
 * Rows given here must be drawable: withheld rows (small-cell suppression) and rows without an
 * estimate are removed first with `drawable`, so no chart can draw a value that is not published.
 */
import * as Plot from '@observablehq/plot';
import { isWithheldRow } from './chart-columns.js';
import type { ChartContext } from './chart-context.js';

/** The rows a chart may draw: published (not withheld) and with an estimate. */
export function drawable<Row>(
  rows: readonly Row[],
  estimate: (row: Row) => number | null | undefined,
): Row[] {
  return rows.filter((row) => {
    const value = estimate(row);
    return !isWithheldRow(row) && typeof value === 'number' && Number.isFinite(value);
  });
}

/**
 * The rows a line through the estimates is drawn from: the drawable ones and, as gaps (their
 * estimate is null, so Plot breaks the line there), the withheld ones of published groups.
 */
export function gapsAtWithheld<Row extends { suppressed?: boolean; session: number | null }>(
  rows: readonly Row[],
  estimate: (row: Row) => number | null | undefined,
): Row[] {
  const shown = new Set(drawable(rows, estimate));
  return rows.filter((row) => row.session !== null && (shown.has(row) || row.suppressed === true));
}

/** Colour and shape by group, stable across pages (palette.ts). */
export function groupScales(context: ChartContext): Pick<Plot.PlotOptions, 'color' | 'symbol'> {
  return {
    color: { domain: context.colours.domain, range: context.colours.range },
    symbol: { domain: context.colours.domain, range: context.colours.symbols },
  };
}

export interface IntervalMarksOptions<Row> {
  /** The axis the interval runs along: 'y' (upright, e.g. change by session) or 'x' (a forest plot's rows). */
  along: 'x' | 'y';
  /** Where each row sits across that axis, and in which facet: e.g. `{x: 'session'}` or `{y: 'label'}`. */
  at: { x?: string; y?: string; fx?: string; fy?: string };
  /** Fields of the estimate and its bounds. */
  value: string;
  low: string;
  high: string;
  /** A field to colour by (`'group'`: the group scale, with shapes too) or a fixed CSS colour. */
  colour: string;
  /** A hollow dot (white inside), to tell a second estimate of the same row from the first. */
  open?: boolean;
  /** Moves the interval across its axis (pixels), to draw two intervals of a row side by side. */
  offset?: number;
  ruleWidth?: number;
  r?: number;
  /** White outline of a filled dot (0: none). */
  outline?: number;
  title?: (row: Row) => string;
  tip?: boolean;
  /** Cut intervals at the chart's edge (an axis focused on the estimates, stats/axis-domain.ts). */
  clip?: boolean;
  /** A class on the marks' groups (beside data-mark, chart-card.ts), for tests: e.g. 'adjusted-anonymous'. */
  className?: string;
  /** Below 1: muted (a result of few clients, format/small-numbers.ts). */
  opacity?: number;
}

export function intervalMarks<Row>(data: readonly Row[], options: IntervalMarksOptions<Row>): Plot.Markish[] {
  const byGroup = options.colour === 'group';
  const shift =
    options.offset === undefined
      ? {}
      : options.along === 'x'
        ? { dy: options.offset }
        : { dx: options.offset };
  const bounds =
    options.along === 'x' ? { x1: options.low, x2: options.high } : { y1: options.low, y2: options.high };
  const estimate = options.along === 'x' ? { x: options.value } : { y: options.value };
  const common = {
    ...(options.className === undefined ? {} : { className: options.className }),
    ...(options.opacity === undefined ? {} : { opacity: options.opacity }),
  };
  const rule = (options.along === 'x' ? Plot.ruleY : Plot.ruleX)(data as Row[], {
    ...options.at,
    ...bounds,
    ...shift,
    stroke: options.colour,
    strokeWidth: options.ruleWidth ?? 2,
    ...(options.clip === true ? { clip: true } : {}),
    ...common,
  });
  const fill = options.open === true ? 'white' : options.colour;
  const outline = options.outline ?? (byGroup ? 0.75 : 0);
  const dot = Plot.dot(data as Row[], {
    ...options.at,
    ...estimate,
    ...shift,
    fill,
    ...(byGroup ? { symbol: 'group' } : {}),
    r: options.r ?? 4,
    ...(options.open === true
      ? { stroke: options.colour, strokeWidth: options.ruleWidth ?? 1.5 }
      : outline > 0
        ? { stroke: 'white', strokeWidth: outline }
        : {}),
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.tip === true ? { tip: true } : {}),
    ...common,
  });
  return [rule, dot];
}
