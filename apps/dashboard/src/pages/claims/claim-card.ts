/**
 * One supported claim, as marketing will quote it: the statement itself (with a button to copy it
 * exactly), the effect with its interval, how many clients it rests on, the period of the data,
 * what it does not say (its limits), and the evidence pack that substantiates it, to download and
 * keep with the published claim (CAP Code 3.7: evidence held before the claim is made).
 */
import { ApiError, type ApiClient } from '../../api/api-client.js';
import type { Claim } from '../../api/api-types.js';
import { saveBlob, today } from '../../export/download.js';
import { benefitText, pairLabel } from '../../format/claim-text.js';
import { formatP } from '../../format/number-format.js';
import { button, el } from '../../layout/dom.js';
import { clientsText } from './claim-wording.js';

export interface ClaimCardOptions {
  api: ApiClient;
  unit: string;
  /** The data's period in words ("9 Jan 2013 to 3 Apr 2014"). */
  period: string;
  dataVersion: string;
}

export function claimCard(claim: Claim, options: ClaimCardOptions): HTMLElement {
  const id = String(claim.id);
  const status = el('p', { class: 'card-status', role: 'status', 'aria-live': 'polite' });
  const statementId = `claim-statement-${id}`;

  const copy = button(
    'Copy the statement',
    () => {
      void navigator.clipboard
        ?.writeText(claim.statement)
        .then(() => (status.textContent = 'Statement copied: quote it as written, with its limits.'))
        .catch(() => (status.textContent = 'Select the statement and copy it.'));
    },
    { class: 'quiet', 'aria-describedby': statementId, 'data-action': 'copy-statement' },
  );
  const evidence = button(
    'Download the evidence pack (JSON)',
    () => {
      status.textContent = 'Preparing the evidence pack…';
      options.api
        .claimEvidence(claim)
        .then((blob) => {
          const filename = `threshold-claim-${id}-evidence-${today()}.json`;
          saveBlob(blob, filename);
          status.textContent = `Saved ${filename}. Keep it with every place the claim is published.`;
        })
        .catch((error: unknown) => {
          status.textContent =
            error instanceof ApiError ? error.message : 'Could not download the evidence pack; try again.';
        });
    },
    {
      class: 'primary',
      'data-action': 'evidence',
      'aria-label': `Download the evidence pack of “${pairLabel(claim.treatment, claim.control)}” as JSON`,
    },
  );

  return el(
    'article',
    {
      class: 'card claim-card',
      'data-kind': 'controlled',
      'data-claim-id': id,
      'aria-labelledby': `claim-title-${id}`,
    },
    el('h3', { id: `claim-title-${id}`, class: 'claim-title' }, pairLabel(claim.treatment, claim.control)),
    el('blockquote', { class: 'claim-statement', id: statementId }, el('p', {}, claim.statement)),
    el(
      'dl',
      { class: 'facts claim-facts' },
      el(
        'div',
        {},
        el('dt', {}, 'Benefit over control'),
        el('dd', { 'data-field': 'benefit' }, benefitText(claim, options.unit)),
      ),
      el('div', {}, el('dt', {}, 'Clients'), el('dd', { 'data-field': 'clients' }, clientsText(claim))),
      el('div', {}, el('dt', {}, 'Measured'), el('dd', {}, `session 1 to session ${claim.endpointSession}`)),
      el('div', {}, el('dt', {}, 'Period'), el('dd', { 'data-field': 'period' }, options.period)),
      el('div', {}, el('dt', {}, 'Adjusted p'), el('dd', {}, formatP(claim.pHolm))),
      el('div', {}, el('dt', {}, 'Data version'), el('dd', {}, options.dataVersion)),
    ),
    claim.limits.length === 0
      ? null
      : el(
          'div',
          { class: 'claim-limits' },
          el('h4', {}, 'What this claim does not say'),
          el('ul', {}, ...claim.limits.map((limit) => el('li', {}, limit))),
        ),
    el('div', { class: 'form-row claim-actions' }, evidence, copy),
    status,
  );
}
