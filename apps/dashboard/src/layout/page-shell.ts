/**
 * Everything around a page's own content: the skip link, the header with the navigation and who
 * is signed in, the filter bar, sign-in when needed, and the loading / error frame around the
 * page's render function. Each page's main.ts calls `startPage` with its render function and
 * nothing else.
 *
 * At start the shell asks the API who the token belongs to (GET /api/auth/me): the role decides
 * the navigation, the filter controls and whether this page may be shown at all
 * (auth/role-access.ts). No token, or a token the API refuses (401, at start or later), brings up
 * the sign-in form in place of the content.
 *
 * The view (filters and page options) is read from the query string; a change is pushed as a new
 * URL (so Back undoes a filter) and the page re-renders, cancelling requests still under way.
 */
import { createApiClient, isAbortError, type ApiClient } from '../api/api-client.js';
import type { FilterCatalogue, MeasureOption } from '../api/api-types.js';
import { createAuthSession, type AuthSession } from '../auth/auth.js';
import type { CurrentUser } from '../auth/current-user.js';
import {
  accessFor,
  forbiddenTitle,
  limitedViewNotes,
  mayOpen,
  viewForRole,
  type RoleAccess,
} from '../auth/role-access.js';
import { signInForm, type SignInReason } from '../auth/sign-in-form.js';
import { userMenu } from '../auth/user-menu.js';
import { humanize, shortKey, siteLabel } from '../format/labels.js';
import { filterBar, scopeNote } from '../state/filter-bar.js';
import { LIST_FILTERS, parseViewState, serializeViewState, type ViewState } from '../state/url-state.js';
import { el, replaceChildren } from './dom.js';
import { PAGES, pageInfo, type PageId } from './pages.js';
import { errorState, forbiddenState, loadingState } from './states.js';
import { ApiError } from '../api/api-client.js';

export interface PageContext {
  api: ApiClient;
  /** Who is signed in, and what their role is offered. */
  user: CurrentUser;
  access: RoleAccess;
  view: ViewState;
  /** The filter values (measures, techniques, …); null when they could not be loaded. */
  catalogue: Promise<FilterCatalogue | null>;
  /** Where the page puts its content (emptied before each render). */
  content: HTMLElement;
  /** Aborted when the view changes: pass it to every request. */
  signal: AbortSignal;
  /** Show another view (e.g. a page option changed): new URL, new render. */
  navigate(view: ViewState): void;
  /** Render the same view again, with fresh answers (e.g. after a claim was approved). */
  refresh(): void;
}

export interface PageDefinition {
  id: PageId;
  render(context: PageContext): Promise<void>;
  /** Whether the page shows the filter bar (default true; the claims page has its own terms). */
  filters?: boolean;
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
  // Clinics and therapists by name where they have one (the catalogue's labels), never a bare key.
  const labelIn = (options: readonly { value: string; label: string }[] | undefined, value: string): string =>
    options?.find((option) => option.value === value)?.label ??
    (/^[0-9a-f]{32}$/.test(value) ? shortKey(value) : value);
  for (const key of LIST_FILTERS) {
    if (view.filters[key].length === 0) continue;
    const options =
      key === 'clinic' ? catalogue?.clinics : key === 'therapist' ? catalogue?.therapists : undefined;
    parts.push(
      `${key}: ${view.filters[key].map((value) => (options === undefined ? value : labelIn(options, value))).join(', ')}`,
    );
  }
  if (view.filters.from !== undefined || view.filters.to !== undefined)
    parts.push(`dates ${view.filters.from ?? '…'} to ${view.filters.to ?? '…'}`);
  return parts.join(' · ');
}

/** The notice above a page whose view was limited to what the role may see (none when it was not). */
function limitedNotice(notes: readonly string[]): HTMLElement[] {
  if (notes.length === 0) return [];
  return [
    el(
      'div',
      { class: 'limited-notice', role: 'status', 'data-limited-view': 'true' },
      el('strong', {}, 'This view was limited. '),
      notes.join(' '),
    ),
  ];
}

/** The navigation: the pages this role is offered, each keeping the current view's filters. */
function navigation(current: PageId, access: RoleAccess): HTMLElement {
  return el(
    'nav',
    { class: 'site-nav', 'aria-label': 'Pages' },
    el(
      'ul',
      {},
      ...PAGES.filter((page) => mayOpen(access, page.id)).map((page) =>
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
}

/** Keeps the navigation's links on the current view, so moving between pages keeps the filters. */
function updateNavLinks(): void {
  for (const link of document.querySelectorAll<HTMLAnchorElement>('.site-nav a, a.brand')) {
    const path = link.dataset.page === undefined ? '/' : pageInfo(link.dataset.page as PageId).path;
    link.href = `${path}${window.location.search}`;
  }
}

/** A page the role is not offered: said plainly, with the pages it may open. */
function notForThisRole(access: RoleAccess): HTMLElement {
  const pages = PAGES.filter((page) => mayOpen(access, page.id));
  return forbiddenState(
    forbiddenTitle(access),
    pages.length === 0
      ? 'This dashboard has no page for this role. Ask your Threshold administrator which access you need.'
      : 'What the dashboard shows depends on your role. Ask your Threshold administrator if you need this page; these are the pages your role may open:',
    pages.map((page) => ({ href: `${page.path}${window.location.search}`, text: page.title })),
  );
}

export function startPage(definition: PageDefinition): void {
  const info = pageInfo(definition.id);
  const auth: AuthSession = createAuthSession();
  let user: CurrentUser | null = null;
  let access: RoleAccess | null = null;
  let showSignIn: (reason: SignInReason) => void = () => undefined;
  const api = createApiClient({
    auth,
    // Before anyone is known, a 401 without a session is no news: the form just says "sign in".
    onUnauthorized: (error) => showSignIn(user === null && !error.sessionEnded ? 'missing' : 'expired'),
    role: () => access?.label,
  });

  document.title = info.id === 'overview' ? 'Threshold · outcomes at a glance' : `${info.title} · Threshold`;
  const navSlot = el('div', { class: 'nav-slot' });
  const userSlot = el('div', { class: 'user-slot' });
  // Shown (keeping room for the bar while it loads) once the user may see this page's filters.
  const filterSlot = el('div', { class: 'filter-slot', hidden: true });
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
    el(
      'header',
      { class: 'site-header' },
      el(
        'a',
        { class: 'brand', href: `/${window.location.search}` },
        el('span', { class: 'brand-mark', 'aria-hidden': 'true' }),
        'Threshold',
      ),
      navSlot,
      userSlot,
    ),
    main,
    footer,
  );

  let view = parseViewState(window.location.search);
  /** What the role's limits took out of the view last asked for (shown above the page). */
  let limitedNotes: string[] = [];
  let catalogue: Promise<FilterCatalogue | null> | null = null;
  let controller: AbortController | null = null;

  const loadCatalogue = (): Promise<FilterCatalogue | null> => {
    // A role without the lists of filter values is not sent for them: the API would refuse.
    if (access === null || !access.filterValues) return Promise.resolve(null);
    catalogue ??= api.filters().catch((error: unknown) => {
      catalogue = null; // try again at the next render
      if (error instanceof ApiError && error.isUnauthorized) throw error;
      return null;
    });
    return catalogue;
  };

  const drawFilterBar = (): void => {
    if (definition.filters === false || access === null || user === null) return;
    const role = access;
    const who = user;
    filterSlot.hidden = false;
    if (!role.filterValues) {
      replaceChildren(filterSlot, scopeNote(role));
      return;
    }
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
            access: role,
            user: who,
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
    if (user === null || access === null) return;
    replaceChildren(content, loadingState(info.title.toLowerCase()));
    content.setAttribute('aria-busy', 'true');
    const target = el('div', { class: 'page-body' });
    definition
      .render({
        api,
        user,
        access,
        view,
        catalogue: loadCatalogue().catch(() => null),
        content: target,
        signal,
        navigate: (next) => navigate(next, true),
        refresh: () => render(),
      })
      .then(() => {
        if (signal.aborted) return;
        replaceChildren(content, ...limitedNotice(limitedNotes), target);
      })
      .catch((error: unknown) => {
        if (signal.aborted || isAbortError(error)) return;
        if (error instanceof ApiError && error.isUnauthorized) return; // the sign-in form is showing
        replaceChildren(content, errorState(error, info.title.toLowerCase()));
        if (!(error instanceof ApiError && error.isForbidden))
          console.warn('threshold: page render failed', error);
      })
      .finally(() => {
        if (!signal.aborted) content.removeAttribute('aria-busy');
      });
  };

  /** The view this role may see: a link with filters it is not offered opens without them. */
  const allowed = (next: ViewState): ViewState =>
    access === null || user === null ? next : viewForRole(next, access, user);

  const navigate = (next: ViewState, redrawFilters: boolean): void => {
    const permitted = allowed(next);
    limitedNotes = limitedViewNotes(next, permitted);
    const query = serializeViewState(permitted);
    if (query === serializeViewState(view)) return;
    view = permitted;
    window.history.pushState(null, '', `${window.location.pathname}${query === '' ? '' : `?${query}`}`);
    updateNavLinks();
    if (redrawFilters) drawFilterBar();
    render();
  };

  /** Signed in and known: the role's navigation, then this page (or why this role may not see it). */
  const start = (who: CurrentUser): void => {
    user = who;
    access = accessFor(who.role);
    const role = access;
    replaceChildren(navSlot, navigation(info.id, role));
    replaceChildren(
      userSlot,
      userMenu(who, role, () => {
        // Revoke the token at the API, then forget it; signed out here even if the API is away.
        void api
          .logout()
          .catch(() => undefined)
          .finally(() => showSignIn('signed-out'));
      }),
    );
    if (!mayOpen(role, info.id)) {
      replaceChildren(content, notForThisRole(role));
      return;
    }
    // A link may carry filters this role is not offered: show (and keep in the URL) what it may
    // see, and say above the page that the view was limited (never a silent substitution).
    const permitted = allowed(view);
    limitedNotes = limitedViewNotes(view, permitted);
    const query = serializeViewState(permitted);
    if (query !== serializeViewState(view)) {
      window.history.replaceState(null, '', `${window.location.pathname}${query === '' ? '' : `?${query}`}`);
      updateNavLinks();
    }
    view = permitted;
    drawFilterBar();
    render();
  };

  showSignIn = (reason) => {
    // Several requests may be refused at once: show the form once, and keep what was typed.
    if (content.querySelector('.sign-in') !== null) return;
    controller?.abort();
    user = null;
    access = null;
    catalogue = null;
    replaceChildren(navSlot);
    replaceChildren(userSlot);
    replaceChildren(filterSlot);
    filterSlot.hidden = true;
    content.removeAttribute('aria-busy');
    replaceChildren(
      content,
      signInForm({
        api,
        reason,
        // Start again as whoever signed in: their role decides the navigation and this page.
        onSignedIn: () => window.location.reload(),
      }),
    );
  };

  window.addEventListener('popstate', () => {
    if (user === null) return;
    const asked = parseViewState(window.location.search);
    view = allowed(asked);
    limitedNotes = limitedViewNotes(asked, view);
    updateNavLinks();
    drawFilterBar();
    render();
  });

  // Who is signed in, only the API knows (the session cookie is not the page's to read). Without
  // the API's hint cookie there is no session to ask about: the form at once. A start-up link's
  // token (`#token=`, already gone from the address bar) is exchanged for the session cookie first.
  const linkToken = auth.takeLinkToken();
  if (linkToken === undefined && !auth.maybeSignedIn()) {
    showSignIn('missing');
  } else {
    replaceChildren(content, loadingState('your account'));
    (linkToken === undefined ? api.me() : api.startSession({ token: linkToken }))
      .then(start)
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.isUnauthorized) {
          // Shown already (onUnauthorized), but when the link's token was refused.
          showSignIn('expired');
          return;
        }
        replaceChildren(content, errorState(error, 'who is signed in'));
      });
  }

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
