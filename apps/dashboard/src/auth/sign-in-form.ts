/**
 * The sign-in form: asks for the admin token when there is none, or when the API refused the one
 * kept. With users (a later issue) this becomes the login page; the rest of the dashboard only
 * calls `signInForm` and waits for it to resolve.
 */
import type { ApiClient } from '../api/api-client.js';
import { ApiError } from '../api/api-client.js';
import { el } from '../layout/dom.js';
import { isPlausibleToken, type AuthSession } from './auth.js';

export interface SignInOptions {
  api: ApiClient;
  auth: AuthSession;
  /** Why the form is shown: no token yet, or the kept one was refused. */
  reason: 'missing' | 'refused';
  onSignedIn(): void;
}

export function signInForm(options: SignInOptions): HTMLElement {
  const input = el('input', {
    id: 'admin-token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'admin-token-help',
  });
  const message = el('p', { class: 'form-message', role: 'alert', 'aria-live': 'assertive' });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    'form',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title', novalidate: true },
    el('h2', { id: 'sign-in-title' }, options.reason === 'refused' ? 'Sign in again' : 'Sign in'),
    el(
      'p',
      { id: 'admin-token-help' },
      options.reason === 'refused'
        ? 'The API no longer accepts the token this browser kept (the server may have a new one). '
        : 'The dashboard needs the admin token to read your data. ',
      'Paste the admin token printed when Threshold started (the line “Open http://…/#token=…”; it is also kept in the data directory, in the file ',
      el('code', {}, 'admin-token'),
      ').',
    ),
    el('label', { for: 'admin-token' }, 'Admin token'),
    el('div', { class: 'form-row' }, input, submit),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!isPlausibleToken(token)) {
      message.textContent = 'That does not look like a token: paste the whole token, without spaces.';
      input.focus();
      return;
    }
    submit.disabled = true;
    message.textContent = 'Checking the token…';
    options.api
      .checkToken(token)
      .then((accepted) => {
        if (!accepted) {
          message.textContent =
            'The API refused that token. Check that you copied all of it, from this server’s start-up message.';
          submit.disabled = false;
          input.select();
          return;
        }
        options.auth.signIn(token);
        options.onSignedIn();
      })
      .catch((error: unknown) => {
        message.textContent =
          error instanceof ApiError ? error.message : 'Could not check the token; try again.';
        submit.disabled = false;
      });
  });
  // Focus the field once the form is on the page.
  queueMicrotask(() => input.focus());
  return form;
}
