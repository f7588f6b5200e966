/**
 * The claims of this measure that have left the draft stage: approved, published, or withdrawn,
 * with who withdrew them and why (the system, when a new data version no longer supports them).
 */
import type { ManagedClaim } from '../../api/api-types.js';
import { card } from '../../layout/card.js';
import { el } from '../../layout/dom.js';
import { statusText } from './claim-actions.js';
import { groupTitle } from './observational-card.js';

function withdrawal(claim: ManagedClaim): HTMLElement | null {
  if (claim.status !== 'withdrawn') return null;
  const who =
    claim.withdrawnBy === 'system'
      ? 'Withdrawn automatically by Threshold'
      : `Withdrawn by ${claim.withdrawnBy ?? 'someone'}`;
  return el(
    'p',
    { class: 'withdrawal-reason' },
    `${who}${claim.withdrawnAt ? ` on ${claim.withdrawnAt.slice(0, 10)}` : ''}: ${claim.withdrawnReason ?? 'no reason given'}`,
  );
}

export function managedList(claims: readonly ManagedClaim[]): HTMLElement {
  return card(
    {
      id: 'managed-title',
      class: 'managed-claims',
      title: `Approved, published and withdrawn claims (${claims.length})`,
      description:
        'Claims approved for publication, and those withdrawn. A claim whose criteria fail at a new data version is withdrawn automatically: take it down wherever it is published.',
    },
    el(
      'ul',
      { class: 'managed-list' },
      ...claims.map((claim) =>
        el(
          'li',
          { class: 'managed-claim', 'data-claim-id': String(claim.id), 'data-status': claim.status ?? '' },
          el(
            'h4',
            {},
            `${claim.kind === 'observational' ? groupTitle(claim.group) : `${groupTitle(claim.group)} vs ${groupTitle(claim.control ?? '')}`} · ${statusText(claim.status)} · data version ${claim.dataVersion}`,
          ),
          el('p', { class: 'managed-statement' }, claim.statement),
          withdrawal(claim),
        ),
      ),
    ),
  );
}
