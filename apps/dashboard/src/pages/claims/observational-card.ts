/**
 * One observational claim: what the practice's own clients did, as marketing will quote it (the
 * statement, with a button to copy it exactly), the change with its interval, how many clients it
 * rests on, the share that improved by at least the MCID, the published study it may stand beside
 * (side by side, never merged), what it does not say, and its evidence pack.
 */
import type { ApiClient } from '../../api/api-client.js';
import type { ObservationalClaim, PublishedClaim } from '../../api/api-types.js';
import { humanize } from '../../format/labels.js';
import {
  decimalsForInterval,
  formatChange,
  formatCount,
  formatInterval,
} from '../../format/number-format.js';
import { el } from '../../layout/dom.js';
import { claimCardHead, copyButton, evidenceButton, lifeButtons, type LifeOptions } from './claim-actions.js';

export interface ObservationalCardOptions extends LifeOptions {
  api: ApiClient;
  unit: string;
  period: string;
  dataVersion: string;
  studies: readonly PublishedClaim[];
}

/** "All clients", "Trigger point release". */
export function groupTitle(group: string): string {
  return group === 'all' ? 'All clients' : humanize(group);
}

function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}

export function observationalCard(claim: ObservationalClaim, options: ObservationalCardOptions): HTMLElement {
  const id = String(claim.id);
  const status = el('p', { class: 'card-status', role: 'status', 'aria-live': 'polite' });
  const statementId = `claim-statement-${id}`;
  const digits = decimalsForInterval(claim.ciLow, claim.ciHigh);
  const unit = options.unit === '' ? '' : ` ${options.unit}`;
  const title = groupTitle(claim.group);
  return claimCardHead(
    'observational',
    claim,
    id,
    title,
    el(
      'dl',
      { class: 'facts claim-facts' },
      el(
        'div',
        {},
        el('dt', {}, 'Change, first to last session'),
        el(
          'dd',
          { 'data-field': 'change' },
          `${formatChange(claim.meanChange, digits)}${unit} (${formatInterval(claim.ciLow, claim.ciHigh, digits)})`,
        ),
      ),
      el('div', {}, el('dt', {}, 'Clients'), el('dd', { 'data-field': 'clients' }, formatCount(claim.n))),
      el(
        'div',
        {},
        el('dt', {}, `Improved by at least ${claim.responders.threshold}${unit}`),
        el(
          'dd',
          { 'data-field': 'improved' },
          `${percent(claim.responders.rate)} (95% CI ${percent(claim.responders.ciLow)} to ${percent(claim.responders.ciHigh)})`,
        ),
      ),
      el('div', {}, el('dt', {}, 'Period'), el('dd', { 'data-field': 'period' }, options.period)),
      el('div', {}, el('dt', {}, 'Data version'), el('dd', {}, options.dataVersion)),
    ),
    ...claim.beside.map((beside) => {
      const study = options.studies.find((candidate) => candidate.id === beside.study);
      return el(
        'div',
        { class: 'beside-study', 'data-study': beside.study },
        el('h4', {}, `May stand beside: ${study?.study.shortCitation ?? beside.study}`),
        el('p', { class: 'beside-text' }, beside.text),
        el(
          'p',
          { class: 'beside-rule' },
          'Show the two side by side; never write that this result was “proven” or “shown” by the study.',
        ),
      );
    }),
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
      evidenceButton(options.api, claim, title, status),
      copyButton(claim.statement, statementId, status),
      ...lifeButtons(claim, options, status),
    ),
    status,
  );
}
