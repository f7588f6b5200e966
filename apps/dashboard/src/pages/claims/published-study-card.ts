/**
 * A published study of the library (kind `published`): what it was (population, design, arms,
 * outcome), what it found, its DOI, and the one sentence marketing may quote, with the citation.
 */
import type { PublishedClaim } from '../../api/api-types.js';
import { el } from '../../layout/dom.js';
import { copyButton } from './claim-actions.js';

export function publishedStudyCard(claim: PublishedClaim): HTMLElement {
  const { study } = claim;
  const status = el('p', { class: 'card-status', role: 'status', 'aria-live': 'polite' });
  const statementId = `study-statement-${study.key}`;
  return el(
    'article',
    {
      class: 'card claim-card',
      'data-kind': 'published',
      'data-study': study.key,
      'aria-labelledby': `study-title-${study.key}`,
    },
    el('h3', { id: `study-title-${study.key}`, class: 'claim-title' }, study.shortCitation),
    el('blockquote', { class: 'claim-statement', id: statementId }, el('p', {}, claim.statement)),
    el(
      'dl',
      { class: 'facts claim-facts' },
      el('div', {}, el('dt', {}, 'Design'), el('dd', {}, study.design)),
      el(
        'div',
        {},
        el('dt', {}, 'Participants'),
        el('dd', { 'data-field': 'n' }, `${study.n}: ${study.population}`),
      ),
      el('div', {}, el('dt', {}, 'Arms'), el('dd', {}, study.arms.join('; '))),
      el('div', {}, el('dt', {}, 'Outcome'), el('dd', {}, study.outcome)),
      el('div', {}, el('dt', {}, 'Finding'), el('dd', {}, study.finding)),
      el(
        'div',
        {},
        el('dt', {}, 'DOI'),
        el(
          'dd',
          { 'data-field': 'doi' },
          el('a', { href: `https://doi.org/${study.doi}`, rel: 'noopener', target: '_blank' }, study.doi),
        ),
      ),
    ),
    el('p', { class: 'claim-citation' }, study.citation),
    el(
      'div',
      { class: 'form-row claim-actions' },
      copyButton(claim.statement, statementId, status, 'sentence'),
    ),
    status,
  );
}
