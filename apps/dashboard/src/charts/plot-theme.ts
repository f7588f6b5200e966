/** Settings every Plot chart shares, so that the charts look like one product. */
import * as Plot from '@observablehq/plot';
import type { PlotOptions } from '@observablehq/plot';

export const CHART_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

/** Base options: font, size, and the chart's accessible name and description. */
export function baseOptions(width: number, ariaLabel: string, ariaDescription: string): PlotOptions {
  return {
    width,
    style: {
      fontFamily: CHART_FONT,
      fontSize: '12px',
      color: '#1d2433',
      background: 'transparent',
      overflow: 'visible',
    },
    ariaLabel,
    ariaDescription,
  };
}

/** Chart heights that keep a laptop screen showing a chart and its caption together. */
export function chartHeight(width: number, ratio = 0.5, min = 260, max = 420): number {
  return Math.round(Math.min(max, Math.max(min, width * ratio)));
}

/** Whole sessions as axis ticks (never "1.5"), thinned on narrow charts. */
export function sessionTicks(sessions: readonly number[], width: number): number[] {
  const unique = [...new Set(sessions)].sort((a, b) => a - b);
  const maxTicks = Math.max(4, Math.floor(width / 48));
  if (unique.length <= maxTicks) return unique;
  const step = Math.ceil(unique.length / maxTicks);
  return unique.filter((_, index) => index % step === 0 || index === unique.length - 1);
}

/** Under every chart whose axis is focused on the estimates (stats/axis-domain.ts). */
export const CUT_INTERVALS_NOTE =
  'Intervals too wide for the axis (very few clients) are cut at its edge; the table has their full values.';

/** Pixels a character of the charts' 12 px font takes, on average (Plot's own estimate is close). */
const CHARACTER_WIDTH = 6.5;
const FONT_SIZE = 12;

/**
 * The left axis of a chart whose rows are named (techniques, pairs of techniques, sites): a margin
 * wide enough for the longest name, up to `widest` px and never more than 40% of the chart, and
 * names longer than that wrapped onto several lines instead of running off a phone's screen.
 * Use `marginLeft` in the plot's options and `axis` among its marks (it replaces Plot's own y axis).
 */
export function namedRowsAxis(
  labels: readonly string[],
  width: number,
  widest: number,
  axisOptions: Plot.AxisYOptions = {},
): { marginLeft: number; axis: Plot.CompoundMark } {
  const longest = Math.max(0, ...labels.map((label) => label.length));
  const marginLeft = Math.round(Math.min(widest, 0.4 * width, 16 + CHARACTER_WIDTH * longest));
  const tickRoom = 9 + (axisOptions.tickSize ?? 6);
  return {
    marginLeft,
    axis: Plot.axisY({
      ...axisOptions,
      label: null,
      // In ems of the font: the room left of the ticks.
      lineWidth: Math.max(4, (marginLeft - tickRoom) / FONT_SIZE),
    }),
  };
}
