/**
 * A small helper to build DOM without a framework: el('p', { class: 'note' }, 'text', child).
 * Text is always set as text (never as HTML), so codes and file names from uploads cannot inject
 * markup.
 */

export type Child = Node | string | number | null | undefined | false;

export type Attributes = Record<string, string | number | boolean | null | undefined>;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  append(element, ...children);
  return element;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(
      typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child,
    );
  }
}

export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

/**
 * A wide table in a box that scrolls sideways on a narrow screen (the page itself never does).
 * The box can be focused and is named, so that it can be scrolled from the keyboard too.
 */
export function scrollingTable(name: string, table: HTMLTableElement): HTMLDivElement {
  return el('div', { class: 'table-scroll', tabindex: 0, role: 'region', 'aria-label': name }, table);
}

/** A real button (keyboard and screen readers get it for free). */
export function button(
  label: string,
  onClick: (event: MouseEvent) => void,
  attributes: Attributes = {},
): HTMLButtonElement {
  const element = el('button', { type: 'button', ...attributes }, label);
  element.addEventListener('click', onClick);
  return element;
}
