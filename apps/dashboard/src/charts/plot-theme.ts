/** Settings every Plot chart shares, so that the charts look like one product. */
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
