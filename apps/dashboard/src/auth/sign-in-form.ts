/**
 * The sign-in page: email and password (POST /api/auth/session: the API sets the session cookie),
 * shown in place of a page's content
 * when no one is signed in or the API no longer accepts the token, so that after signing in the
 * reader is on the page they asked for. Below it, folded away, the admin token (for automation and
 * the first start, when no user exists yet; the start-up link `#token=` does the same).
 *
 * What the API answers is said in words: a wrong password (401, the same answer for an unknown
 * email, so the form cannot be used to find accounts), too many attempts (429: the button waits
 * out the `retryAfter` seconds, counting down), or no answer at all.
 */
import type { ApiClient } from '../api/api-client.js';
import { ApiError, tooManyAttemptsText } from '../api/api-client.js';
import { el } from '../layout/dom.js';
import { isPlausibleToken } from './auth.js';

/** Why the form is shown. */
export type SignInReason = 'missing' | 'expired' | 'signed-out';

export interface SignInOptions {
  api: ApiClient;
  reason: SignInReason;
  /** The session has started (its cookie is set); the page starts again as the new user. */
  onSignedIn(): void;
}

const INTRO: Record<SignInReason, string> = {
  missing: 'Sign in with the email address and password your Threshold administrator gave you.',
  expired:
    'Your session has ended (it expired, was revoked, or you signed out elsewhere). Sign in again to continue.',
  'signed-out': 'You have signed out. Sign in again to continue.',
};

/**
 * Shows why signing in failed. When the API asks to wait (429), the message says how long once
 * (it is a live region: updating it every second would be read out every second) and the button
 * counts the seconds down, disabled, until another attempt may be made.
 */
function showFailure(error: unknown, message: HTMLElement, button: HTMLButtonElement): void {
  button.disabled = false;
  if (!(error instanceof ApiError)) {
    message.textContent = 'Could not sign in; try again.';
    return;
  }
  message.textContent = error.message;
  if (error.status !== 429 || error.retryAfter === undefined || error.retryAfter <= 0) return;
  const label = button.textContent;
  let left = error.retryAfter;
  message.textContent = tooManyAttemptsText(left);
  button.disabled = true;
  button.textContent = `Wait ${left} s`;
  const timer = window.setInterval(() => {
    left -= 1;
    if (left > 0 && button.isConnected) {
      button.textContent = `Wait ${left} s`;
      return;
    }
    window.clearInterval(timer);
    button.disabled = false;
    button.textContent = label;
    if (message.isConnected) message.textContent = 'You can try again now.';
  }, 1000);
}

function passwordForm(options: SignInOptions): HTMLFormElement {
  const email = el('input', {
    id: 'sign-in-email',
    name: 'email',
    type: 'email',
    autocomplete: 'username',
    spellcheck: 'false',
    required: true,
  });
  const password = el('input', {
    id: 'sign-in-password',
    name: 'password',
    type: 'password',
    autocomplete: 'current-password',
    required: true,
  });
  const message = el('p', {
    class: 'form-message',
    id: 'sign-in-message',
    role: 'alert',
    'aria-live': 'assertive',
  });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Sign in');
  const form = el(
    'form',
    { class: 'sign-in-password', novalidate: true, 'aria-labelledby': 'sign-in-title' },
    el('div', { class: 'field' }, el('label', { for: 'sign-in-email' }, 'Email'), email),
    el('div', { class: 'field' }, el('label', { for: 'sign-in-password' }, 'Password'), password),
    el('div', { class: 'form-row' }, submit),
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (email.value.trim() === '' || password.value === '') {
      message.textContent = 'Enter your email address and your password.';
      (email.value.trim() === '' ? email : password).focus();
      return;
    }
    submit.disabled = true;
    message.textContent = 'Signing in…';
    options.api
      .startSession({ email: email.value.trim(), password: password.value })
      .then(() => options.onSignedIn())
      .catch((error: unknown) => {
        showFailure(error, message, submit);
        if (error instanceof ApiError && error.status === 401) password.select();
      });
  });
  queueMicrotask(() => email.focus());
  return form;
}

function adminTokenForm(options: SignInOptions): HTMLElement {
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
  const submit = el('button', { type: 'submit' }, 'Use the admin token');
  const form = el(
    'form',
    { class: 'sign-in-token', novalidate: true },
    el(
      'p',
      { id: 'admin-token-help', class: 'hint' },
      'For automation and the first start, before any user exists: paste the admin token printed when Threshold started (the line “Open http://…/#token=…”; it is also kept in the data directory, in the file ',
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
      .startSession({ token })
      .then(() => options.onSignedIn())
      .catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 401) {
          message.textContent =
            'The API refused that token. Check that you copied all of it, from this server’s start-up message.';
          submit.disabled = false;
          input.select();
          return;
        }
        showFailure(error, message, submit);
      });
  });
  return el(
    'details',
    { class: 'sign-in-admin' },
    el('summary', {}, 'Sign in with the admin token instead'),
    form,
  );
}

export function signInForm(options: SignInOptions): HTMLElement {
  return el(
    'section',
    { class: 'sign-in', 'aria-labelledby': 'sign-in-title', 'data-reason': options.reason },
    el('h2', { id: 'sign-in-title' }, options.reason === 'expired' ? 'Sign in again' : 'Sign in'),
    el('p', { class: 'sign-in-intro', id: 'sign-in-intro' }, INTRO[options.reason]),
    passwordForm(options),
    adminTokenForm(options),
  );
}
