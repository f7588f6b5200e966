/**
 * Techniques compared: every pair of techniques on the change from session 1 to the endpoint
 * session (report.comparisons, GET /api/reports by technique), as a forest plot.
 */
import { chartCard } from '../../charts/chart-card.js';
import { forestPlot } from '../../charts/forest-plot.js';
import { append } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { reportOrState, pageIntro, suppressionNotice } from '../../layout/report-view.js';
import { emptyState } from '../../layout/states.js';
import { notShownText } from '../../suppression/suppression.js';

export async function renderTechniques(context: PageContext): Promise<void> {
  const loaded = await reportOrState(context, { by: 'technique' });
  if (loaded === null) return;
  const { report, chart, viewDescription } = loaded;
  if (report.comparisons.length === 0) {
    context.content.append(
      report.suppressedGroups.length > 0
        ? emptyState(
            'No comparison may be shown in this view',
            `Comparisons with techniques of ${notShownText(report.suppressionMinimum).replace(': not shown', '')} are withheld, and fewer than two techniques are left. Choose a wider view (all conditions, all techniques).`,
          )
        : emptyState(
            'Only one technique in this view',
            'Comparisons need at least two techniques with clients measured at session 1 and later. Widen the technique filter above.',
          ),
    );
    return;
  }
  append(
    context.content,
    suppressionNotice(report),
    pageIntro(
      `Each row compares two techniques on the change from session 1 to session ${report.endpointSession}. `,
      'An interval that crosses zero means the data cannot tell the two apart; the dashed lines mark a clinically important difference. ',
      'Clients were not randomised to techniques, so differences may reflect who receives which technique; the baseline-adjusted (ANCOVA) estimate removes differences in the starting value only.',
    ),
    chartCard(forestPlot(report, chart), { viewDescription }),
  );
}
