/** What a chart needs besides its data: the measure (label, unit, direction) and the group colours. */
import type { MeasureOption } from '../api/api-types.js';
import type { DisplayNames } from '../format/display-names.js';
import { groupLabel } from '../format/labels.js';
import type { LegendEntry } from './chart-spec.js';
import type { GroupScale } from './palette.js';

export interface ChartContext {
  measure: MeasureOption;
  colours: GroupScale;
  /** What the report's groups are: technique, therapist_id, … */
  by: string;
  /** Display names of the clinics and therapists the caller may see (groups of those are shown by name). */
  names?: DisplayNames;
}

export function labelOf(context: ChartContext, group: string): string {
  return groupLabel(group, context.by, context.names);
}

/** "PPT (kPa)". */
export function measureWithUnit(context: ChartContext): string {
  return context.measure.unit === ''
    ? context.measure.label
    : `${context.measure.label} (${context.measure.unit})`;
}

/** "higher is better" / "lower is better", for captions. */
export function betterDirection(context: ChartContext): string {
  return context.measure.direction === 'lower-is-better' ? 'lower is better' : 'higher is better';
}

/** Legend entries for groups, as lines or as dots. */
export function groupLegend(
  context: ChartContext,
  groups: readonly string[],
  as: 'line' | 'dot' = 'line',
): LegendEntry[] {
  return groups.map((group) => ({
    label: labelOf(context, group),
    colour: context.colours.colourOf(group),
    ...(as === 'dot' ? { symbol: context.colours.symbolOf(group) } : {}),
  }));
}
