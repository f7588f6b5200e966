/**
 * Claims: what marketing may say in public about the results (GET /api/claims). Each supported
 * claim is a statement checked against the evidence (a treatment against a sham or wait-list
 * group, enough clients in each, significant after adjusting for every comparison, the interval
 * clear of zero), shown with its interval, n, period, limits and its evidence pack; each refused
 * one says what is missing. The effects are drawn as a small forest plot.
 */
import { chartCard } from '../../charts/chart-card.js';
import { claimsForestPlot } from '../../charts/claims-forest-plot.js';
import { humanize } from '../../format/labels.js';
import { formatCount } from '../../format/number-format.js';
import { append, el } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { pageIntro } from '../../layout/report-view.js';
import { emptyState } from '../../layout/states.js';
import { claimCard } from './claim-card.js';
import { periodText } from './claim-wording.js';
import { refusalList } from './refusal-list.js';

/** Claims are about one measure; PPT unless the link names another. */
const DEFAULT_MEASURE = 'ppt';

export async function renderClaims(context: PageContext): Promise<void> {
  const measure = context.view.filters.measure ?? DEFAULT_MEASURE;
  const [answer, catalogue] = await Promise.all([
    context.api.claims(measure, context.signal),
    context.catalogue,
  ]);
  const unit = answer.unit ?? '';
  const code = answer.measure ?? measure;
  const measureLabel = catalogue?.measures.find((option) => option.code === code)?.label ?? humanize(code);
  const period = periodText(answer.period);
  const dataVersion =
    answer.dataVersion === null || answer.dataVersion === undefined ? '–' : String(answer.dataVersion);
  const claims = answer.claims ?? [];
  const refusals = answer.refusals ?? [];

  context.content.append(
    pageIntro(
      'A claim is a statement Threshold has checked against the data: a treatment compared with clients who did not receive it (a sham treatment or a waiting list), with enough clients in each group, a difference unlikely to be chance after allowing for every comparison made, and an interval clear of no difference. ',
      'Quote a claim exactly as written, with its limits, and keep its evidence pack: advertising rules (CAP Code 3.7) require the evidence to be held before a claim is published.',
    ),
    el(
      'dl',
      { class: 'facts claims-scope' },
      el(
        'div',
        {},
        el('dt', {}, 'Measure'),
        el('dd', {}, `${measureLabel}${unit === '' ? '' : ` (${unit})`}`),
      ),
      el('div', {}, el('dt', {}, 'Period of the data'), el('dd', {}, period)),
      el('div', {}, el('dt', {}, 'Data version'), el('dd', {}, dataVersion)),
      el(
        'div',
        {},
        el('dt', {}, 'Supported'),
        el('dd', { 'data-field': 'supported' }, formatCount(claims.length)),
      ),
      el(
        'div',
        {},
        el('dt', {}, 'Not supported'),
        el('dd', { 'data-field': 'refused' }, formatCount(refusals.length)),
      ),
    ),
  );

  if (claims.length === 0 && refusals.length === 0) {
    context.content.append(
      emptyState(
        'Nothing to judge yet',
        'Claims compare a technique with a control group (a sham treatment or a waiting list) measured at session 1 and later. There are no such groups in the data yet; when there are, this page says what may and may not be claimed.',
      ),
    );
    return;
  }

  append(
    context.content,
    claims.length === 0
      ? emptyState(
          'No claim is supported by this data',
          'None of the comparisons below meets every criterion. Nothing about these results may be claimed in public; the reasons say what is missing.',
        )
      : el(
          'section',
          { class: 'claims', 'aria-labelledby': 'claims-title' },
          el(
            'h2',
            { id: 'claims-title', class: 'section-title' },
            `What we may claim (${formatCount(claims.length)})`,
          ),
          chartCard(claimsForestPlot(claims, unit), {
            viewDescription: `${measureLabel} · ${period} · data version ${dataVersion}`,
          }),
          el(
            'div',
            { class: 'claim-cards' },
            ...claims.map((claim) => claimCard(claim, { api: context.api, unit, period, dataVersion })),
          ),
        ),
    refusals.length === 0 ? null : refusalList(refusals),
  );
}
