/**
 * The therapists page's first section, "Adjusted for case-mix" (GET /api/therapists/adjusted,
 * report-contract.md section 6): each therapist's (or clinic's) effect with its 95% interval in
 * name order, a funnel of adjusted change against number of clients, and one sentence per named
 * entry (expected given their clients, achieved, and the signal in words). Admins and owners may
 * compare clinics instead of therapists. Owners and therapists see the whole network's model with
 * other clinics' entries as anonymous grey dots; the API decides what each may see.
 */
import type { AdjustedBy, AdjustedComparison } from '../../api/adjusted-types.js';
import { adjustedEffectsChart } from '../../charts/adjusted-effects-chart.js';
import { adjustedFunnelChart } from '../../charts/adjusted-funnel-chart.js';
import { chartCard } from '../../charts/chart-card.js';
import type { ChartContext } from '../../charts/chart-context.js';
import { formatChange, formatN } from '../../format/number-format.js';
import { TOO_FEW_TEXT } from '../../format/small-numbers.js';
import { card } from '../../layout/card.js';
import { el } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { mcidOption } from '../../layout/report-view.js';
import { emptyState, errorState } from '../../layout/states.js';
import { withOption } from '../../state/url-state.js';
import { adjustedRows, SIGNAL_TEXT, tableLabel, type AdjustedRow } from './adjusted-rows.js';

/** Admins and owners may compare clinics; a therapist compares therapists. */
function mayCompareClinics(context: PageContext): boolean {
  return context.user.role === 'admin' || context.user.role === 'owner';
}

function chosenBy(context: PageContext): AdjustedBy {
  return mayCompareClinics(context) && context.view.options.by === 'clinic' ? 'clinic' : 'therapist';
}

function byToggle(context: PageContext, by: AdjustedBy): HTMLElement {
  const select = el(
    'select',
    { id: 'adjusted-by' },
    el('option', { value: 'therapist', selected: by === 'therapist' }, 'Therapists'),
    el('option', { value: 'clinic', selected: by === 'clinic' }, 'Clinics'),
  );
  select.addEventListener('change', () =>
    context.navigate(withOption(context.view, 'by', select.value === 'clinic' ? 'clinic' : undefined)),
  );
  return el('div', { class: 'inline-form' }, el('label', { for: 'adjusted-by' }, 'Compare'), select);
}

/** "Ana Silva: expected +12.0 kPa given their clients; achieved +20.0 kPa. Above expected." */
export function expectationSentence(row: AdjustedRow, by: AdjustedBy, unit: string): string {
  const whose = by === 'therapist' ? 'their clients' : 'its clients';
  const means =
    row.expectedMeanChange === null || row.observedMeanChange === null
      ? `adjusted change ${formatChange(row.adjustedMeanChange, 1)} ${unit}`
      : `expected ${formatChange(row.expectedMeanChange, 1)} ${unit} given ${whose}; achieved ${formatChange(row.observedMeanChange, 1)} ${unit}`;
  const signal = row.few
    ? `${TOO_FEW_TEXT} (${formatN(row.nClients)})`
    : `${SIGNAL_TEXT[row.signal]} (effect ${formatChange(row.effect, 1)}, 95% interval ${formatChange(row.ciLow, 1)} to ${formatChange(row.ciHigh, 1)} ${unit}; ${formatN(row.nClients)})`;
  return `${tableLabel(row, by)}: ${means}. Adjusted for case mix: ${signal}.`;
}

function sentencesCard(
  comparison: AdjustedComparison,
  rows: readonly AdjustedRow[],
  lowerIsBetter: boolean,
): HTMLElement {
  const by = comparison.by;
  const named = rows.filter((row) => !row.anonymous);
  return card(
    {
      id: 'adjusted-sentences-title',
      title:
        by === 'therapist'
          ? 'Expected and achieved, therapist by therapist'
          : 'Expected and achieved, clinic by clinic',
      description:
        'What the network achieves with clients like theirs, what their clients achieved, and whether the difference is more than chance.',
    },
    named.length === 0
      ? el('p', {}, `None of these ${by}s is yours to see by name.`)
      : el(
          'ul',
          { class: 'adjusted-sentences' },
          ...named.map((row) =>
            el(
              'li',
              { class: row.few ? 'few' : undefined, 'data-signal': row.signal },
              expectationSentence(row, by, comparison.unit),
            ),
          ),
        ),
    el(
      'p',
      { class: 'card-notes' },
      'How to read this: “expected” is the mean change the model predicts for these clients from their baseline, number of sessions and condition; “above expected” or “below expected” means the 95% interval of the effect excludes 0, “within expected” that it does not',
      lowerIsBetter
        ? ' (for this measure a lower value is better, so below expected is the better side). '
        : '. ',
      'The model cannot adjust for what is not in the data: severity beyond the baseline value, chronicity, adherence, which clients a therapist is sent, clients lost before a second reading. A signal is a reason to look, not a verdict.',
    ),
  );
}

/** The comparison, or what went wrong (kept, not thrown: the section shows it in place). */
export type AdjustedAnswer = { comparison: AdjustedComparison } | { error: unknown };

/**
 * Asks for the comparison of the current view; started with the raw report, so that neither waits
 * for the other. The measure is the view's (the API's default, PPT, as the report's when none).
 */
export function requestAdjusted(context: PageContext): Promise<AdjustedAnswer> {
  const admin = context.user.role === 'admin';
  return context.api
    .adjusted(
      {
        by: chosenBy(context),
        measure: context.view.filters.measure,
        mcid: mcidOption(context),
        filters: admin ? context.view.filters : undefined,
      },
      context.signal,
    )
    .then(
      (comparison) => ({ comparison }),
      (error: unknown) => ({ error }),
    );
}

export async function renderAdjustedSection(
  context: PageContext,
  request: Promise<AdjustedAnswer>,
  chart: ChartContext,
  viewDescription: string,
): Promise<HTMLElement> {
  const by = chosenBy(context);
  const admin = context.user.role === 'admin';
  const section = el(
    'section',
    { class: 'adjusted', 'aria-labelledby': 'adjusted-title', 'data-by': by },
    el('h2', { id: 'adjusted-title', class: 'section-title' }, 'Adjusted for case-mix'),
    el(
      'p',
      { class: 'section-intro' },
      'One model over the whole network takes out what is measured about each client (baseline, number of sessions, condition), so that each therapist is compared with what the network achieves with clients like theirs. ',
      admin
        ? 'The filters above apply (the therapist filter only highlights in the raw funnel below).'
        : 'It covers every clinic’s clients, whatever the filters above (they apply to the raw funnel below); therapists of other clinics are grey dots without names.',
      context.access.highlightSelf && context.user.therapist !== null
        ? ' Your own row is labelled “you”.'
        : '',
    ),
    mayCompareClinics(context) ? byToggle(context, by) : null,
  );
  const answer = await request;
  if ('error' in answer) {
    if (context.signal.aborted) throw answer.error;
    section.append(errorState(answer.error, 'the adjusted comparison'));
    return section;
  }
  const { comparison } = answer;
  if (comparison.entries === null || comparison.entries.length === 0) {
    section.append(
      emptyState(
        'No adjusted comparison',
        comparison.note ??
          'The model needs at least 3 therapists and 10 clients measured at session 1 and later.',
      ),
    );
    return section;
  }
  const rows = adjustedRows(comparison, chart.names ?? { clinics: {}, therapists: {} });
  section.append(
    chartCard(adjustedEffectsChart(comparison, rows, chart), { viewDescription }),
    chartCard(adjustedFunnelChart(comparison, rows, chart), { viewDescription }),
    sentencesCard(comparison, rows, chart.measure.direction === 'lower-is-better'),
  );
  return section;
}
