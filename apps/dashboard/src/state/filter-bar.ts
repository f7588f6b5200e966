/**
 * The filter controls shared by every page: measure, site, condition, technique, clinic,
 * therapist and date range, with values from GET /api/cohorts/filters. Every change becomes a new
 * URL (state/url-state.ts) so a view can be shared; the page shell re-renders on it.
 *
 * Which controls there are depends on the role (auth/role-access.ts): an owner's clinic list holds
 * their own clinics only, and a role may be offered some filters, or a single choice, only.
 *
 * Several-value filters are checkbox lists in a disclosure (details/summary), single-choice ones
 * radio buttons: native, so they work by keyboard and with screen readers without script of ours.
 */
import type { FilterCatalogue, Option } from '../api/api-types.js';
import type { CurrentUser } from '../auth/current-user.js';
import { clinicChoices, offersFilter, type RoleAccess } from '../auth/role-access.js';
import { button, el } from '../layout/dom.js';
import { EMPTY_FILTERS, narrowsCohort, withFilters, type ListFilter, type ViewState } from './url-state.js';

export interface FilterBarOptions {
  catalogue: FilterCatalogue;
  /** What the signed-in role is offered. */
  access: RoleAccess;
  user: CurrentUser;
  /** The current view (read at each change: the bar stays on the page while the view changes). */
  getView(): ViewState;
  /** A new view; `reset` when the bar's own controls must be redrawn (Clear filters). */
  onChange(view: ViewState, reset?: boolean): void;
}

const LIST_LABELS: Record<ListFilter, { label: string; plural: string }> = {
  condition: { label: 'Condition', plural: 'conditions' },
  technique: { label: 'Technique', plural: 'techniques' },
  clinic: { label: 'Clinic', plural: 'clinics' },
  therapist: { label: 'Therapist', plural: 'therapists' },
};

function optionsOf(catalogue: FilterCatalogue, key: ListFilter): Option[] {
  switch (key) {
    case 'condition':
      return catalogue.conditions;
    case 'technique':
      return catalogue.techniques;
    case 'clinic':
      return catalogue.clinics;
    case 'therapist':
      return catalogue.therapists;
  }
}

/**
 * One value of a list filter: a checkbox, or a radio button for roles whose reports take one value
 * at most (marketing: one technique, one condition; those lists start with "All").
 */
function choiceOption(
  key: ListFilter,
  option: Option,
  single: boolean,
  checked: boolean,
  onToggle: (checked: boolean) => void,
): HTMLElement {
  const id = `filter-${key}-${option.value === '' ? 'all' : option.value}`;
  const box = el('input', {
    type: single ? 'radio' : 'checkbox',
    name: single ? `filter-${key}` : undefined,
    id,
    value: option.value,
    checked,
  });
  box.addEventListener('change', () => onToggle(box.checked));
  return el('div', { class: 'check' }, box, el('label', { for: id, title: option.value }, option.label));
}

function multiSelect(
  key: ListFilter,
  options: Option[],
  selected: string[],
  single: boolean,
  onChange: (values: string[]) => void,
): HTMLElement {
  const { label, plural } = LIST_LABELS[key];
  const chosen = new Set(selected);
  const summaryText = (): string =>
    chosen.size === 0
      ? `all ${options.length}`
      : chosen.size === 1
        ? (options.find((option) => chosen.has(option.value))?.label ?? [...chosen][0])
        : `${chosen.size} of ${options.length}`;
  const value = el('span', { class: 'filter-value' }, summaryText());
  const changed = (): void => {
    value.textContent = summaryText();
    onChange([...chosen]);
  };
  const choices = single
    ? [
        choiceOption(key, { value: '', label: `All ${plural}` }, true, chosen.size === 0, (checked) => {
          if (!checked) return;
          chosen.clear();
          changed();
        }),
        ...options.map((option) =>
          choiceOption(key, option, true, chosen.has(option.value), (checked) => {
            if (!checked) return;
            chosen.clear();
            chosen.add(option.value);
            changed();
          }),
        ),
      ]
    : options.map((option) =>
        choiceOption(key, option, false, chosen.has(option.value), (checked) => {
          if (checked) chosen.add(option.value);
          else chosen.delete(option.value);
          changed();
        }),
      );
  const list = el(
    'fieldset',
    { class: 'multi-options' },
    el(
      'legend',
      { class: 'visually-hidden' },
      single
        ? `${label}: choose one ${LIST_LABELS[key].label.toLowerCase()} or all`
        : `${label}: choose one or more ${plural}`,
    ),
    ...choices,
  );
  return el(
    'details',
    { class: `filter multi${chosen.size > 0 ? ' active' : ''}`, 'data-filter': key },
    // Named by what it shows ("Technique all 5"): a name that differs from the visible text fails
    // people who speak to their screen reader by what they see (WCAG 2.5.3, label in name). The
    // space keeps the two words apart in that name (the layout stacks them).
    el('summary', {}, el('span', { class: 'filter-label' }, label), ' ', value),
    options.length === 0 ? el('p', { class: 'multi-options empty' }, `No ${plural} in the data.`) : list,
  );
}

/**
 * In place of the filter bar for a role that is not given the lists of values (marketing): what
 * its figures cover, so that no one looks for a clinic filter that is not there.
 */
export function scopeNote(access: RoleAccess): HTMLElement {
  return el(
    'p',
    { class: 'filter-bar filter-scope', 'data-role': access.role },
    el('strong', {}, 'Whole practice. '),
    access.suppressed
      ? 'These figures cover every clinic, therapist and date; groups and results based on too few clients to publish are not shown.'
      : 'These figures cover every clinic, therapist and date.',
  );
}

export function filterBar(options: FilterBarOptions): HTMLElement {
  const { catalogue, access, user, getView, onChange } = options;
  const offered = (control: Parameters<typeof offersFilter>[1]): boolean => offersFilter(access, control);
  const filters = getView().filters;
  const change = (next: Partial<typeof filters>): void => onChange(withFilters(getView(), next));

  const measureSelect = el(
    'select',
    { id: 'filter-measure', name: 'measure' },
    ...catalogue.measures.map((measure) =>
      el(
        'option',
        { value: measure.code, selected: (filters.measure ?? 'ppt') === measure.code },
        `${measure.label} (${measure.unit})`,
      ),
    ),
  );
  measureSelect.addEventListener('change', () => change({ measure: measureSelect.value }));

  const siteSelect = el(
    'select',
    { id: 'filter-site', name: 'site' },
    el('option', { value: 'all', selected: filters.site === undefined }, 'All sites (averaged)'),
    ...catalogue.sites.map((site) =>
      el('option', { value: site.value, selected: filters.site === site.value }, site.label),
    ),
  );
  siteSelect.addEventListener('change', () =>
    change({ site: siteSelect.value === 'all' ? undefined : siteSelect.value }),
  );

  const dateInput = (key: 'from' | 'to', label: string): HTMLElement => {
    const input = el('input', {
      id: `filter-${key}`,
      name: key,
      type: 'date',
      value: filters[key] ?? '',
      min: catalogue.dateRange.from?.slice(0, 10),
      max: catalogue.dateRange.to?.slice(0, 10),
    });
    input.addEventListener('change', () => change({ [key]: input.value === '' ? undefined : input.value }));
    return el(
      'div',
      { class: `filter date${filters[key] !== undefined ? ' active' : ''}` },
      el('label', { for: input.id, class: 'filter-label' }, label),
      input,
    );
  };

  const copyStatus = el('span', { class: 'copy-status', role: 'status', 'aria-live': 'polite' });
  const copyLink = button(
    'Copy link',
    () => {
      void navigator.clipboard
        ?.writeText(window.location.href)
        .then(() => (copyStatus.textContent = 'Link copied'))
        .catch(() => (copyStatus.textContent = 'Copy the address bar to share this view'));
    },
    { class: 'quiet', 'aria-label': 'Copy link to this view' },
  );

  const clear = button(
    'Clear filters',
    () => {
      const view = getView();
      onChange({ ...view, filters: { ...EMPTY_FILTERS, measure: view.filters.measure } }, true);
    },
    { class: 'quiet', disabled: !narrowsCohort(filters) && filters.site === undefined },
  );

  const form = el(
    'form',
    { class: 'filter-bar', role: 'search', 'aria-label': 'Filters' },
    offered('measure')
      ? el(
          'div',
          { class: 'filter' },
          el('label', { for: 'filter-measure', class: 'filter-label' }, 'Measure'),
          measureSelect,
        )
      : null,
    offered('site')
      ? el(
          'div',
          { class: `filter${filters.site !== undefined ? ' active' : ''}` },
          el('label', { for: 'filter-site', class: 'filter-label' }, 'Site'),
          siteSelect,
        )
      : null,
    ...(['condition', 'technique', 'clinic', 'therapist'] as const)
      .filter((key) => offered(key))
      .map((key) =>
        multiSelect(
          key,
          key === 'clinic'
            ? clinicChoices(optionsOf(catalogue, key), access, user)
            : optionsOf(catalogue, key),
          filters[key],
          access.singleChoice.includes(key),
          (values) => change({ [key]: values }),
        ),
      ),
    offered('dates') ? dateInput('from', 'From') : null,
    offered('dates') ? dateInput('to', 'To') : null,
    // A role without clinic filters sees the whole practice: say so where the filters would be.
    offered('clinic')
      ? null
      : el(
          'p',
          { class: 'filter-note' },
          'Whole practice: every clinic, therapist, site, technique, condition and date.',
          access.singleChoice.length > 0 ? ' One technique and one condition at a time.' : '',
        ),
    el('div', { class: 'filter-actions' }, clear, copyLink, copyStatus),
  );
  form.addEventListener('submit', (event) => event.preventDefault());
  // The lists behave like menus: one open at a time, closed by Escape (focus back on its button)
  // or by a click elsewhere on the page.
  const lists = [...form.querySelectorAll<HTMLDetailsElement>('details.multi')];
  for (const details of lists) {
    details.addEventListener('toggle', () => {
      if (details.open) for (const other of lists) if (other !== details) other.open = false;
    });
    details.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && details.open) {
        details.open = false;
        details.querySelector('summary')?.focus();
      }
    });
  }
  const closeOnClickElsewhere = (event: MouseEvent): void => {
    // A bar that was replaced (Clear filters, Back) stops listening.
    if (!form.isConnected) return document.removeEventListener('click', closeOnClickElsewhere);
    for (const details of lists)
      if (details.open && !details.contains(event.target as Node)) details.open = false;
  };
  document.addEventListener('click', closeOnClickElsewhere);
  // Mark filters that narrow the view, and enable Clear, as they change.
  form.addEventListener('change', () => {
    const current = getView().filters;
    clear.disabled = !narrowsCohort(current) && current.site === undefined;
    for (const element of form.querySelectorAll<HTMLElement>('[data-filter]')) {
      const key = element.dataset.filter as ListFilter;
      element.classList.toggle('active', current[key].length > 0);
    }
  });
  return form;
}
