/**
 * Everything around a page's own content: the skip link, the header with the navigation, the
 * filter bar, sign-in when needed, and the loading / error frame around the page's render
 * function. Each page's main.ts calls `startPage` with its render function and nothing else.
 *
 * The view (filters and page options) is read from the query string; a change is pushed as a new
 * URL (so Back undoes a filter) and the page re-renders, cancelling requests still under way.
 */
import { createApiClient, isAbortError, type ApiClient } from '../api/api-client.js';
import type { FilterCatalogue, MeasureOption } from '../api/api-types.js';
import { createAuthSession, type AuthSession } from '../auth/auth.js';
import { signInForm } from '../auth/sign-in-form.js';
import { groupScale, type GroupScale } from '../charts/palette.js';
import { humanize, siteLabel } from '../format/labels.js';
import { filterBar } from '../state/filter-bar.js';
import { LIST_FILTERS, parseViewState, serializeViewState, type ViewState } from '../state/url-state.js';
import { el, replaceChildren } from './dom.js';
import { PAGES, pageInfo, type PageId } from './pages.js';
import { errorState, loadingState } from './states.js';
import { ApiError } from '../api/api-client.js';

export interface PageContext {
  api: ApiClient;
  view: ViewState;
  /** The filter values (measures, techniques, …); null when they could not be loaded. */
  catalogue: Promise<FilterCatalogue | null>;
  /** Where the page puts its content (emptied before each render). */
  content: HTMLElement;
  /** Aborted when the view changes: pass it to every request. */
  signal: AbortSignal;
  /** Show another view (e.g. a page option changed): new URL, new render. */
  navigate(view: ViewState): void;
}

export interface PageDefinition {
  id: PageId;
  render(context: PageContext): Promise<void>;
}

/** The measure a view shows: the URL's, else PPT when the data has it, else the first measure. */
export function chosenMeasure(view: ViewState, catalogue: FilterCatalogue | null): MeasureOption | undefined {
  const measures = catalogue?.measures ?? [];
  const code =
    view.filters.measure ??
    (measures.some((measure) => measure.code === 'ppt') || measures.length === 0 ? 'ppt' : measures[0].code);
  return (
    measures.find((measure) => measure.code === code) ?? {
      code,
      unit: '',
      label: humanize(code),
      direction: 'higher-is-better',
      defaultMcid: null,
    }
  );
}

/** The view in words, for exported figures: "Pressure-pain threshold (kPa) · all sites (averaged) · technique: swedish". */
export function describeView(view: ViewState, catalogue: FilterCatalogue | null): string {
  const measure = chosenMeasure(view, catalogue);
  const parts = [
    `${measure?.label ?? 'PPT'}${measure?.unit ? ` (${measure.unit})` : ''}`,
    siteLabel(view.filters.site),
  ];
  for (const key of LIST_FILTERS)
    if (view.filters[key].length > 0) parts.push(`${key}: ${view.filters[key].join(', ')}`);
  if (view.filters.from !== undefined || view.filters.to !== undefined)
    parts.push(`dates ${view.filters.from ?? '…'} to ${view.filters.to ?? '…'}`);
  return parts.join(' · ');
}

/** Colours of techniques, stable across pages and filters (charts/palette.ts). */
export function techniqueColours(catalogue: FilterCatalogue | null, groups: readonly string[]): GroupScale {
  return groupScale(groups, catalogue?.techniques.map((option) => option.value) ?? []);
}

function header(current: PageId): HTMLElement {
  const nav = el(
    'nav',
    { class: 'site-nav', 'aria-label': 'Pages' },
    el(
      'ul',
      {},
      ...PAGES.map((page) =>
        el(
          'li',
          {},
          el(
            'a',
            {
              href: `${page.path}${window.location.search}`,
              'data-page': page.id,
              'aria-current': page.id === current ? 'page' : undefined,
            },
            page.title,
          ),
        ),
      ),
    ),
  );
  return el(
    'header',
    { class: 'site-header' },
    el(
      'a',
      { class: 'brand', href: `/${window.location.search}` },
      el('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
      'Threshold',
    ),
    nav,
  );
}

/** Keeps the navigation's links on the current view, so moving between pages keeps the filters. */
function updateNavLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.site-nav a, a.brand')) {
    const path = link.dataset.page === undefined ? '/' : pageInfo(link.dataset.page as PageId).path;
    link.href = `${path}${window.location.search}`;
  }
}

export function startPage(definition: PageDefinition): void {
  const info = pageInfo(definition.id);
  const auth: AuthSession = createAuthSession();
  let showSignIn: (reason: 'missing' | 'refused') => void = () => undefined;
  const api = createApiClient({ auth, onUnauthorized: () => showSignIn('refused') });

  document.title = info.id === 'overview' ? 'Threshold · outcomes at a glance' : `${info.title} · Threshold`;
  const filterSlot = el('div', { class: 'filter-slot' });
  const content = el('div', { class: 'page-content' });
  const main = el(
    'main',
    { id: 'main', tabindex: '-1' },
    el(
      'div',
      { class: 'page-heading' },
      el('h1', {}, info.title),
      el('p', { class: 'page-question' }, info.question),
    ),
    filterSlot,
    content,
  );
  const footer = el(
    'footer',
    { class: 'site-footer' },
    el(
      'p',
      {},
      'Every estimate is shown with its number of clients (n) and its 95% confidence interval. Definitions: the outcomes report contract, version 1.',
    ),
    el('p', { class: 'footer-status', id: 'api-status' }),
  );
  document.body.replaceChildren(
    el('a', { class: 'skip-link', href: '#main' }, 'Skip to content'),
    header(info.id),
    main,
    footer,
  );

  let view = parseViewState(window.location.search);
  let catalogue: Promise<FilterCatalogue | null> | null = null;
  let controller: AbortController | null = null;

  const loadCatalogue = (): Promise<FilterCatalogue | null> => {
    catalogue ??= api.filters().catch((error: unknown) => {
      catalogue = null; // try again at the next render
      if (error instanceof ApiError && error.isUnauthorized) throw error;
      return null;
    });
    return catalogue;
  };

  const drawFilterBar = (): void => {
    void loadCatalogue()
      .then((values) => {
        if (values === null) {
          replaceChildren(
            filterSlot,
            el(
              'p',
              { class: 'filter-bar filter-bar-unavailable' },
              'Filters are unavailable: the server did not list the values to filter by.',
            ),
          );
          return;
        }
        replaceChildren(
          filterSlot,
          filterBar({
            catalogue: values,
            getView: () => view,
            onChange: (next, reset) => navigate(next, reset === true),
          }),
        );
      })
      .catch(() => replaceChildren(filterSlot));
  };

  const render = (): void => {
    controller?.abort();
    controller = new AbortController();
    const signal = controller.signal;
    if (!auth.isSignedIn()) {
      showSignIn('missing');
      return;
    }
    replaceChildren(content, loadingState(info.title.toLowerCase()));
    content.setAttribute('aria-busy', 'true');
    const target = el('div', { class: 'page-body' });
    definition
      .render({
        api,
        view,
        catalogue: loadCatalogue().catch(() => null),
        content: target,
        signal,
        navigate: (next) => navigate(next, true),
      })
      .then(() => {
        if (signal.aborted) return;
        replaceChildren(content, target);
      })
      .catch((error: unknown) => {
        if (signal.aborted || isAbortError(error)) return;
        if (error instanceof ApiError && error.isUnauthorized) return; // the sign-in form is showing
        replaceChildren(content, errorState(error, info.title.toLowerCase()));
        console.warn('threshold: page render failed', error);
      })
      .finally(() => {
        if (!signal.aborted) content.removeAttribute('aria-busy');
      });
  };

  const navigate = (next: ViewState, redrawFilters: boolean): void => {
    const query = serializeViewState(next);
    if (query === serializeViewState(view)) return;
    view = next;
    window.history.pushState(null, '', `${window.location.pathname}${query === '' ? '' : `?${query}`}`);
    updateNavLinks();
    if (redrawFilters) drawFilterBar();
    render();
  };

  showSignIn = (reason) => {
    // Several requests may be refused at once: show the form once, and keep what was typed.
    if (content.querySelector('form.sign-in') !== null) return;
    controller?.abort();
    auth.signOut();
    replaceChildren(filterSlot);
    replaceChildren(
      content,
      signInForm({
        api,
        auth,
        reason,
        onSignedIn: () => {
          catalogue = null;
          drawFilterBar();
          render();
        },
      }),
    );
  };

  window.addEventListener('popstate', () => {
    view = parseViewState(window.location.search);
    updateNavLinks();
    drawFilterBar();
    render();
  });

  if (auth.isSignedIn()) drawFilterBar();
  render();

  // The footer says which database the API runs on (public route: works before sign-in).
  api
    .health()
    .then((health) => {
      const status = document.getElementById('api-status');
      if (status !== null)
        status.textContent = `Threshold ${health.version} · ${health.database.kind === 'embedded' ? 'embedded database' : 'PostgreSQL'}`;
    })
    .catch(() => undefined);
}
