/**
 * Overview: who is in the data (GET /api/cohorts/summary), how each technique's clients change
 * (GET /api/reports, by technique), and the measure across sessions with the model's lines.
 *
 * The two requests start together and each part is drawn as soon as its answer arrives: on a
 * large database the report usually comes from the API's cache while the cohort counts may still
 * be computed, and the charts should not wait for the counts.
 */
import type { CohortSummary } from '../../api/api-types.js';
import { chartCard } from '../../charts/chart-card.js';
import { changeWithinClientsChart } from '../../charts/change-within-clients-chart.js';
import { trajectoryChart } from '../../charts/trajectory-chart.js';
import { append, el } from '../../layout/dom.js';
import { EMPTY_FILTERS } from '../../state/url-state.js';
import type { PageContext } from '../../layout/page-shell.js';
import { loadReportView, pageIntro, suppressionNotice, type LoadedReport } from '../../layout/report-view.js';
import { emptyState, errorState, loadingState, pageLink } from '../../layout/states.js';
import { allClientsHeadline } from './all-clients-headline.js';
import { headlineChanges } from './headline-changes.js';
import { measuresTable, summaryTiles } from './summary-tiles.js';

function noClientsState(): HTMLElement {
  return emptyState(
    'No clients yet',
    'Threshold has no measurements for this view. ',
    pageLink('/data/', 'Upload a file on the Data page'),
    ', or clear the filters above.',
  );
}

export async function renderOverview(context: PageContext): Promise<void> {
  // Counts of clients and sessions depend on the role: of the view for most, of the whole practice
  // for marketing (the API takes no other filter from it, and blanks small counts), none for a
  // role without them; the page then shows the report alone.
  const counts = context.access.counts;
  // The report is asked for first: on a new server every question is computed, in the order they
  // arrive (the API's line of uncached work), and the charts are what the page is for.
  const reportRequest = loadReportView(context, { by: 'technique' });
  const summaryRequest: Promise<CohortSummary | null> =
    counts === 'view'
      ? context.api.summary(context.view.filters, context.signal)
      : counts === 'whole-practice'
        ? context.api.summary({ ...EMPTY_FILTERS, measure: context.view.filters.measure }, context.signal)
        : Promise.resolve(null);
  // The whole selection as one group, for the first answer on the page. Marketing's reports are
  // margins of one suppressed table (technique or condition), so it is not asked for there.
  const allClientsRequest: Promise<LoadedReport | null> =
    counts === 'view' ? loadReportView(context, { by: 'all' }).catch(() => null) : Promise.resolve(null);

  const tilesSlot = el('div', { class: 'tiles-slot' }, counts === 'none' ? null : loadingState('the counts'));
  const measuresSlot = el('div', { class: 'measures-slot' });
  context.content.append(tilesSlot);

  // The counts fill their place whenever they arrive (also after the charts are shown).
  const summaryShown = summaryRequest.then(
    (summary: CohortSummary | null) => {
      if (context.signal.aborted || summary === null) return summary;
      tilesSlot.replaceChildren(
        summary.clients === 0 ? '' : summaryTiles(summary, counts === 'whole-practice'),
      );
      measuresSlot.replaceChildren(summary.clients === 0 ? '' : measuresTable(summary));
      return summary;
    },
    (error: unknown) => {
      if (!context.signal.aborted)
        tilesSlot.replaceChildren(errorState(error, 'the counts of clients and sessions'));
      return null;
    },
  );

  let loaded;
  try {
    loaded = await reportRequest;
  } catch (error) {
    context.content.append(errorState(error, 'the outcomes report'), measuresSlot);
    return;
  }
  if (loaded.kind === 'empty') {
    // No values of this measure: say whether there is no data at all, or none for this view.
    const summary = await summaryShown;
    context.content.append(
      summary !== null && summary.clients === 0 ? noClientsState() : loaded.state,
      measuresSlot,
    );
    return;
  }
  const view = loaded.view;
  // The whole selection's answer takes its place above the techniques when it arrives: on a new
  // server its model is fitted after the techniques' report, and the charts need not wait for it.
  const allClientsSlot = el('div', { class: 'all-clients-slot' });
  void allClientsRequest.then((allClients) => {
    if (!context.signal.aborted && allClients?.kind === 'report')
      allClientsSlot.replaceChildren(allClientsHeadline(allClients.view.report, view.chart));
  });
  append(
    context.content,
    suppressionNotice(view.report),
    pageIntro(
      `${view.measure.label} (${view.measure.unit}), ${view.measure.direction === 'lower-is-better' ? 'lower is better' : 'higher is better'}. `,
      'Intervals are 95% confidence intervals; n is the number of clients behind each number.',
    ),
    allClientsSlot,
    el('div', { class: 'grid' }, headlineChanges(view.report, view.chart)),
    // The primary chart shows the headlines' estimand (change within clients); the means of
    // whoever attended each session follow as a secondary view, labelled as such.
    chartCard(changeWithinClientsChart(view.report, view.chart), { viewDescription: view.viewDescription }),
    chartCard(trajectoryChart(view.report, view.chart), { viewDescription: view.viewDescription }),
    measuresSlot,
  );
}
