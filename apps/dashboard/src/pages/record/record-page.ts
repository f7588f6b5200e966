/**
 * Record a session (issue 20): a therapist (or an owner, or an admin) types one session of one
 * client at the table, on a phone: the client's id as the clinic knows it (the server hashes it),
 * the session number (the next one suggested), date, technique, condition, and at each site up to
 * three readings before and after the treatment in the unit the algometer shows; pain and
 * headache days if taken. A value outside its plausible range is asked about before anything is
 * sent (plausible-values.ts).
 *
 * A saved session goes into the outbox on this device (session-outbox.ts) and is sent from there
 * with its own Idempotency-Key: at once when online, else when the `online` event fires or the
 * page is opened again; a retry of a send whose answer was lost stores nothing twice. The outbox's
 * count and state are always shown. A refused session comes back into the form with each problem
 * named at its field.
 *
 * An owner or admin may flag the session as a correction of the stored one (with a reason): its
 * readings then replace the stored readings of the same session, through the correction path.
 */
import { ApiError } from '../../api/api-client.js';
import type { FilterCatalogue, IngestError, Option, SessionPayload } from '../../api/api-types.js';
import { clinicChoices } from '../../auth/role-access.js';
import { humanize } from '../../format/labels.js';
import { card } from '../../layout/card.js';
import { button, el, replaceChildren } from '../../layout/dom.js';
import { formField } from '../../layout/form-field.js';
import type { PageContext } from '../../layout/page-shell.js';
import { pageIntro } from '../../layout/report-view.js';
import { forbiddenState } from '../../layout/states.js';
import { forbiddenTitle } from '../../auth/role-access.js';
import { implausibleValues, PPT_UNITS } from './plausible-values.js';
import { SessionOutbox, type OutboxEntry, type SendOutcome } from './session-outbox.js';

/** The trial's four sites (Moraska et al. 2017), offered when the data has no sites yet. */
const DEFAULT_SITES = [
  'upper_trapezius_left',
  'upper_trapezius_right',
  'suboccipital_left',
  'suboccipital_right',
];
const TRIALS = [1, 2, 3];
const UNIT_KEY = 'threshold.algometerUnit';
/** What is typed and not yet saved, so that a reload or a closed tab loses nothing (docs/privacy.md, "On the device"). */
const DRAFT_PREFIX = 'threshold.sessionDraft:';

/** The inputs of the form that stand for a field of the payload (for errors named by field). */
const FIELD_IDS: Record<string, string> = {
  clientId: 'session-client',
  session: 'session-number',
  date: 'session-date',
  technique: 'session-technique',
  condition: 'session-condition',
  clinic: 'session-clinic',
  therapist: 'session-therapist',
  unit: 'session-unit',
  'painNrs.pre': 'pain-pre',
  'painNrs.post': 'pain-post',
  headacheDays: 'headache-days',
  'correction.reason': 'correction-reason',
};

const readingId = (site: string, phase: 'pre' | 'post', trial: number): string =>
  `ppt-${site}-${phase}-${trial}`;
const today = (): string => {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
};


function numberInput(
  id: string,
  attributes: Record<string, string | number | boolean> = {},
): HTMLInputElement {
  return el('input', {
    id,
    type: 'number',
    inputmode: 'decimal',
    step: 'any',
    autocomplete: 'off',
    ...attributes,
  });
}

function listFor(id: string, options: readonly Option[]): HTMLDataListElement {
  return el(
    'datalist',
    { id },
    ...options.map((option) => el('option', { value: option.value }, option.label)),
  );
}

const valueOf = (input: HTMLInputElement): number | null =>
  input.value.trim() === '' ? null : Number(input.value);
const textOf = (input: HTMLInputElement | HTMLSelectElement): string | null =>
  input.value.trim() === '' ? null : input.value.trim();

export async function renderRecord(context: PageContext): Promise<void> {
  const { role } = context.user;
  if (role !== 'admin' && role !== 'owner' && role !== 'therapist') {
    context.content.append(
      forbiddenState(forbiddenTitle(context.access), 'Therapists, clinic owners and admins record sessions.'),
    );
    return;
  }
  const catalogue: FilterCatalogue | null = await context.catalogue;
  const outbox = new SessionOutbox(window.localStorage, context.user.name);
  const sites = (catalogue?.sites ?? []).map((option) => option.value).filter((site) => site !== 'all');
  const siteCodes = sites.length > 0 ? sites : DEFAULT_SITES;

  // The session.
  const client = el('input', {
    id: 'session-client',
    type: 'text',
    autocomplete: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    required: true,
    maxlength: 200,
  });
  const sessionNumber = numberInput('session-number', {
    inputmode: 'numeric',
    min: 1,
    step: 1,
    required: true,
  });
  const suggestion = el('p', { class: 'hint', id: 'session-suggestion', 'aria-live': 'polite' });
  const date = el('input', { id: 'session-date', type: 'date', value: today() });
  const technique = el('input', {
    id: 'session-technique',
    type: 'text',
    list: 'techniques-list',
    autocomplete: 'off',
    autocapitalize: 'off',
  });
  const condition = el('input', {
    id: 'session-condition',
    type: 'text',
    list: 'conditions-list',
    autocomplete: 'off',
    autocapitalize: 'off',
  });
  const clinics = clinicChoices(catalogue?.clinics ?? [], context.access, context.user);
  const ownClinics =
    role === 'admin'
      ? clinics
      : context.user.clinics.map(
          (key) =>
            clinics.find((option) => option.value === key) ?? {
              value: key,
              label: `Clinic ${key.slice(0, 8)}…`,
            },
        );
  const clinic = el(
    'select',
    { id: 'session-clinic' },
    ...(role === 'admin' ? [el('option', { value: '' }, 'No clinic')] : []),
    ...ownClinics.map((option) => el('option', { value: option.value }, option.label)),
  );
  const therapist = el(
    'select',
    { id: 'session-therapist' },
    el('option', { value: '' }, 'No therapist recorded'),
    ...(catalogue?.therapists ?? []).map((option) => el('option', { value: option.value }, option.label)),
  );
  const storedUnit = window.localStorage.getItem(UNIT_KEY);
  const unit = el(
    'select',
    { id: 'session-unit' },
    ...Object.keys(PPT_UNITS).map((code) =>
      el('option', { value: code, selected: code === (storedUnit ?? 'kg/cm2') }, code),
    ),
  );
  unit.addEventListener('change', () => window.localStorage.setItem(UNIT_KEY, unit.value));

  // The readings: a fieldset per site, three trials before and after.
  const readingInputs = new Map<string, HTMLInputElement>();
  const siteSets = siteCodes.map((site) =>
    el(
      'fieldset',
      { class: 'site-readings' },
      el('legend', {}, humanize(site)),
      ...(['pre', 'post'] as const).map((phase) =>
        el(
          'div',
          { class: 'trial-row' },
          el('span', { class: 'trial-phase', 'aria-hidden': 'true' }, phase === 'pre' ? 'Before' : 'After'),
          ...TRIALS.map((trial) => {
            const input = numberInput(readingId(site, phase, trial), {
              'aria-label': `${humanize(site)}, ${phase === 'pre' ? 'before' : 'after'}, trial ${trial}`,
              min: 0,
            });
            readingInputs.set(readingId(site, phase, trial), input);
            return input;
          }),
        ),
      ),
    ),
  );
  const painPre = numberInput('pain-pre', { inputmode: 'numeric', min: 0, max: 10 });
  const painPost = numberInput('pain-post', { inputmode: 'numeric', min: 0, max: 10 });
  const headacheDays = numberInput('headache-days', { inputmode: 'numeric', min: 0, max: 28, step: 1 });

  // A correction (an owner's or admin's).
  const mayCorrect = role === 'admin' || role === 'owner';
  const isCorrection = el('input', { id: 'session-correction', type: 'checkbox' });
  const reason = el('input', { id: 'correction-reason', type: 'text', maxlength: 500, autocomplete: 'off' });
  const reasonField = formField(
    'correction-reason',
    'Reason for the correction',
    reason,
    'Kept with the history of the readings, with your name and the time.',
  );
  reasonField.hidden = true;
  isCorrection.addEventListener('change', () => {
    reasonField.hidden = !isCorrection.checked;
    reason.required = isCorrection.checked;
    submit.textContent = isCorrection.checked ? 'Save the correction' : 'Save session';
  });

  const errorSummary = el('div', { class: 'error-summary', tabindex: -1, hidden: true });
  // Named and described by its title and list once it asks (askAgain makes them): until then the
  // ids would name elements that do not exist.
  const ask = el('div', { class: 'ask-again', role: 'alertdialog', hidden: true });
  const submit = el('button', { type: 'submit', class: 'primary' }, 'Save session');
  const message = el('p', { class: 'form-message record-message', role: 'status', 'aria-live': 'polite' });

  const form = el(
    'form',
    { class: 'record-form', novalidate: true, 'aria-label': 'Record a session' },
    errorSummary,
    el(
      'fieldset',
      { class: 'record-group' },
      el('legend', {}, 'Session'),
      formField(
        'session-client',
        'Client id',
        client,
        'As your clinic knows the client: it is hashed by the server and never stored as typed.',
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'session-number' }, 'Session number'),
        sessionNumber,
        suggestion,
      ),
      formField('session-date', 'Date', date),
      formField('session-technique', 'Technique', technique),
      formField('session-condition', 'Condition', condition),
      ownClinics.length > 1 || role === 'admin' ? formField('session-clinic', 'Clinic', clinic) : null,
      role === 'therapist'
        ? el('p', { class: 'hint' }, 'Recorded as you, at your clinic.')
        : formField('session-therapist', 'Therapist', therapist),
      listFor('techniques-list', catalogue?.techniques ?? []),
      listFor('conditions-list', catalogue?.conditions ?? []),
    ),
    el(
      'fieldset',
      { class: 'record-group ppt-group' },
      el('legend', {}, 'Pressure-pain threshold'),
      formField(
        'session-unit',
        'Unit your algometer shows',
        unit,
        'Up to three readings per site before and after the treatment; they are averaged.',
      ),
      ...siteSets,
    ),
    el(
      'fieldset',
      { class: 'record-group' },
      el('legend', {}, 'Pain and headaches (if taken)'),
      formField('pain-pre', 'Pain before (0 to 10)', painPre),
      formField('pain-post', 'Pain after (0 to 10)', painPost),
      formField('headache-days', 'Headache days in the last 4 weeks', headacheDays),
    ),
    mayCorrect
      ? el(
          'fieldset',
          { class: 'record-group' },
          el('legend', {}, 'Correction'),
          el(
            'div',
            { class: 'check' },
            isCorrection,
            el('label', { for: 'session-correction' }, 'This corrects the stored readings of this session'),
          ),
          reasonField,
        )
      : null,
    ask,
    el('div', { class: 'form-row' }, submit),
    message,
  );

  // The outbox's state, always in view.
  const outboxStatus = el('p', {
    id: 'outbox-status',
    class: 'outbox-status',
    role: 'status',
    'aria-live': 'polite',
  });
  const outboxList = el('ul', { class: 'outbox-list' });
  const sendNow = button('Send now', () => void flush(), { class: 'quiet' });
  const outboxPanel = card(
    {
      id: 'outbox-title',
      title: 'Waiting to be sent',
      description:
        'Sessions saved on this device until Threshold has stored them (docs: privacy, “On the device”). They are sent when the connection is back, and removed once stored.',
      actions: sendNow,
    },
    outboxStatus,
    outboxList,
  );

  function showOutbox(note?: string): void {
    const entries = outbox.entries();
    const waiting = entries.filter((entry) => entry.state === 'waiting').length;
    const refused = entries.length - waiting;
    outboxStatus.dataset.pending = String(waiting);
    const parts: string[] = [];
    if (waiting === 0 && refused === 0)
      parts.push('Nothing waiting: every session saved here has been stored.');
    if (waiting > 0)
      parts.push(
        `${waiting} ${waiting === 1 ? 'session' : 'sessions'} waiting to be sent${navigator.onLine ? '' : ' (offline: sent when the connection is back)'}.`,
      );
    if (refused > 0) parts.push(`${refused} refused: edit ${refused === 1 ? 'it' : 'them'} below.`);
    if (note !== undefined) parts.push(note);
    outboxStatus.textContent = parts.join(' ');
    sendNow.disabled = waiting === 0;
    replaceChildren(
      outboxList,
      ...entries.map((entry) =>
        el(
          'li',
          { class: entry.state === 'refused' ? 'outbox-refused' : undefined },
          el(
            'span',
            {},
            `Client ${entry.session.clientId}, session ${entry.session.session}${entry.state === 'refused' ? `: refused. ${entry.message ?? ''}` : ': waiting'}`,
          ),
          entry.state === 'refused'
            ? el(
                'span',
                { class: 'row-actions' },
                button('Edit', () => editEntry(entry), {
                  class: 'quiet',
                  'aria-label': `Edit the session of client ${entry.session.clientId}`,
                }),
                button(
                  'Discard',
                  () => {
                    outbox.remove(entry.key);
                    showOutbox();
                  },
                  { class: 'quiet', 'aria-label': `Discard the session of client ${entry.session.clientId}` },
                ),
              )
            : null,
        ),
      ),
    );
  }

  async function sendEntry(entry: OutboxEntry): Promise<SendOutcome> {
    try {
      const answer = await context.api.recordSession(entry.session, entry.key);
      return { kind: 'stored', inserted: answer.batch.inserted, replayed: answer.replayed };
    } catch (error) {
      if (
        error instanceof ApiError &&
        (error.status === 400 || error.status === 403 || error.status === 422)
      ) {
        // A refused session (422) lists its problems by field; the API's sentence for it says only its status.
        const refusedSession = error.status === 422 && error.errors.length > 0;
        return {
          kind: 'refused',
          message: refusedSession
            ? 'Threshold refused this session, and stored nothing of it: correct what is marked and save it again.'
            : error.message,
          errors: error.errors,
        };
      }
      return { kind: 'retry', message: error instanceof Error ? error.message : String(error) };
    }
  }

  async function flush(): Promise<void> {
    if (outbox.waiting === 0) return showOutbox();
    outboxStatus.textContent = 'Sending…';
    const report = await outbox.flush(sendEntry);
    const storedNote = report.stored.map(
      ({ entry, inserted }) =>
        `Client ${entry.session.clientId}, session ${entry.session.session}: stored${inserted === 0 ? ' (it was already)' : ` (${inserted} readings)`}.`,
    );
    if (storedNote.length > 0) message.textContent = storedNote.join(' ');
    // A refused session comes back into an empty form, its problems at their fields.
    const first = report.refused[0];
    if (first !== undefined && client.value.trim() === '') editEntry(first);
    showOutbox(report.stopped === undefined ? undefined : 'Not sent yet: kept on this device.');
  }

  function editEntry(entry: OutboxEntry): void {
    outbox.remove(entry.key);
    message.textContent = `Client ${entry.session.clientId}, session ${entry.session.session}: not stored; it is back in the form.`;
    fill(entry.session);
    window.localStorage.setItem(`${DRAFT_PREFIX}${context.user.name}`, JSON.stringify(entry.session));
    showErrors(entry.message ?? 'The session was refused', entry.errors ?? [], entry.session);
    showOutbox();
  }

  function payload(): SessionPayload {
    const sitesRead = siteCodes
      .map((site) => {
        const trials = (phase: 'pre' | 'post'): (number | null)[] => {
          const values = TRIALS.map((trial) => valueOf(readingInputs.get(readingId(site, phase, trial))!));
          while (values.length > 0 && values[values.length - 1] === null) values.pop();
          return values;
        };
        return { site, pre: trials('pre'), post: trials('post') };
      })
      .filter((site) => site.pre.length > 0 || site.post.length > 0);
    return {
      clientId: client.value.trim(),
      session: Number(sessionNumber.value),
      date: textOf(date),
      technique: textOf(technique),
      condition: textOf(condition),
      clinic: role === 'admin' || ownClinics.length > 1 ? textOf(clinic) : null,
      therapist: role === 'therapist' ? null : textOf(therapist),
      unit: unit.value,
      sites: sitesRead,
      painNrs: { pre: valueOf(painPre), post: valueOf(painPost) },
      headacheDays: valueOf(headacheDays),
      ...(mayCorrect && isCorrection.checked ? { correction: { reason: reason.value.trim() } } : {}),
    };
  }

  function fill(session: SessionPayload): void {
    client.value = session.clientId;
    sessionNumber.value = String(session.session);
    date.value = session.date ?? '';
    technique.value = session.technique ?? '';
    condition.value = session.condition ?? '';
    if (session.clinic !== null) clinic.value = session.clinic;
    therapist.value = session.therapist ?? '';
    unit.value = session.unit;
    for (const input of readingInputs.values()) input.value = '';
    for (const site of session.sites)
      for (const phase of ['pre', 'post'] as const)
        site[phase].forEach((value, index) => {
          const input = readingInputs.get(readingId(site.site, phase, index + 1));
          if (input !== undefined) input.value = value === null ? '' : String(value);
        });
    painPre.value = session.painNrs.pre === null ? '' : String(session.painNrs.pre);
    painPost.value = session.painNrs.post === null ? '' : String(session.painNrs.post);
    headacheDays.value = session.headacheDays === null ? '' : String(session.headacheDays);
    isCorrection.checked = session.correction !== undefined;
    reason.value = session.correction?.reason ?? '';
    isCorrection.dispatchEvent(new Event('change'));
  }

  /** The input of a payload field (`sites[1].post[0]` is the second site sent, whichever site that is). */
  function inputFor(
    fieldName: string,
    session: SessionPayload,
  ): HTMLInputElement | HTMLSelectElement | undefined {
    const reading = /^sites\[(\d+)\](?:\.(pre|post)\[(\d+)\]|\.site)?$/.exec(fieldName);
    if (reading !== null) {
      const site = session.sites[Number(reading[1])]?.site;
      if (site === undefined) return undefined;
      return readingInputs.get(
        readingId(
          site,
          (reading[2] as 'pre' | 'post' | undefined) ?? 'pre',
          reading[3] === undefined ? 1 : Number(reading[3]) + 1,
        ),
      );
    }
    const id = FIELD_IDS[fieldName];
    return id === undefined
      ? undefined
      : (form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`) ?? undefined);
  }

  function clearErrors(): void {
    errorSummary.hidden = true;
    errorSummary.replaceChildren();
    for (const invalid of form.querySelectorAll('[aria-invalid="true"]')) {
      invalid.removeAttribute('aria-invalid');
      const described = (invalid.getAttribute('aria-describedby') ?? '')
        .split(' ')
        .filter((id) => !id.endsWith('-error'));
      if (described.length > 0) invalid.setAttribute('aria-describedby', described.join(' '));
      else invalid.removeAttribute('aria-describedby');
    }
    for (const note of form.querySelectorAll('.field-error')) note.remove();
  }

  /** The problems listed at the top (each a link to its field), and each marked at its field. */
  function showErrors(
    title: string,
    errors: readonly (IngestError | { field: string; message: string })[],
    session: SessionPayload,
  ): void {
    clearErrors();
    const items = errors.map((error) => {
      const name = 'field' in error && error.field !== undefined ? error.field : '';
      const input = inputFor(name, session);
      const label =
        input === undefined
          ? name
          : (input.getAttribute('aria-label') ??
            form.querySelector(`label[for="${input.id}"]`)?.textContent ??
            name);
      if (input !== undefined) {
        const noteId = `${input.id}-error`;
        if (input.getAttribute('aria-invalid') !== 'true') {
          input.setAttribute('aria-invalid', 'true');
          input.setAttribute(
            'aria-describedby',
            [input.getAttribute('aria-describedby'), noteId].filter(Boolean).join(' '),
          );
          // A reading's note goes under its row of trials, not between the trials.
          (input.closest('.trial-row') ?? input).insertAdjacentElement(
            'afterend',
            el('span', { class: 'field-error', id: noteId }, error.message),
          );
        }
      }
      return el(
        'li',
        {},
        input === undefined
          ? `${label}: ${error.message}`
          : el('a', { href: `#${input.id}`, 'data-error-field': name }, `${label}: ${error.message}`),
      );
    });
    replaceChildren(errorSummary, el('h2', { class: 'error-title' }, title), el('ul', {}, ...items));
    errorSummary.setAttribute('role', 'alert');
    errorSummary.hidden = false;
    errorSummary.focus();
  }

  /** Asks again about values outside their plausible range; resolves true to send as typed. */
  function askAgain(
    problems: readonly { field: string; message: string }[],
    session: SessionPayload,
  ): Promise<boolean> {
    return new Promise((resolve) => {
      const fix = button('Check the values', () => {
        ask.hidden = true;
        inputFor(problems[0].field, session)?.focus();
        resolve(false);
      });
      const sendAnyway = button(
        'Send as typed',
        () => {
          ask.hidden = true;
          resolve(true);
        },
        { class: 'quiet' },
      );
      replaceChildren(
        ask,
        el(
          'h2',
          { id: 'ask-title' },
          problems.length === 1 ? 'Is this value right?' : `Are these ${problems.length} values right?`,
        ),
        el('ul', { id: 'ask-list' }, ...problems.map((problem) => el('li', {}, problem.message))),
        el(
          'p',
          { class: 'hint' },
          'Threshold refuses a value outside its plausible range, so a session sent as typed would come back to be corrected.',
        ),
        el('div', { class: 'form-row' }, fix, sendAnyway),
      );
      ask.setAttribute('aria-labelledby', 'ask-title');
      ask.setAttribute('aria-describedby', 'ask-list');
      ask.hidden = false;
      fix.focus();
    });
  }

  function resetForNextSession(): void {
    client.value = '';
    sessionNumber.value = '';
    suggestion.textContent = '';
    for (const input of readingInputs.values()) input.value = '';
    painPre.value = '';
    painPost.value = '';
    headacheDays.value = '';
    isCorrection.checked = false;
    reason.value = '';
    isCorrection.dispatchEvent(new Event('change'));
    clearErrors();
  }

  // The next session number, asked for when the client's id is typed (a POST: the id stays out of URLs).
  let suggested = '';
  client.addEventListener('change', () => {
    const id = client.value.trim();
    if (id === '' || !navigator.onLine) return;
    void context.api
      .nextSession(id, context.signal)
      .then((next) => {
        if (client.value.trim() !== id) return;
        if (sessionNumber.value === '' || sessionNumber.value === suggested) {
          sessionNumber.value = String(next.nextSession);
          suggested = sessionNumber.value;
        }
        if (next.last !== null) {
          if (technique.value === '') technique.value = next.last.technique;
          if (condition.value === '' && next.last.condition !== null) condition.value = next.last.condition;
        }
        suggestion.textContent =
          next.last === null
            ? `No stored session of this client${role === 'admin' ? '' : ' at your clinics'}: session ${next.nextSession} suggested.`
            : `Last stored: session ${next.last.session}${next.last.date === null ? '' : ` on ${next.last.date}`} (${humanize(next.last.technique)}); session ${next.nextSession} suggested.`;
      })
      .catch(() => {
        suggestion.textContent = 'The next session number could not be looked up: type it.';
      });
  });

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      clearErrors();
      const session = payload();
      const missing: { field: string; message: string }[] = [];
      if (session.clientId === '') missing.push({ field: 'clientId', message: 'type the client’s id' });
      if (!Number.isInteger(session.session) || session.session < 1)
        missing.push({ field: 'session', message: 'a whole number from 1' });
      if (
        session.sites.length === 0 &&
        session.painNrs.pre === null &&
        session.painNrs.post === null &&
        session.headacheDays === null
      )
        missing.push({ field: 'sites[0]', message: 'type at least one reading' });
      if (session.correction !== undefined && session.correction.reason === '')
        missing.push({ field: 'correction.reason', message: 'say why the readings are corrected' });
      if (missing.length > 0) {
        const withSite = missing.map((problem) =>
          problem.field === 'sites[0]' ? { ...problem, field: `sites[0].pre[0]` } : problem,
        );
        showErrors('Check the session', withSite, {
          ...session,
          sites: [{ site: siteCodes[0], pre: [], post: [] }],
        });
        return;
      }
      const implausible = implausibleValues(session, humanize);
      if (implausible.length > 0 && !(await askAgain(implausible, session))) return;
      outbox.add(session);
      resetForNextSession();
      window.localStorage.removeItem(draftKey);
      message.textContent = `Client ${session.clientId}, session ${session.session}: saved on this device, sending…`;
      showOutbox();
      client.focus();
      await flush();
    })();
  });

  // The draft: kept as it is typed, back in the form when the page opens again, gone once saved.
  const draftKey = `${DRAFT_PREFIX}${context.user.name}`;
  const saveDraft = (): void => {
    const draft = payload();
    const empty =
      draft.clientId === '' &&
      draft.sites.length === 0 &&
      draft.painNrs.pre === null &&
      draft.painNrs.post === null &&
      draft.headacheDays === null;
    if (empty) window.localStorage.removeItem(draftKey);
    else window.localStorage.setItem(draftKey, JSON.stringify(draft));
  };
  form.addEventListener('input', saveDraft);
  form.addEventListener('change', saveDraft);
  const draft = window.localStorage.getItem(draftKey);
  if (draft !== null) {
    try {
      fill(JSON.parse(draft) as SessionPayload);
      message.textContent = 'The session you were typing is back in the form: it was not saved yet.';
    } catch {
      window.localStorage.removeItem(draftKey);
    }
  }

  // Sent when the connection is back, and now (what an earlier visit left waiting).
  window.addEventListener('online', () => void flush(), { signal: context.signal });
  window.addEventListener('offline', () => showOutbox(), { signal: context.signal });

  context.content.append(
    pageIntro(
      'Type the readings as you take them. Each session is saved on this device first and sent from there, so a lost connection loses nothing and a second tap stores nothing twice. ',
      'A value outside its plausible range is asked about before it is sent.',
    ),
    card(
      {
        id: 'record-title',
        title: 'New session',
        description: 'One client, one session: what you measured before and after the treatment.',
        class: 'record-card',
      },
      form,
    ),
    outboxPanel,
  );
  showOutbox();
  await flush();
}
