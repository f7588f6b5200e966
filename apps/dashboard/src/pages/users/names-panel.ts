/**
 * Names of clinics and therapists (GET, POST, DELETE /api/directory): name one by the id used in
 * the files (the API hashes it into the stored key; the id itself is never stored), rename or
 * remove a name. Clinics and therapists of the data that have no name yet are listed to be named.
 * An admin names any; an owner their own clinics and their clinics' therapists (the API refuses
 * others, and lists only those).
 */
import { ApiError } from '../../api/api-client.js';
import type { DirectoryEntry, FilterCatalogue } from '../../api/api-types.js';
import { shortKey } from '../../format/labels.js';
import { card } from '../../layout/card.js';
import { button, el, replaceChildren } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { errorState } from '../../layout/states.js';

const KIND_TEXT = { clinic: 'Clinic', therapist: 'Therapist' } as const;

export async function namesPanel(
  context: PageContext,
  catalogue: FilterCatalogue | null,
): Promise<HTMLElement> {
  const status = el('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  const list = el('div', { class: 'table-scroll' });
  let entries: DirectoryEntry[] = [];
  const say = (text: string, failed = false): void => {
    status.className = failed ? 'form-message' : 'progress-text';
    status.textContent = text;
  };

  const act = async (what: () => Promise<string>): Promise<void> => {
    try {
      say(await what());
    } catch (error) {
      say(error instanceof ApiError ? error.message : 'That did not work; try again.', true);
    }
  };

  /** Keys of the data the caller sees that have no name yet (from the filter values). */
  const unnamed = (): { kind: DirectoryEntry['kind']; key: string }[] => {
    const named = new Set(entries.map((entry) => `${entry.kind}:${entry.key}`));
    return [
      ...(catalogue?.clinics ?? []).map((option) => ({ kind: 'clinic' as const, key: option.value })),
      ...(catalogue?.therapists ?? []).map((option) => ({ kind: 'therapist' as const, key: option.value })),
    ].filter((item) => !named.has(`${item.kind}:${item.key}`));
  };

  const nameForm = (kind: DirectoryEntry['kind'], key: string, current: string | null): HTMLElement => {
    const id = `name-${kind}-${key}`;
    const input = el('input', {
      id,
      type: 'text',
      value: current ?? '',
      maxlength: 120,
      autocomplete: 'off',
      required: true,
    });
    const label = current === null ? `Name for ${kind} ${shortKey(key)}` : `New name for ${current}`;
    const form = el(
      'form',
      { class: 'form-row' },
      el('label', { for: id, class: 'visually-hidden' }, label),
      input,
      el(
        'button',
        {
          type: 'submit',
          class: 'primary',
          'aria-label': current === null ? label : `Save the new name for ${current}`,
        },
        current === null ? 'Name' : 'Save',
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(async () => {
        const saved = await context.api.saveName({ kind, key, name: input.value });
        entries = [...entries.filter((entry) => !(entry.kind === kind && entry.key === key)), saved];
        draw();
        return current === null
          ? `${KIND_TEXT[kind]} named ${saved.name}.`
          : `${current} is now ${saved.name}.`;
      });
    });
    return form;
  };

  const draw = (): void => {
    const rows = [
      ...entries
        .slice()
        .sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name))
        .map((entry) =>
          el(
            'tr',
            { 'data-name': entry.name },
            el('td', {}, KIND_TEXT[entry.kind]),
            el('td', {}, entry.name),
            el(
              'td',
              { class: 'row-actions' },
              el(
                'details',
                { class: 'row-action' },
                el('summary', { 'aria-label': `Rename ${entry.name}` }, 'Rename'),
                nameForm(entry.kind, entry.key, entry.name),
              ),
              button(
                'Remove',
                () =>
                  void act(async () => {
                    await context.api.removeName(entry.kind, entry.key);
                    entries = entries.filter((other) => other !== entry);
                    draw();
                    return `The name ${entry.name} is removed; its key shows instead.`;
                  }),
                { class: 'quiet', 'aria-label': `Remove the name ${entry.name}` },
              ),
            ),
          ),
        ),
      ...unnamed().map((item) =>
        el(
          'tr',
          { class: 'unnamed' },
          el('td', {}, KIND_TEXT[item.kind]),
          el('td', {}, el('span', { class: 'cell-note' }, `no name yet (key ${shortKey(item.key)})`)),
          el('td', { class: 'row-actions' }, nameForm(item.kind, item.key, null)),
        ),
      ),
    ];
    replaceChildren(
      list,
      rows.length === 0
        ? el(
            'p',
            { class: 'hint' },
            'No clinics or therapists yet: name one by its id below, or load data first.',
          )
        : el(
            'table',
            { class: 'data-table names-table' },
            el('caption', { class: 'visually-hidden' }, 'Names of clinics and therapists'),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Kind', 'Name', 'Change'].map((heading) => el('th', { scope: 'col' }, heading)),
              ),
            ),
            el('tbody', {}, ...rows),
          ),
    );
  };

  // Naming by the id used in the files, for a clinic or therapist whose data has not arrived yet
  // or whose key is not at hand.
  const kind = el(
    'select',
    { id: 'name-by-id-kind' },
    el('option', { value: 'therapist' }, 'Therapist'),
    el('option', { value: 'clinic' }, 'Clinic'),
  );
  const rawId = el('input', {
    id: 'name-by-id-id',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
  });
  const name = el('input', {
    id: 'name-by-id-name',
    type: 'text',
    autocomplete: 'off',
    maxlength: 120,
    required: true,
  });
  const byId = el(
    'form',
    { class: 'people-form name-by-id', 'aria-label': 'Name a clinic or therapist by the id in your files' },
    el('div', { class: 'field' }, el('label', { for: 'name-by-id-kind' }, 'Kind'), kind),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'name-by-id-id' }, 'Id in your files (clinic_id or therapist_id)'),
      rawId,
    ),
    el('div', { class: 'field' }, el('label', { for: 'name-by-id-name' }, 'Name to show'), name),
    el('div', { class: 'form-row' }, el('button', { type: 'submit', class: 'primary' }, 'Save name')),
  );
  byId.addEventListener('submit', (event) => {
    event.preventDefault();
    const id = rawId.value.trim();
    void act(async () => {
      const saved = await context.api.saveName({
        kind: kind.value as DirectoryEntry['kind'],
        id,
        name: name.value,
      });
      entries = [
        ...entries.filter((entry) => !(entry.kind === saved.kind && entry.key === saved.key)),
        saved,
      ];
      draw();
      byId.reset();
      return `${KIND_TEXT[saved.kind]} ${id} is now called ${saved.name}.`;
    });
  });

  const element = card(
    {
      id: 'names-title',
      title: 'Names',
      description:
        'What clinics and therapists are called on every page and export. The ids in your files are never stored: Threshold keeps a keyed hash of each.',
    },
    list,
    el('h3', {}, 'Name by the id in your files'),
    byId,
    status,
  );
  try {
    entries = await context.api.directory(context.signal);
    draw();
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    replaceChildren(list, errorState(error, 'the names'));
  }
  return element;
}
