/**
 * Loading, empty and error states. Each says what is happening and what to do next, in the
 * reader's terms: never a bare "Error 500" or an empty white card.
 */
import { ApiError } from '../api/api-client.js';
import { el, type Child } from './dom.js';

export function loadingState(what: string): HTMLElement {
  return el(
    'div',
    { class: 'state state-loading', role: 'status', 'aria-live': 'polite', 'aria-busy': 'true' },
    el('span', { class: 'spinner', 'aria-hidden': 'true' }),
    `Loading ${what}…`,
  );
}

export function emptyState(title: string, ...body: Child[]): HTMLElement {
  return el('div', { class: 'state state-empty', role: 'status' }, el('h2', {}, title), el('p', {}, ...body));
}

/** A link to another page that keeps the current view's query string. */
export function pageLink(path: string, text: string): HTMLAnchorElement {
  return el('a', { href: `${path}${window.location.search}` }, text);
}

/**
 * What a role may not see: not an error (nothing is broken), so a calm state rather than a red
 * one, saying what to do instead and linking to what the role may open.
 */
export function forbiddenState(
  title: string,
  explanation: string,
  links: readonly { href: string; text: string }[] = [],
): HTMLElement {
  return el(
    'div',
    { class: 'state state-forbidden', role: 'status' },
    el('h2', {}, title),
    el('p', {}, explanation),
    links.length === 0
      ? null
      : el(
          'ul',
          { class: 'state-links' },
          ...links.map((link) => el('li', {}, el('a', { href: link.href }, link.text))),
        ),
  );
}

export function errorState(error: unknown, what: string): HTMLElement {
  if (error instanceof ApiError && error.isForbidden) {
    // The API refused this role (the dashboard should not have asked: the role table is behind).
    return forbiddenState(
      error.message.replace(/\.$/, ''),
      `Threshold does not show ${what} to your role. Ask your Threshold administrator if you need it; the pages in the navigation above are the ones your role may open.`,
    );
  }
  if (error instanceof ApiError) {
    const hint: Child[] =
      error.status === 0
        ? [
            'The dashboard is served by the Threshold API; start it again (',
            el('code', {}, 'npm start'),
            ') and reload this page.',
          ]
        : error.status === 404
          ? ['This page needs a newer Threshold server. The other pages may still work.']
          : error.status >= 500
            ? ['Try again in a moment. If it keeps happening, the server log has the details.']
            : error.status === 400 || error.status === 422
              ? ['Check the filters above: clear them, or choose another measure.']
              : [];
    return el(
      'div',
      { class: 'state state-error', role: 'alert' },
      el('h2', {}, `Could not load ${what}`),
      el('p', {}, error.message),
      hint.length > 0 ? el('p', {}, ...hint) : null,
    );
  }
  const message = error instanceof Error ? error.message : String(error);
  return el(
    'div',
    { class: 'state state-error', role: 'alert' },
    el('h2', {}, `Could not show ${what}`),
    el('p', {}, message),
    el('p', {}, 'Reload the page; if this persists, please report it with the link of this page.'),
  );
}
