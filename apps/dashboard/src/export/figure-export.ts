/**
 * A chart as a self-contained SVG or PNG file: the Plot SVG with the card's title, description,
 * legend and a footer (the filters and the date) drawn around it, so that a figure pasted into a
 * slide or a report still says what it shows. The PNG is the same SVG drawn on a canvas at twice
 * the pixel density, on white.
 */
import type { LegendEntry } from '../charts/chart-spec.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export interface FigureText {
  title: string;
  description: string;
  legend: readonly LegendEntry[];
  /** Filters and source, e.g. "PPT · all sites · technique: swedish · Threshold, 2026-11-25". */
  footer: string;
}

function svgElement<K extends keyof SVGElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | number>,
  text?: string,
): SVGElementTagNameMap[K] {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** Splits text into lines of at most `width` pixels, guessing 0.55 em per character. */
function wrap(text: string, width: number, fontSize: number): string[] {
  const perLine = Math.max(20, Math.floor(width / (fontSize * 0.55)));
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line !== '' && line.length + word.length + 1 > perLine) {
      lines.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  if (line !== '') lines.push(line);
  return lines;
}

/** The chart's SVG with title, description, legend and footer, as a standalone SVG document. */
export function standaloneSvg(chart: SVGSVGElement, text: FigureText): string {
  const width = Number(chart.getAttribute('width')) || chart.getBoundingClientRect().width || 640;
  const height = Number(chart.getAttribute('height')) || chart.getBoundingClientRect().height || 400;
  const pad = 16;
  const root = svgElement('svg', {
    xmlns: SVG_NS,
    width,
    height: 0,
    viewBox: `0 0 ${width} 0`,
    'font-family': FONT,
  });
  root.appendChild(svgElement('rect', { x: 0, y: 0, width, height: '100%', fill: '#ffffff' }));

  let y = pad + 14;
  root.appendChild(
    svgElement('text', { x: pad, y, 'font-size': 16, 'font-weight': 600, fill: '#1d2433' }, text.title),
  );
  for (const line of wrap(text.description, width - 2 * pad, 12)) {
    y += 17;
    root.appendChild(svgElement('text', { x: pad, y, 'font-size': 12, fill: '#5b6475' }, line));
  }

  if (text.legend.length > 0) {
    y += 22;
    let x = pad;
    for (const entry of text.legend) {
      const labelWidth = entry.label.length * 6.6 + 34;
      if (x + labelWidth > width - pad && x > pad) {
        x = pad;
        y += 18;
      }
      if (entry.ramp !== undefined) {
        const id = `ramp-${Math.random().toString(36).slice(2)}`;
        const gradient = svgElement('linearGradient', { id });
        entry.ramp.forEach((colour, index) =>
          gradient.appendChild(
            svgElement('stop', { offset: index / Math.max(1, entry.ramp!.length - 1), 'stop-color': colour }),
          ),
        );
        root.appendChild(gradient);
        root.appendChild(svgElement('rect', { x, y: y - 9, width: 16, height: 10, fill: `url(#${id})` }));
      } else if (entry.symbol === 'ring')
        root.appendChild(
          svgElement('circle', {
            cx: x + 7,
            cy: y - 4,
            r: 4,
            fill: 'white',
            stroke: entry.colour,
            'stroke-width': 2,
          }),
        );
      else if (entry.symbol !== undefined)
        root.appendChild(svgElement('circle', { cx: x + 7, cy: y - 4, r: 4.5, fill: entry.colour }));
      else if (entry.band === true)
        root.appendChild(
          svgElement('rect', { x, y: y - 9, width: 16, height: 10, fill: entry.colour, 'fill-opacity': 0.2 }),
        );
      else {
        const line = svgElement('line', {
          x1: x,
          x2: x + 16,
          y1: y - 4,
          y2: y - 4,
          stroke: entry.colour,
          'stroke-width': 2.5,
        });
        if (entry.dashed === true) line.setAttribute('stroke-dasharray', '5 3');
        root.appendChild(line);
      }
      root.appendChild(svgElement('text', { x: x + 22, y, 'font-size': 12, fill: '#1d2433' }, entry.label));
      x += labelWidth;
    }
  }

  y += 12;
  const nested = chart.cloneNode(true) as SVGSVGElement;
  nested.setAttribute('x', '0');
  nested.setAttribute('y', String(y));
  nested.setAttribute('width', String(width));
  nested.setAttribute('height', String(height));
  // Plot's stylesheet gives its SVG `height: auto`, which an SVG nested in another computes as
  // 100%: pin the size inline.
  // Through CSSOM, not a style attribute: the Content-Security-Policy refuses inline style attributes.
  nested.style.cssText = `width: ${width}px; height: ${height}px; max-width: none; overflow: visible`;
  root.appendChild(nested);
  y += height + 18;

  for (const line of wrap(text.footer, width - 2 * pad, 11)) {
    root.appendChild(svgElement('text', { x: pad, y, 'font-size': 11, fill: '#5b6475' }, line));
    y += 15;
  }
  const total = y + pad - 10;
  root.setAttribute('height', String(total));
  root.setAttribute('viewBox', `0 0 ${width} ${total}`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(root)}`;
}

/** Rasterises a standalone SVG document to a PNG at `scale` times its size, on white. */
export async function svgToPng(svgText: string, scale = 2): Promise<Blob> {
  const url = URL.createObjectURL(new Blob([svgText], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the figure could not be drawn as an image'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.ceil(image.naturalWidth * scale);
    canvas.height = Math.ceil(image.naturalHeight * scale);
    const context = canvas.getContext('2d');
    if (context === null) throw new Error('this browser cannot draw on a canvas');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.scale(scale, scale);
    context.drawImage(image, 0, 0);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob(
        (blob) => (blob === null ? reject(new Error('PNG encoding failed')) : resolve(blob)),
        'image/png',
      ),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
