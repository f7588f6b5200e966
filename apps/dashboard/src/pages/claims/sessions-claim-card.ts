/**
 * One claim about how many sessions it took (docs/claims.md, "observational, about sessions"):
 * the statement as marketing will quote it, with a button to copy it exactly, the median sessions
 * with its interval, how many clients it rests on and how many were still followed where it was
 * read, what it does not say, and its evidence pack. The curve itself is never shown here: the
 * API sends marketing only these few numbers.
 */
import type { ApiClient } from '../../api/api-client.js';
import type { SessionsClaim } from '../../api/api-types.js';
import { formatCount } from '../../format/number-format.js';
import { el } from '../../layout/dom.js';
import { claimCardHead, copyButton, evidenceButton, lifeButtons, type LifeOptions } from './claim-actions.js';
import { groupTitle } from './observational-card.js';

export interface SessionsCardOptions extends LifeOptions {
  api: ApiClient;
  period: string;
  dataVersion: string;
}

function fact(label: string, field: string, value: string): HTMLElement {
  return el('div', {}, el('dt', {}, label), el('dd', { 'data-field': field }, value));
}

export function sessionsClaimCard(claim: SessionsClaim, options: SessionsCardOptions): HTMLElement {
  const id = String(claim.id);
  const status = el('p', { class: 'card-status', role: 'status', 'aria-live': 'polite' });
  const statementId = `claim-statement-${id}`;
  const title = groupTitle(claim.group);
  const k = claim.medianSessions;
  return claimCardHead(
    'sessions',
    claim,
    id,
    title,
    el(
      'dl',
      { class: 'facts claim-facts' },
      fact('Half had a meaningful change after', 'median-sessions', `${k} session${k === 1 ? '' : 's'} (95% CI ${claim.ciLow} to ${claim.ciHigh})`),
      fact('Clients followed', 'clients', `${formatCount(claim.n)} (${formatCount(claim.events)} reached the change)`),
      fact('Still followed at the interval’s end', 'followed', formatCount(claim.followedAtUpperEnd)),
      fact('Period', 'period', options.period),
      fact('Data version', 'data-version', options.dataVersion),
    ),
    claim.limits.length === 0
      ? null
      : el(
          'div',
          { class: 'claim-limits' },
          el('h4', {}, 'What this claim does not say'),
          el('ul', {}, ...claim.limits.map((limit) => el('li', {}, limit))),
        ),
    el(
      'div',
      { class: 'form-row claim-actions' },
      evidenceButton(options.api, claim, `${title}, sessions`, status),
      copyButton(claim.statement, statementId, status),
      ...lifeButtons(claim, options, status),
    ),
    status,
  );
}
