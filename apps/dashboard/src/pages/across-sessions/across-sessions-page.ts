/**
 * Across sessions: what accumulates over a course of sessions (cumulative change with CIs), how
 * many clients improve by at least the MCID (responders, Wilson CIs), and how many clients are
 * measured at each session (attrition flow). One report (GET /api/reports, by technique).
 */
import { attritionFlowChart } from '../../charts/attrition-flow-chart.js';
import { chartCard } from '../../charts/chart-card.js';
import { cumulativeChangeChart } from '../../charts/cumulative-change-chart.js';
import { responderRateChart } from '../../charts/responder-rate-chart.js';
import { append } from '../../layout/dom.js';
import type { PageContext } from '../../layout/page-shell.js';
import { reportOrState, mcidOption, pageIntro, suppressionNotice } from '../../layout/report-view.js';
import { mcidControl } from '../../layout/mcid-control.js';

export async function renderAcrossSessions(context: PageContext): Promise<void> {
  const loaded = await reportOrState(context, { by: 'technique' });
  if (loaded === null) return;
  const { report, chart, viewDescription } = loaded;
  append(
    context.content,
    suppressionNotice(report),
    pageIntro(
      'Change since the first session, in clients measured at both. Responders improved by at least the minimal clinically important difference (MCID) by their last measured session.',
    ),
    mcidControl(context, report.mcid, report.unit, mcidOption(context) === undefined),
    chartCard(cumulativeChangeChart(report, chart), { viewDescription }),
    chartCard(responderRateChart(report, chart), { viewDescription }),
    chartCard(attritionFlowChart(report, chart), { viewDescription }),
  );
}
