/**
 * Colours. Groups (techniques) use the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal
 * Design"), chosen because its colours stay distinguishable under the three common colour-vision
 * deficiencies; Plot's "observable10" and "tableau10" are designed for looks, and several of their
 * pairs (e.g. green/orange, red/brown) collapse for deuteranopes. The palette's yellow is last: on
 * white it is too light for lines and small dots. Charts never rely on colour alone: lines are
 * labelled at their ends, dots also differ in shape, and every chart has a table of its numbers.
 *
 * A group keeps its colour on every page and under every filter: colours are assigned from the
 * sorted list of all groups the data has (GET /api/cohorts/filters), not from what one chart shows.
 */

export const OKABE_ITO = {
  blue: '#0072B2',
  vermillion: '#D55E00',
  bluishGreen: '#009E73',
  reddishPurple: '#CC79A7',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  black: '#000000',
  yellow: '#F0E442',
} as const;

export const GROUP_COLOURS: readonly string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.vermillion,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.orange,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Shapes paired with the colours, for dots (a second cue besides colour). */
export const GROUP_SYMBOLS: readonly string[] = [
  'circle',
  'square',
  'triangle',
  'diamond',
  'star',
  'cross',
  'wye',
  'times',
];

/** Neutral colours for reference lines, limits and text. */
export const INK = {
  text: '#1d2433',
  muted: '#5b6475',
  grid: '#e3e6ec',
  reference: '#6b7280',
  limit95: '#7b8494',
  limit998: '#3d4452',
} as const;

export interface GroupScale {
  domain: string[];
  range: string[];
  symbols: string[];
  colourOf(group: string): string;
  symbolOf(group: string): string;
}

/**
 * Colours for `groups`, stable across pages: `allGroups` (every group the data has, e.g. every
 * technique) fixes the order; groups not in it are placed after, in code-point order.
 */
export function groupScale(groups: readonly string[], allGroups: readonly string[] = []): GroupScale {
  const order = [...new Set([...[...allGroups].sort(), ...[...groups].sort()])];
  const indexOf = (group: string): number => {
    const index = order.indexOf(group);
    return index < 0 ? 0 : index;
  };
  const colourOf = (group: string): string => GROUP_COLOURS[indexOf(group) % GROUP_COLOURS.length];
  const symbolOf = (group: string): string => GROUP_SYMBOLS[indexOf(group) % GROUP_SYMBOLS.length];
  const domain = [...groups];
  return { domain, range: domain.map(colourOf), symbols: domain.map(symbolOf), colourOf, symbolOf };
}
