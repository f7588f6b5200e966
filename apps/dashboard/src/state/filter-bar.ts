/**
 * The filter controls shared by every page: measure, site, condition, technique, clinic,
 * therapist and date range, with values from GET /api/cohorts/filters. Every change becomes a new
 * URL (state/url-state.ts) so a view can be shared; the page shell re-renders on it.
 *
 * Several-value filters are checkbox lists in a disclosure (details/summary): native, so they
 * work by keyboard and with screen readers without any script of ours.
 */
import type { FilterCatalogue, Option } from '../api/api-types.js';
import { button, el } from '../layout/dom.js';
import { EMPTY_FILTERS, narrowsCohort, withFilters, type ListFilter, type ViewState } from './url-state.js';

export interface FilterBarOptions {
  catalogue: FilterCatalogue;
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

function multiSelect(
  key: ListFilter,
  options: Option[],
  selected: string[],
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
  const list = el(
    'fieldset',
    { class: 'multi-options' },
    el('legend', { class: 'visually-hidden' }, `${label}: choose one or more ${plural}`),
    ...options.map((option) => {
      const id = `filter-${key}-${option.value}`;
      const box = el('input', {
        type: 'checkbox',
        id,
        value: option.value,
        checked: chosen.has(option.value),
      });
      box.addEventListener('change', () => {
        if (box.checked) chosen.add(option.value);
        else chosen.delete(option.value);
        value.textContent = summaryText();
        onChange([...chosen]);
      });
      return el('div', { class: 'check' }, box, el('label', { for: id, title: option.value }, option.label));
    }),
  );
  return el(
    'details',
    { class: `filter multi${chosen.size > 0 ? ' active' : ''}`, 'data-filter': key },
    el(
      'summary',
      { 'aria-label': `${label} filter: ${summaryText()}` },
      el('span', { class: 'filter-label' }, label),
      value,
    ),
    options.length === 0 ? el('p', { class: 'multi-options empty' }, `No ${plural} in the data.`) : list,
  );
}

export function filterBar(options: FilterBarOptions): HTMLElement {
  const { catalogue, getView, onChange } = options;
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
    { class: 'quiet', 'aria-label': 'Copy a link to this view' },
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
    el(
      'div',
      { class: 'filter' },
      el('label', { for: 'filter-measure', class: 'filter-label' }, 'Measure'),
      measureSelect,
    ),
    el(
      'div',
      { class: `filter${filters.site !== undefined ? ' active' : ''}` },
      el('label', { for: 'filter-site', class: 'filter-label' }, 'Site'),
      siteSelect,
    ),
    ...(['condition', 'technique', 'clinic', 'therapist'] as const).map((key) =>
      multiSelect(key, optionsOf(catalogue, key), filters[key], (values) => change({ [key]: values })),
    ),
    dateInput('from', 'From'),
    dateInput('to', 'To'),
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
