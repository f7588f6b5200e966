/**
 * Therapists: first the case-mix adjusted comparison over the whole network (adjusted-section.ts);
 * then, labelled as raw, a funnel plot of each therapist's mean change since session 1 against their number
 * of clients (GET /api/reports?by=therapist_id, every therapist: the therapist filter highlights
 * instead of filtering, because a therapist is judged against their peers).
 */
import { chartCard } from '../../charts/chart-card.js';
import { funnelPlot } from '../../charts/funnel-plot.js';
import type { PageContext } from '../../layout/page-shell.js';
import { reportOrState, pageIntro } from '../../layout/report-view.js';
import { emptyState } from '../../layout/states.js';
import { buildFunnel, funnelUnitsAt } from '../../stats/funnel-limits.js';
import { el } from '../../layout/dom.js';
import { renderAdjustedSection, requestAdjusted } from './adjusted-section.js';
import { sessionOffers, sessionPicker } from './session-picker.js';

/** The therapists chosen in the filter, and a therapist's own point (their results against peers). */
function highlighted(context: PageContext): string[] {
  const own = context.access.highlightSelf ? context.user.therapist : null;
  const chosen = context.view.filters.therapist;
  return own === null || chosen.includes(own) ? chosen : [...chosen, own];
}

export async function renderTherapists(context: PageContext): Promise<void> {
  const adjusted = requestAdjusted(context);
  const loaded = await reportOrState(context, { by: 'therapist_id', omit: ['therapist'] });
  if (loaded === null) return;
  const { report, chart, viewDescription } = loaded;
  const offers = sessionOffers(report);
  const requested = Number(context.view.options.session);
  const session = offers.some((offer) => offer.session === requested)
    ? requested
    : (report.endpointSession ?? offers[offers.length - 1]?.session);
  const funnel = session === undefined ? null : buildFunnel(funnelUnitsAt(report.groups, session));

  context.content.append(await renderAdjustedSection(context, adjusted, chart, viewDescription));
  context.content.append(
    el('h2', { id: 'raw-title', class: 'section-title' }, 'Raw change, not adjusted for case-mix'),
    pageIntro(
      'Each dot is a therapist: their clients’ mean change since session 1, against how many clients that mean is based on. ',
      'The lines mark how far from the overall mean a therapist may fall by chance alone; they narrow as the number of clients grows. ',
      'Choose therapists in the filter above to highlight them.',
      context.access.highlightSelf && context.user.therapist !== null
        ? ' Your own point is circled and labelled “you”.'
        : '',
    ),
  );
  if (funnel === null || session === undefined) {
    context.content.append(
      emptyState(
        'No therapist has clients measured at session 1 and later',
        'The funnel needs clients with a first-session value and a later one. Widen the filters, or check the therapist_id column of your files on the Data page.',
      ),
    );
    return;
  }
  context.content.append(
    sessionPicker(context, offers, session, report.endpointSession),
    chartCard(
      funnelPlot(
        funnel,
        session,
        chart,
        highlighted(context),
        context.access.highlightSelf ? context.user.therapist : null,
      ),
      { viewDescription },
    ),
  );
}
