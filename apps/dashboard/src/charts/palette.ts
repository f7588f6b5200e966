/**
 * Colours. Groups (techniques) use the Okabe-Ito palette (Okabe & Ito 2008, "Color Universal
 * Design"), chosen because its colours stay distinguishable under the three common colour-vision
 * deficiencies; Plot's "observable10" and "tableau10" are designed for looks, and several of their
 * pairs (e.g. green/orange, red/brown) collapse for deuteranopes. The palette's yellow is last: on
 * white it is too light for lines and small dots. Charts never rely on colour alone: lines are
 * labelled at their ends, dots also differ in shape, and every chart has a table of its numbers.
 *
 * A group keeps its colour on every page, under every filter and for every user: the colour is keyed
 * by the group's name (`slotOf`), never by its position in a list, which differs between users who
 * see different techniques (an owner's clinics offer fewer than the whole network).
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
 * The techniques of the contract and of common practice, each with its own colour and shape for
 * good: a clinic's Swedish massage is the same colour for the admin, an owner, a therapist and in
 * every export, whatever else is on the page. Controls are drawn in the quieter colours.
 */
const KNOWN_GROUPS: Readonly<Record<string, number>> = {
  trigger_point_release: 0,
  deep_tissue: 1,
  swedish: 2,
  myofascial_release: 3,
  sham_ultrasound: 4,
  waitlist: 5,
  wait_list: 5,
  all: 6,
};

/**
 * A stable slot for any other name: FNV-1a of its UTF-16 code units, modulo the palette. Two names
 * may share a colour (they still differ in the legend and the labels), but a name never changes
 * colour with the list it is shown in.
 */
function hashSlot(name: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    hash ^= name.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  // The black and yellow slots are left to known groups: black reads as "everyone", yellow is faint.
  return hash % 6;
}

/** The palette slot of a group: fixed for known techniques, from the name for any other. */
export function slotOf(group: string): number {
  return KNOWN_GROUPS[group] ?? hashSlot(group);
}

/** Colours and shapes for `groups`, each keyed by its name alone (the same on every page, for every user). */
export function groupScale(groups: readonly string[]): GroupScale {
  const colourOf = (group: string): string => GROUP_COLOURS[slotOf(group) % GROUP_COLOURS.length];
  const symbolOf = (group: string): string => GROUP_SYMBOLS[slotOf(group) % GROUP_SYMBOLS.length];
  const domain = [...groups];
  return { domain, range: domain.map(colourOf), symbols: domain.map(symbolOf), colourOf, symbolOf };
}
