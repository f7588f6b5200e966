/**
 * Data: upload a file (with progress), the batches loaded so far with their errors, the map of
 * missing measurements (GET /api/cohorts/coverage) and the row-level export.
 */
import { chartCard } from '../../charts/chart-card.js';
import { coverageHeatmap } from '../../charts/coverage-heatmap.js';
import { el } from '../../layout/dom.js';
import { chosenMeasure, describeView, type PageContext } from '../../layout/page-shell.js';
import { emptyState, errorState } from '../../layout/states.js';
import { batchesTable } from './batches-table.js';
import { exportPanel } from './export-panel.js';
import { uploadPanel } from './upload-panel.js';

export async function renderData(context: PageContext): Promise<void> {
  const { api, signal } = context;
  const catalogue = await context.catalogue;
  const measure = chosenMeasure(context.view, catalogue);
  const filters = { ...context.view.filters, measure: measure?.code };
  const viewDescription = describeView(context.view, catalogue);

  const batches = batchesTable(api, signal);
  const coverageSlot = el('div', { class: 'coverage-slot' });
  const loadCoverage = async (): Promise<void> => {
    try {
      const coverage = await api.coverage(filters, signal);
      coverageSlot.replaceChildren(
        coverage.cells.length === 0
          ? emptyState(
              `No ${measure?.label.toLowerCase() ?? ''} values to map`,
              'Upload a file above, or choose another measure or wider filters.',
            )
          : chartCard(coverageHeatmap(coverage, measure?.label ?? 'measure'), { viewDescription }),
      );
    } catch (error) {
      if (!signal.aborted) coverageSlot.replaceChildren(errorState(error, 'the map of missing measurements'));
    }
  };

  context.content.append(
    el(
      'div',
      { class: 'grid grid-2' },
      uploadPanel({ api, onFinished: () => void Promise.all([batches.refresh(), loadCoverage()]) }),
      exportPanel(api, filters, viewDescription),
    ),
    batches.element,
    coverageSlot,
  );
  await Promise.all([batches.refresh(), loadCoverage()]);
}
