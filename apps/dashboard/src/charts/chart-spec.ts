/**
 * What every chart component returns: the figure, the data behind it and the words for it. The
 * chart card (chart-card.ts) turns a spec into the same frame everywhere: title, legend, the
 * figure with its text summary, CSV / SVG / PNG buttons and a table of the numbers with n and CI.
 */
import type { CsvColumn } from '../export/csv.js';

export interface DataColumn<Row> extends CsvColumn<Row> {
  /** Header of the table under the chart. */
  label: string;
  /** The cell as shown (rounded, with units); the CSV keeps full precision. Default: the value. */
  display?: (row: Row) => string;
  /** Right-aligned in the table. */
  numeric?: boolean;
  /** false: in the CSV only (e.g. the reason a row is withheld, which the table says in its cells). */
  table?: boolean;
}

export interface LegendEntry {
  label: string;
  colour: string;
  /** Drawn as a dot ('ring': an open dot), else as a line. */
  symbol?: string;
  /** A colour ramp from the first colour to the last (sequential scales). */
  ramp?: readonly string[];
  /** A dashed line (e.g. the model's fitted line). */
  dashed?: boolean;
  /** A band (e.g. a 95% CI). */
  band?: boolean;
}

export interface ChartSpec<Row> {
  /** File name stem of the downloads: "overview-trajectory". */
  id: string;
  title: string;
  /** One sentence: what is plotted against what. */
  description: string;
  /** The chart in words, for screen readers and for anyone who prefers words. */
  summary: string;
  rows: readonly Row[];
  columns: readonly DataColumn<Row>[];
  legend?: readonly LegendEntry[];
  /** Caveats shown under the figure (how the numbers were made, what is left out). */
  notes?: readonly string[];
  /** Draws the figure at this width in CSS pixels (Plot returns an SVG element). */
  render(width: number): SVGSVGElement | HTMLElement;
}
