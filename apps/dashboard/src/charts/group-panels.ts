/**
 * Small multiples, one panel per group on a shared axis (four overlapping bands are unreadable):
 * the layout both of the overview's across-sessions charts use. Panels fill rows of up to four on
 * a laptop, two on a tablet and one on a phone; each row of data is placed in its group's panel
 * (or another's, to draw it there in grey), and each panel is titled with its group's name in its
 * colour.
 */
import * as Plot from '@observablehq/plot';
import { labelOf, type ChartContext } from './chart-context.js';

export interface PanelPlace {
  col: number;
  row: number;
}

export interface GroupPanels {
  columns: number;
  rows: number;
  /** The width of one panel, for its axis ticks and its height. */
  panelWidth: number;
  /** A data row with the facet of its group's panel (or of `panel`'s). */
  place<T extends { group: string }>(row: T, panel?: string): T & PanelPlace;
  /** Each panel's title: its group's label, in its colour, at its top left. */
  titles(context: ChartContext): Plot.Markish;
  /** Plot's facet options for this layout. */
  facets: Pick<Plot.PlotOptions, 'fx' | 'fy'>;
  /** The chart's height for panels of `min` to `max` pixels, `ratio` of their width, plus its margins. */
  height(ratio: number, min: number, max: number): number;
}

export function groupPanels(groups: readonly string[], width: number): GroupPanels {
  const columns = Math.max(1, Math.min(groups.length, width >= 900 ? 4 : width >= 560 ? 2 : 1));
  const panelOf = new Map(groups.map((group, index) => [group, { col: index % columns, row: Math.floor(index / columns) }]));
  const rows = Math.ceil(groups.length / columns);
  const panelWidth = width / columns;
  const place = <T extends { group: string }>(row: T, panel = row.group): T & PanelPlace => ({
    ...row,
    ...panelOf.get(panel)!,
  });
  return {
    columns,
    rows,
    panelWidth,
    place,
    titles: (context) =>
      Plot.text(
        groups.map((group) => place({ group, label: labelOf(context, group) })),
        {
          fx: 'col',
          fy: 'row',
          text: 'label',
          frameAnchor: 'top-left',
          dx: 8,
          dy: 10,
          fontWeight: 600,
          fontSize: 12,
          fill: 'group',
          stroke: 'white',
          strokeWidth: 3,
          paintOrder: 'stroke',
        },
      ),
    facets: { fx: { axis: null, padding: 0.08 }, fy: { axis: null, padding: 0.16 } },
    height: (ratio, min, max) => rows * Math.round(Math.min(max, Math.max(min, panelWidth * ratio))) + 60,
  };
}
