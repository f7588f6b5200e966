/**
 * Adding a person (POST /api/users): email, role, a first password, the clinics they stand for
 * and, for a therapist, which therapist of the data they are. Clinics and therapists are picked by
 * name from the filter values; a therapist without data yet is given by the id used in the files.
 * An owner adds therapists of their own clinics only (the API refuses anything else).
 */
import { ApiError } from '../../api/api-client.js';
import type { FilterCatalogue, ManagedUser, NewUserRequest } from '../../api/api-types.js';
import { clinicChoices } from '../../auth/role-access.js';
import { card } from '../../layout/card.js';
import { button, el } from '../../layout/dom.js';
import { formField } from '../../layout/form-field.js';
import type { PageContext } from '../../layout/page-shell.js';
import { ROLE_TEXT, suggestPassword } from './people-text.js';

/** The therapist select's choice for a therapist not in the data yet. */
const OTHER_THERAPIST = '';


export function newUserPanel(
  context: PageContext,
  catalogue: FilterCatalogue | null,
  onCreated: (user: ManagedUser) => void,
): HTMLElement {
  const roles = context.access.people.manages;
  const message = el('p', { class: 'form-message', role: 'status', 'aria-live': 'polite' });

  const email = el('input', { id: 'new-user-email', type: 'email', autocomplete: 'off', required: true });
  const role = el(
    'select',
    { id: 'new-user-role', disabled: roles.length === 1 },
    ...roles.map((value) =>
      el('option', { value, selected: value === 'therapist' }, ROLE_TEXT[value] ?? value),
    ),
  );
  const password = el('input', {
    id: 'new-user-password',
    type: 'text',
    autocomplete: 'new-password',
    minlength: 12,
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'new-user-password-hint',
  });
  const suggest = button('Suggest a password', () => void (password.value = suggestPassword()), {
    class: 'quiet',
  });

  const clinics = clinicChoices(catalogue?.clinics ?? [], context.access, context.user);
  const clinicBoxes = clinics.map((clinic, index) =>
    el('input', {
      type: 'checkbox',
      id: `new-user-clinic-${index}`,
      value: clinic.value,
      checked: clinics.length === 1,
    }),
  );
  const clinicSet = el(
    'fieldset',
    { class: 'field clinic-picks' },
    el('legend', {}, 'Clinics they stand for'),
    clinics.length === 0
      ? el('p', { class: 'hint' }, 'No clinics in the data yet: load data on the Data page first.')
      : null,
    ...clinics.map((clinic, index) =>
      el(
        'div',
        { class: 'check' },
        clinicBoxes[index],
        el('label', { for: `new-user-clinic-${index}` }, clinic.label),
      ),
    ),
  );

  const therapist = el(
    'select',
    { id: 'new-user-therapist' },
    ...(catalogue?.therapists ?? []).map((option) => el('option', { value: option.value }, option.label)),
    el('option', { value: OTHER_THERAPIST }, 'Another therapist (not in the data yet)…'),
  );
  const otherTherapist = el('input', {
    id: 'new-user-therapist-id',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
  });
  const otherField = formField('new-user-therapist-id', 'Their therapist_id in your files', otherTherapist);
  const therapistFields = el(
    'div',
    {},
    formField('new-user-therapist', 'Which therapist they are', therapist),
    otherField,
  );

  const showRoleFields = (): void => {
    const chosen = role.value;
    therapistFields.hidden = chosen !== 'therapist';
    otherField.hidden = therapist.value !== OTHER_THERAPIST;
    clinicSet.hidden = chosen === 'admin' || chosen === 'marketing';
  };
  role.addEventListener('change', showRoleFields);
  therapist.addEventListener('change', showRoleFields);
  showRoleFields();

  const form = el(
    'form',
    { class: 'people-form', 'aria-labelledby': 'new-user-title', novalidate: true },
    formField('new-user-email', 'Email', email),
    formField('new-user-role', 'Role', role),
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'new-user-password' }, 'First password'),
      el('div', { class: 'form-row' }, password, suggest),
      el(
        'span',
        { class: 'hint', id: 'new-user-password-hint' },
        'At least 12 characters. Give it to them in person or by phone; they can sign in with it at once.',
      ),
    ),
    clinicSet,
    therapistFields,
    el('div', { class: 'form-row' }, el('button', { type: 'submit', class: 'primary' }, 'Add this person')),
    message,
  );

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const chosenRole = role.value;
    const request: NewUserRequest = {
      email: email.value.trim(),
      password: password.value,
      role: chosenRole,
      clinics:
        chosenRole === 'owner' || chosenRole === 'therapist'
          ? clinicBoxes.filter((box) => box.checked).map((box) => box.value)
          : [],
    };
    if (chosenRole === 'therapist') {
      request.therapist = therapist.value === OTHER_THERAPIST ? otherTherapist.value.trim() : therapist.value;
    }
    void (async () => {
      message.className = 'progress-text';
      message.textContent = 'Adding…';
      try {
        const created = await context.api.createUser(request);
        onCreated(created);
        message.className = 'progress-text';
        message.textContent = `${created.email} may now sign in as ${created.role}.`;
        form.reset();
        for (const box of clinicBoxes) box.checked = clinics.length === 1;
        showRoleFields();
      } catch (error) {
        message.className = 'form-message';
        message.textContent = error instanceof ApiError ? error.message : 'Adding failed; try again.';
      }
    })();
  });

  return card(
    {
      id: 'new-user-title',
      title: roles.length === 1 ? 'Add a therapist' : 'Add a person',
      description:
        roles.length === 1
          ? 'A therapist of your clinics: they see your clinics’ results, with their own point marked on the therapists’ page.'
          : 'Give them a role and, for an owner or therapist, the clinics they stand for.',
    },
    form,
  );
}
