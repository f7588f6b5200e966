/**
 * Within a session: what changes between the start and the end of one session. Both charts come
 * from one report (GET /api/reports, by technique): sessions[] pre/post means and withinSession[].
 */
import { chartCard } from '../../charts/chart-card.js';
import { immediateEffectChart } from '../../charts/immediate-effect-chart.js';
import { prePostSlopeChart } from '../../charts/prepost-slope-chart.js';
import { append } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { reportOrState, pageIntro, suppressionNotice } from '../../layout/report-view.js';
import { emptyState } from '../../layout/states.js';

export async function renderWithinSession(context: PageContext): Promise<void> {
  const loaded = await reportOrState(context, { by: 'technique' });
  if (loaded === null) return;
  const { report, chart, viewDescription } = loaded;
  const hasPairs = report.groups.some((group) => group.withinSession.length > 0);
  append(
    context.content,
    suppressionNotice(report),
    pageIntro(
      'The immediate effect is the change from just before to just after the treatment, in the same clients. ',
      'It shows what a session does on the day; whether it lasts is on the Across sessions page.',
    ),
  );
  if (!hasPairs) {
    context.content.append(
      emptyState(
        'No session has measurements before and after it',
        'The immediate effect needs clients measured both before and after the same session (at least two). Record a post-treatment reading to see it.',
      ),
    );
    return;
  }
  context.content.append(
    chartCard(immediateEffectChart(report, chart), { viewDescription }),
    chartCard(prePostSlopeChart(report, chart), { viewDescription }),
  );
}
