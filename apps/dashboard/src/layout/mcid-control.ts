/**
 * The MCID used for responders and drawn on the change chart. The report uses the measure's
 * published default (report-contract.md, measures table); a reader may try another threshold,
 * kept in the URL (`mcid=`) like the filters. Headache days have no default: one must be given.
 */
import { button, el } from './dom.js';
import type { PageContext } from './page-shell.js';
import { withOption } from '../state/url-state.js';

export function mcidControl(
  context: PageContext,
  current: number,
  unit: string,
  isDefault: boolean,
): HTMLElement {
  const input = el('input', {
    id: 'mcid',
    type: 'number',
    min: '0',
    step: 'any',
    value: String(current),
    inputmode: 'decimal',
    'aria-describedby': 'mcid-help',
  });
  const form = el(
    'form',
    { class: 'inline-form', 'aria-label': 'Minimal clinically important difference' },
    el('label', { for: 'mcid' }, `MCID (${unit})`),
    input,
    el('button', { type: 'submit' }, 'Apply'),
    isDefault
      ? null
      : button('Use the default', () => context.navigate(withOption(context.view, 'mcid', undefined)), {
          class: 'quiet',
        }),
    el(
      'span',
      { id: 'mcid-help', class: 'hint' },
      isDefault ? 'The published default for this measure.' : 'A threshold chosen for this view.',
    ),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = Number(input.value);
    if (Number.isFinite(value) && value > 0)
      context.navigate(withOption(context.view, 'mcid', String(value)));
  });
  return form;
}
