/**
 * A labelled form control: the label tied to the control by `id`, and an optional hint under it
 * that the control names as its description (`${id}-hint`), so that a screen reader reads the
 * hint with the control. Shared by the pages with forms (Record a session, People).
 */
import { el } from './dom.js';

export function formField(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  if (hint !== undefined) control.setAttribute('aria-describedby', `${id}-hint`);
  return el(
    'div',
    { class: 'field' },
    el('label', { for: id }, label),
    control,
    hint === undefined ? null : el('span', { class: 'hint', id: `${id}-hint` }, hint),
  );
}
