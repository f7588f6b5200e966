/**
 * Claims: what marketing may say in public about the results (GET /api/claims), for one measure
 * chosen here. Three kinds (docs/claims.md): the practice's own clients' results (observational),
 * published studies they may stand beside (never merged with), and comparisons with a sham or
 * wait-list group (controlled). Each claim has its copy-ready wording, its evidence pack and its
 * status; each refusal says what is missing, naming small-cell suppression when that is the cause;
 * claims approved, published or withdrawn (with the reason) are listed last.
 */
import type { AnyClaim, Claim, ObservationalClaim, PublishedClaim } from '../../api/api-types.js';
import { chartCard } from '../../charts/chart-card.js';
import { claimsForestPlot } from '../../charts/claims-forest-plot.js';
import { humanize } from '../../format/labels.js';
import { formatCount } from '../../format/number-format.js';
import { append, el } from '../../layout/dom.js';
import { chosenMeasure, type PageContext } from '../../layout/page-shell.js';
import { mcidOption, mcidPrompt, pageIntro } from '../../layout/report-view.js';
import { emptyState } from '../../layout/states.js';
import { claimCard } from './claim-card.js';
import { periodText } from './claim-wording.js';
import { managedList } from './managed-list.js';
import { observationalCard } from './observational-card.js';
import { publishedStudyCard } from './published-study-card.js';
import { refusalList } from './refusal-list.js';
import { sessionsClaimCard } from './sessions-claim-card.js';
import { wordingCheck } from './wording-check.js';

/** The measure picker: claims are about one measure at a time. */
function measurePicker(
  context: PageContext,
  measures: readonly { code: string; label: string; unit: string }[],
  chosen: string,
): HTMLElement {
  const select = el(
    'select',
    { id: 'claims-measure', name: 'measure' },
    ...measures.map((measure) =>
      el(
        'option',
        { value: measure.code, selected: measure.code === chosen },
        `${measure.label} (${measure.unit})`,
      ),
    ),
  );
  select.addEventListener('change', () => {
    // An MCID belongs to the measure it was given for.
    const options = Object.fromEntries(
      Object.entries(context.view.options).filter(([key]) => key !== 'mcid'),
    );
    context.navigate({
      ...context.view,
      filters: { ...context.view.filters, measure: select.value },
      options,
    });
  });
  return el(
    'div',
    { class: 'form-row claims-measure' },
    el('label', { for: 'claims-measure', class: 'filter-label' }, 'Measure'),
    select,
  );
}

function fact(label: string, field: string, value: string): HTMLElement {
  return el('div', {}, el('dt', {}, label), el('dd', { 'data-field': field }, value));
}

export async function renderClaims(context: PageContext): Promise<void> {
  const catalogue = await context.catalogue;
  const measure = chosenMeasure(context.view, catalogue);
  const code = measure?.code ?? 'ppt';
  const picker = measurePicker(
    context,
    catalogue?.measures ?? [{ code, label: measure?.label ?? humanize(code), unit: measure?.unit ?? '' }],
    code,
  );
  if (measure !== undefined && measure.defaultMcid === null && mcidOption(context) === undefined) {
    context.content.append(picker, mcidPrompt(context, measure));
    return;
  }
  const answer = await context.api.claims(code, context.signal, mcidOption(context));
  const unit = answer.unit ?? measure?.unit ?? '';
  const measureLabel = measure?.label ?? humanize(code);
  const period = periodText(answer.period);
  const dataVersion =
    answer.dataVersion === null || answer.dataVersion === undefined ? '–' : String(answer.dataVersion);
  const claims: readonly AnyClaim[] = answer.claims ?? [];
  const observational = claims.filter((claim): claim is ObservationalClaim => claim.kind === 'observational');
  const published = claims.filter((claim): claim is PublishedClaim => claim.kind === 'published');
  const controlled = claims.filter(
    (claim): claim is Claim => claim.kind === undefined || claim.kind === 'controlled',
  );
  const refusals = answer.refusals ?? [];
  // Claims about the sessions it took are listed apart (the API keeps them out of `claims` and its counts).
  const sessions = answer.timeToResponse?.claims ?? [];
  const life = { api: context.api, role: context.user.role, refresh: () => context.refresh() };
  const minimum = answer.suppressionMinimum ?? 11;

  context.content.append(
    pageIntro(
      `Three kinds of claim. Our clients' results: the change in our own clients from their first to their last session, offered when at least ${answer.minClients ?? 30} clients are measured and the change is clearly more than none; it is not a comparison with untreated clients. Published studies: trials we may cite, shown beside our results, never as proof of them. Controlled comparisons: a technique against a sham treatment or a waiting list. `,
      `Groups with fewer than ${minimum} clients are withheld (small-cell suppression) and nothing is claimed from them. Quote a claim exactly as written, with its limits, and keep its evidence pack (CAP Code 3.7).`,
    ),
    picker,
    el(
      'dl',
      { class: 'facts claims-scope' },
      fact('Measure', 'measure', `${measureLabel}${unit === '' ? '' : ` (${unit})`}`),
      fact('Period of the data', 'period', period),
      fact('Data version', 'data-version', dataVersion),
      // Every card on the page is counted: the sessions-it-took claims are listed apart, but are
      // supported claims too, so the total is theirs and the kinds' added up.
      fact('Supported', 'supported', formatCount(claims.length + sessions.length)),
      fact("Our clients' results", 'observational', formatCount(observational.length)),
      fact('How many sessions it took', 'sessions', formatCount(sessions.length)),
      fact('Published studies', 'published', formatCount(published.length)),
      fact('Controlled comparisons', 'controlled', formatCount(controlled.length)),
      fact('Not supported', 'refused', formatCount(refusals.length)),
    ),
  );

  if (claims.length + sessions.length === 0 && refusals.length === 0) {
    context.content.append(
      emptyState(
        'Nothing to judge yet',
        'There are no clients with a result at a later session for this measure yet; when there are, this page says what may and may not be claimed.',
      ),
    );
    return;
  }

  append(
    context.content,
    claims.length + sessions.length === 0
      ? emptyState(
          'No claim is supported by this data',
          'Nothing about these results may be claimed in public; the reasons below say what is missing.',
        )
      : null,
    observational.length === 0
      ? null
      : el(
          'section',
          { class: 'claims', 'data-kind': 'observational', 'aria-labelledby': 'observational-title' },
          el(
            'h2',
            { id: 'observational-title', class: 'section-title' },
            `Our clients' results (${formatCount(observational.length)})`,
          ),
          el(
            'div',
            { class: 'claim-cards' },
            ...observational.map((claim) =>
              observationalCard(claim, { ...life, unit, period, dataVersion, studies: published }),
            ),
          ),
        ),
    sessions.length === 0
      ? null
      : el(
          'section',
          { class: 'claims', 'data-kind': 'sessions', 'aria-labelledby': 'sessions-title' },
          el(
            'h2',
            { id: 'sessions-title', class: 'section-title' },
            `How many sessions it took (${formatCount(sessions.length)})`,
          ),
          el(
            'p',
            { class: 'page-intro' },
            `Sessions until half of our clients had a meaningful change (Kaplan-Meier median), offered only when at least ${answer.minClients ?? 30} clients are followed and at least ${minimum} are still followed where the figure is read.`,
          ),
          el(
            'div',
            { class: 'claim-cards' },
            ...sessions.map((claim) => sessionsClaimCard(claim, { ...life, period, dataVersion })),
          ),
        ),
    published.length === 0
      ? null
      : el(
          'section',
          { class: 'claims', 'data-kind': 'published', 'aria-labelledby': 'published-title' },
          el(
            'h2',
            { id: 'published-title', class: 'section-title' },
            `Published studies we may cite (${formatCount(published.length)})`,
          ),
          el('div', { class: 'claim-cards' }, ...published.map(publishedStudyCard)),
        ),
    controlled.length === 0
      ? null
      : el(
          'section',
          { class: 'claims', 'data-kind': 'controlled', 'aria-labelledby': 'claims-title' },
          el(
            'h2',
            { id: 'claims-title', class: 'section-title' },
            `Controlled comparisons (${formatCount(controlled.length)})`,
          ),
          chartCard(claimsForestPlot(controlled, unit), {
            viewDescription: `${measureLabel} · ${period} · data version ${dataVersion}`,
          }),
          el(
            'div',
            { class: 'claim-cards' },
            ...controlled.map((claim) => claimCard(claim, { api: context.api, unit, period, dataVersion })),
          ),
        ),
    refusals.length === 0 ? null : refusalList(refusals),
    (answer.managed ?? []).length === 0 ? null : managedList(answer.managed ?? []),
    wordingCheck(context.api),
  );
}
