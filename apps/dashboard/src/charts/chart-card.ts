/**
 * The frame every chart is shown in: a titled card with the legend, the figure (labelled for
 * screen readers, with its summary in words beneath), buttons to download the data as CSV and to
 * save the figure as SVG or PNG, and a table of every number with its n and interval.
 *
 * The figure is drawn at the card's width and redrawn when that changes (laptop, tablet, rotated
 * tablet), so charts never scale text down or scroll sideways.
 */
import { toCsv } from '../export/csv.js';
import { fileStem, saveBlob, today } from '../export/download.js';
import { standaloneSvg, svgToPng } from '../export/figure-export.js';
import { button, el, scrollingTable } from '../layout/dom.js';
import { card } from '../layout/card.js';
import { isWithheldRow } from './chart-columns.js';
import type { ChartSpec, LegendEntry } from './chart-spec.js';

let cardCount = 0;

export interface ChartCardContext {
  /** The view in words (measure, filters), printed under exported figures. */
  viewDescription: string;
}

function legendItem(entry: LegendEntry): HTMLElement {
  const kind =
    entry.ramp !== undefined
      ? 'ramp'
      : entry.symbol === 'ring'
        ? 'ring'
        : entry.symbol !== undefined
          ? 'dot'
          : entry.band === true
            ? 'band'
            : entry.dashed === true
              ? 'dashed'
              : 'line';
  const swatch = el('span', { class: `swatch swatch-${kind}`, 'aria-hidden': 'true' });
  swatch.style.setProperty('--swatch', entry.colour);
  if (entry.ramp !== undefined)
    swatch.style.setProperty('--ramp', `linear-gradient(to right, ${entry.ramp.join(', ')})`);
  return el('li', {}, swatch, entry.label);
}

function dataTable<Row>(spec: ChartSpec<Row>, captionId: string): HTMLTableElement {
  const columns = spec.columns.filter((column) => column.table !== false);
  const head = el(
    'tr',
    {},
    ...columns.map((column) =>
      el('th', { scope: 'col', class: column.numeric === true ? 'numeric' : undefined }, column.label),
    ),
  );
  const body = spec.rows.map((row) =>
    el(
      'tr',
      { class: isWithheldRow(row) ? 'withheld' : undefined },
      ...columns.map((column) => {
        const raw = column.value(row);
        const text =
          column.display !== undefined
            ? column.display(row)
            : raw === null || raw === undefined
              ? '–'
              : String(raw);
        return el('td', { class: column.numeric === true ? 'numeric' : undefined }, text);
      }),
    ),
  );
  return el(
    'table',
    { class: 'data-table', 'aria-describedby': captionId },
    el('thead', {}, head),
    el('tbody', {}, ...body),
  );
}

/**
 * Plot names each group of marks (aria-label "line", "dot", "x-axis tick"…) and may describe it,
 * but an SVG group has no role that allows a name (axe-core: aria-prohibited-attr), and the frame
 * is already one image named by the card's title and described by the summary beneath: the parts
 * of that image are not read out one by one. So the groups' labels go, for every chart at once
 * (the kind of mark stays in data-mark).
 */
function withoutMarkLabels(figure: Element): void {
  for (const part of figure.querySelectorAll('g[aria-label], g[aria-description], g[aria-describedby]')) {
    // The mark's kind stays, as data (for tests and for people reading the SVG).
    const kind = part.getAttribute('aria-label');
    if (kind !== null) part.setAttribute('data-mark', kind);
    part.removeAttribute('aria-label');
    part.removeAttribute('aria-description');
    part.removeAttribute('aria-describedby');
  }
}

export function chartCard<Row>(spec: ChartSpec<Row>, context: ChartCardContext): HTMLElement {
  cardCount += 1;
  const titleId = `chart-title-${cardCount}`;
  const summaryId = `chart-summary-${cardCount}`;
  const stem = `threshold-${fileStem(spec.id)}-${today()}`;

  const frame = el('div', {
    class: 'chart-frame',
    role: 'img',
    'aria-labelledby': titleId,
    'aria-describedby': summaryId,
    'data-chart': spec.id,
  });
  const status = el('p', { class: 'card-status', role: 'status', 'aria-live': 'polite' });

  let svg: SVGSVGElement | null = null;
  let drawnWidth = 0;
  const draw = (width: number): void => {
    if (width <= 0 || Math.abs(width - drawnWidth) < 16) return;
    drawnWidth = width;
    const figure = spec.render(Math.floor(width));
    svg = figure instanceof SVGSVGElement ? figure : figure.querySelector('svg');
    withoutMarkLabels(figure);
    frame.replaceChildren(figure);
    if (frame.dataset.rendered === undefined) {
      // When each chart first appears, for the time-to-first-chart benchmark (test/bench/).
      performance.mark('threshold:chart-drawn', { detail: spec.id });
    }
    frame.dataset.rendered = 'true';
  };
  // Draw when the card is laid out (its width is known), and again when the width changes.
  const observer = new ResizeObserver((entries) => {
    for (const entry of entries) draw(entry.contentRect.width);
  });
  observer.observe(frame);

  const figureText = () => ({
    title: spec.title,
    description: spec.description,
    legend: spec.legend ?? [],
    footer: `${context.viewDescription} · Threshold, ${today()}`,
  });
  const saveSvg = (): void => {
    if (svg === null) return;
    saveBlob(new Blob([standaloneSvg(svg, figureText())], { type: 'image/svg+xml' }), `${stem}.svg`);
    status.textContent = `Saved ${stem}.svg`;
  };
  const savePng = async (): Promise<void> => {
    if (svg === null) return;
    try {
      saveBlob(await svgToPng(standaloneSvg(svg, figureText())), `${stem}.png`);
      status.textContent = `Saved ${stem}.png`;
    } catch (error) {
      status.textContent = `Could not make a PNG (${error instanceof Error ? error.message : String(error)}): save as SVG instead.`;
    }
  };
  const saveCsv = (): void => {
    saveBlob(new Blob([toCsv(spec.rows, spec.columns)], { type: 'text/csv;charset=utf-8' }), `${stem}.csv`);
    status.textContent = `Saved ${stem}.csv (${spec.rows.length} rows)`;
  };

  const actions = el(
    'div',
    { class: 'card-actions', role: 'group', 'aria-label': `Save “${spec.title}”` },
    button('CSV', saveCsv, {
      'aria-label': `Download the data of “${spec.title}” as CSV`,
      'data-action': 'csv',
    }),
    button('SVG', saveSvg, { 'aria-label': `Save “${spec.title}” as SVG`, 'data-action': 'svg' }),
    button('PNG', () => void savePng(), {
      'aria-label': `Save “${spec.title}” as PNG`,
      'data-action': 'png',
    }),
  );

  const legend =
    spec.legend !== undefined && spec.legend.length > 0
      ? el('ul', { class: 'legend', 'aria-label': 'Legend' }, ...spec.legend.map(legendItem))
      : null;
  const notes =
    spec.notes !== undefined && spec.notes.length > 0
      ? el('ul', { class: 'card-notes' }, ...spec.notes.map((note) => el('li', {}, note)))
      : null;

  return card(
    { id: titleId, class: 'chart-card', title: spec.title, description: spec.description, actions },
    legend,
    frame,
    el('p', { class: 'chart-summary', id: summaryId }, spec.summary),
    notes,
    el(
      'details',
      { class: 'card-numbers' },
      el('summary', {}, `Show the numbers (${spec.rows.length} ${spec.rows.length === 1 ? 'row' : 'rows'})`),
      scrollingTable(`The numbers of “${spec.title}”`, dataTable(spec, summaryId)),
    ),
    status,
  );
}
