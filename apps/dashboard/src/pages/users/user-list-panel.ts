/**
 * The users the signed-in admin or owner manages (GET /api/users), with what each may do: their
 * role, clinics and therapist by name, whether they may sign in; and per user: a new password,
 * ending their sign-ins, disabling or enabling them.
 */
import { ApiError } from '../../api/api-client.js';
import type { ManagedUser } from '../../api/api-types.js';
import type { DisplayNames } from '../../format/display-names.js';
import { card } from '../../layout/card.js';
import { button, el, replaceChildren } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { errorState, loadingState } from '../../layout/states.js';
import { clinicsText, suggestPassword, therapistText } from './people-text.js';

export interface UserListPanel {
  element: HTMLElement;
  load(): Promise<void>;
  /** A user just created, shown without asking the API again. */
  add(user: ManagedUser): void;
}

const MIN_PASSWORD_LENGTH = 12;

export function userListPanel(context: PageContext, names: DisplayNames): UserListPanel {
  const status = el('p', { class: 'progress-text', role: 'status', 'aria-live': 'polite' });
  const body = el('div', { class: 'table-scroll' }, loadingState('the users'));
  let users: ManagedUser[] = [];
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

  const passwordForm = (user: ManagedUser): HTMLElement => {
    const id = `password-${user.id}`;
    const input = el('input', {
      id,
      type: 'text',
      autocomplete: 'new-password',
      minlength: MIN_PASSWORD_LENGTH,
      spellcheck: 'false',
      required: true,
    });
    const form = el(
      'form',
      { class: 'form-row', 'aria-label': `New password for ${user.email}` },
      el('label', { for: id }, 'New password'),
      input,
      button('Suggest', () => void (input.value = suggestPassword()), {
        class: 'quiet',
        'aria-label': `Suggest a password for ${user.email}`,
      }),
      el('button', { type: 'submit', class: 'primary' }, 'Set password'),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (input.value.length < MIN_PASSWORD_LENGTH)
        return say(`A password has at least ${MIN_PASSWORD_LENGTH} characters.`, true);
      void act(async () => {
        const { revoked } = await context.api.resetPassword(user.id, input.value);
        input.value = '';
        (form.closest('details') as HTMLDetailsElement | null)?.removeAttribute('open');
        return `New password set for ${user.email}; ${revoked === 1 ? '1 sign-in' : `${revoked} sign-ins`} ended. Give them the new password.`;
      });
    });
    return el('details', { class: 'row-action' }, el('summary', {}, 'Reset password'), form);
  };

  const row = (user: ManagedUser): HTMLTableRowElement =>
    el(
      'tr',
      { 'data-user': user.email },
      el(
        'td',
        {},
        user.email,
        user.disabled ? el('span', { class: 'cell-note' }, 'disabled: may not sign in') : null,
      ),
      el('td', {}, user.role),
      el('td', {}, clinicsText(user, names)),
      el('td', {}, therapistText(user, names) || '–'),
      el(
        'td',
        { class: 'row-actions' },
        passwordForm(user),
        button(
          'End sign-ins',
          () =>
            void act(
              async () =>
                `${(await context.api.revokeSessions(user.id)).revoked} sign-in(s) of ${user.email} ended.`,
            ),
          { class: 'quiet', 'aria-label': `End sign-ins of ${user.email}` },
        ),
        button(
          user.disabled ? 'Enable' : 'Disable',
          () =>
            void act(async () => {
              const changed = await context.api.setDisabled(user.id, !user.disabled);
              users = users.map((other) => (other.id === changed.id ? changed : other));
              draw();
              return changed.disabled
                ? `${changed.email} is disabled and signed out.`
                : `${changed.email} may sign in again.`;
            }),
          { class: 'quiet', 'aria-label': `${user.disabled ? 'Enable' : 'Disable'} ${user.email}` },
        ),
      ),
    );

  const draw = (): void => {
    replaceChildren(
      body,
      users.length === 0
        ? el('p', { class: 'hint' }, 'No one yet: add a person above.')
        : el(
            'table',
            { class: 'data-table users-table' },
            el('caption', { class: 'visually-hidden' }, 'People who may sign in'),
            el(
              'thead',
              {},
              el(
                'tr',
                {},
                ...['Email', 'Role', 'Clinics', 'Therapist', 'Actions'].map((heading) =>
                  el('th', { scope: 'col' }, heading),
                ),
              ),
            ),
            el('tbody', {}, ...users.map(row)),
          ),
    );
  };

  const element = card(
    {
      id: 'users-title',
      title: 'People who may sign in',
      description:
        context.access.people.manages.length > 1
          ? 'Every user. A new password or “End sign-ins” signs them out everywhere; a disabled user cannot sign in.'
          : 'The therapists of your clinics. A new password or “End sign-ins” signs them out everywhere; a disabled user cannot sign in.',
    },
    body,
    status,
  );

  return {
    element,
    async load() {
      try {
        users = await context.api.users(context.signal);
        draw();
      } catch (error) {
        if (error instanceof ApiError) replaceChildren(body, errorState(error, 'the users'));
        else throw error;
      }
    },
    add(user) {
      users = [...users, user];
      draw();
    },
  };
}
