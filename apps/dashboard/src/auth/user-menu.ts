/**
 * The header's corner: who is signed in, in which role, and the way out. Signing out revokes the
 * token at the API (POST /api/auth/logout) before forgetting it here, so a copied token stops
 * working too.
 */
import { button, el } from '../layout/dom.js';
import { isAdminToken, type CurrentUser } from './current-user.js';
import type { RoleAccess } from './role-access.js';

export function userMenu(user: CurrentUser, access: RoleAccess, onSignOut: () => void): HTMLElement {
  const who = isAdminToken(user) ? 'the admin token' : user.name;
  return el(
    'div',
    { class: 'user-menu', 'data-role': user.role },
    el(
      'p',
      { class: 'user-who' },
      el('span', { class: 'visually-hidden' }, 'Signed in as '),
      el('span', { class: 'user-name', title: `Signed in with ${who}` }, who),
      ' ',
      el('span', { class: 'role-badge', 'aria-label': `role: ${access.label}` }, access.label),
    ),
    button('Sign out', onSignOut, { class: 'quiet sign-out', 'data-action': 'sign-out' }),
  );
}
