/**
 * A card: a section labelled by its title (an h2), a one-sentence description under the title,
 * optional actions beside it (the chart card's downloads), then the card's own content. Every
 * panel of every page is one, so that they read and are announced alike.
 */
import { el, type Child } from './dom.js';

export interface CardHeading {
  /** Id of the title, which labels the section. */
  id: string;
  title: string;
  description: Child;
  /** More classes besides "card" (e.g. "chart-card"). */
  class?: string;
  /** Beside the title: buttons that act on the whole card. */
  actions?: Child;
}

export function card(heading: CardHeading, ...content: Child[]): HTMLElement {
  return el(
    'section',
    { class: heading.class === undefined ? 'card' : `card ${heading.class}`, 'aria-labelledby': heading.id },
    el(
      'header',
      { class: 'card-header' },
      el(
        'div',
        {},
        el('h2', { id: heading.id }, heading.title),
        el('p', { class: 'card-description' }, heading.description),
      ),
      heading.actions,
    ),
    ...content,
  );
}
