/**
 * Data: upload a file (with progress), map a spreadsheet in a clinic's own layout (preview, then
 * store), the batches loaded so far with their errors, the history of corrections, the map of
 * missing measurements (GET /api/cohorts/coverage), the row-level export, and (admins, owners) a
 * client's records (export, erasure) and the clinics' retention periods. Each panel is shown
 * only to the roles the API grants it (auth/role-access.ts: a therapist sees the map, not the
 * upload, the batches or the export), so no one is offered a button the API would refuse.
 */
import { chartCard } from '../../charts/chart-card.js';
import { coverageHeatmap } from '../../charts/coverage-heatmap.js';
import { append, el } from '../../layout/dom.js';
import { chosenMeasure, describeView, type PageContext } from '../../layout/page-shell.js';
import type { Filters } from '../../state/url-state.js';
import { emptyState, errorState } from '../../layout/states.js';
import { batchesTable } from './batches-table.js';
import { clientRightsPanel } from './client-rights-panel.js';
import { exportPanel } from './export-panel.js';
import { historyPanel } from './history-panel.js';
import { mappingPanel } from './mapping/mapping-panel.js';
import { retentionPanel } from './retention-panel.js';
import { uploadPanel } from './upload-panel.js';

/**
 * The export panel for this role: the view's rows, or for a therapist the rows of their own
 * sessions in the view (the API refuses any other therapist's: a 403), or none.
 */
function exportOf(context: PageContext, filters: Filters, viewDescription: string): HTMLElement | null {
  const rows = context.access.data.export;
  if (rows === 'view') return exportPanel(context.api, filters, viewDescription);
  const own = context.user.therapist;
  if (rows === 'own-sessions' && own !== null) {
    return exportPanel(
      context.api,
      { ...filters, therapist: [own] },
      `${viewDescription} · your own sessions`,
    );
  }
  return null;
}

export async function renderData(context: PageContext): Promise<void> {
  const { api, signal } = context;
  const may = context.access.data;
  const catalogue = await context.catalogue;
  const measure = chosenMeasure(context.view, catalogue);
  const filters = { ...context.view.filters, measure: measure?.code };
  const viewDescription = describeView(context.view, catalogue);

  const batches = may.batches === 'none' ? null : batchesTable(api, signal, may.batches);
  const coverageSlot = el('div', { class: 'coverage-slot' });
  const loadCoverage = async (): Promise<void> => {
    if (!may.coverage) return;
    try {
      const coverage = await api.coverage(filters, signal);
      coverageSlot.replaceChildren(
        coverage.cells.length === 0
          ? emptyState(
              `No ${measure?.label.toLowerCase() ?? ''} values to map`,
              may.upload
                ? 'Upload a file above, or choose another measure or wider filters.'
                : 'Choose another measure or wider filters, or ask your clinic’s owner to load data.',
            )
          : chartCard(coverageHeatmap(coverage, measure?.label ?? 'measure'), { viewDescription }),
      );
    } catch (error) {
      if (!signal.aborted) coverageSlot.replaceChildren(errorState(error, 'the map of missing measurements'));
    }
  };

  const refresh = (): Promise<unknown> => Promise.all([batches?.refresh(), loadCoverage()]);
  const panels = [
    may.upload ? uploadPanel({ api, onFinished: () => void refresh() }) : null,
    exportOf(context, filters, viewDescription),
  ].filter((panel) => panel !== null);
  // An owner's clinics are their own (the catalogue lists only theirs); an admin's, every clinic with data.
  const rights = may.clientRights
    ? el(
        'div',
        { class: 'grid grid-2' },
        clientRightsPanel(api, () => void refresh()),
        retentionPanel(api, catalogue?.clinics ?? []),
      )
    : null;
  // A spreadsheet in a clinic's own layout, and the history of corrections: for those who upload.
  const mapping = may.upload ? mappingPanel({ api, onFinished: () => void refresh() }) : null;
  const history = may.upload ? historyPanel(api) : null;
  append(
    context.content,
    panels.length === 0
      ? null
      : el('div', { class: panels.length === 2 ? 'grid grid-2' : 'grid' }, ...panels),
    mapping,
    batches?.element,
    history,
    rights,
    may.coverage ? coverageSlot : null,
  );
  await refresh();
}
