/**
 * The buttons every claim card shares: copy the statement exactly, download the evidence pack,
 * and the steps of the claim's life the signed-in role may take (approve: an admin or the owner of
 * its clinics; publish and withdraw: marketing, an admin or the owner). A step done re-renders the
 * page, so the card shows the claim's new status from the API, not from here.
 */
import { ApiError, type ApiClient } from '../../api/api-client.js';
import type { ClaimStatus } from '../../api/api-types.js';
import { saveBlob, today } from '../../export/download.js';
import { button, el } from '../../layout/dom.js';

export function copyButton(
  text: string,
  describedBy: string,
  status: HTMLElement,
  what = 'statement',
): HTMLButtonElement {
  return button(
    `Copy the ${what}`,
    () => {
      void navigator.clipboard
        ?.writeText(text)
        .then(() => (status.textContent = `Copied: quote it as written, with its limits.`))
        .catch(() => (status.textContent = 'Select the text and copy it.'));
    },
    { class: 'quiet', 'aria-describedby': describedBy, 'data-action': 'copy-statement' },
  );
}

export function evidenceButton(
  api: ApiClient,
  claim: { id: string | number; evidenceUrl: string },
  label: string,
  status: HTMLElement,
): HTMLButtonElement {
  const id = String(claim.id);
  return button(
    'Download the evidence pack (JSON)',
    () => {
      status.textContent = 'Preparing the evidence pack…';
      api
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
      'aria-label': `Download the evidence pack of “${label}” as JSON`,
    },
  );
}

export interface LifeOptions {
  api: ApiClient;
  role: string;
  /** Re-render the page once a step is done. */
  refresh(): void;
}

/** The steps of a claim's life this role may take now, as buttons. */
export function lifeButtons(
  claim: { id: string | number; status?: ClaimStatus },
  options: LifeOptions,
  status: HTMLElement,
): HTMLButtonElement[] {
  const step = (label: string, name: 'approve' | 'publish' | 'withdraw') =>
    button(
      label,
      () => {
        const reason = name === 'withdraw' ? window.prompt('Why is this claim withdrawn?') : undefined;
        if (reason === null || reason === '') return;
        status.textContent = `${label}…`;
        options.api
          .claimStep(claim.id, name, reason)
          .then(() => options.refresh())
          .catch((error: unknown) => {
            status.textContent =
              error instanceof ApiError ? error.message : `Could not ${name} the claim; try again.`;
          });
      },
      { class: 'quiet', 'data-action': name },
    );
  const mayApprove = options.role === 'admin' || options.role === 'owner';
  switch (claim.status) {
    case 'draft':
      return mayApprove ? [step('Approve', 'approve')] : [];
    case 'approved':
      return [step('Publish', 'publish'), step('Withdraw', 'withdraw')];
    case 'published':
      return [step('Withdraw', 'withdraw')];
    default:
      return [];
  }
}

/** "Draft: not yet approved", for the card's status line. */
export function statusText(status: ClaimStatus | undefined): string {
  switch (status) {
    case 'approved':
      return 'Approved: may be published';
    case 'published':
      return 'Published';
    case 'withdrawn':
      return 'Withdrawn';
    default:
      return 'Draft: approval needed before it is published';
  }
}

/**
 * The start every claim card shares (observational and sessions-it-took): the card named by its
 * title, the claim's status and its statement as a quote (its id is what "Copy" reads). The card's
 * own facts, limits and actions follow it.
 */
export function claimCardHead(
  kind: string,
  claim: { group: string; status?: ClaimStatus; statement: string },
  id: string,
  title: string,
  ...rest: (Node | string | null)[]
): HTMLElement {
  return el(
    'article',
    { class: 'card claim-card', 'data-kind': kind, 'data-group': claim.group, 'data-claim-id': id, 'aria-labelledby': `claim-title-${id}` },
    el('h3', { id: `claim-title-${id}`, class: 'claim-title' }, title),
    el('p', { class: 'claim-status', 'data-status': claim.status ?? 'draft' }, statusText(claim.status)),
    el('blockquote', { class: 'claim-statement', id: `claim-statement-${id}` }, el('p', {}, claim.statement)),
    ...rest,
  );
}
