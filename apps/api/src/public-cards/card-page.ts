/**
 * The public results card as a small HTML page to embed in an iframe on a clinic's website: no
 * script, no cookie, one inline style allowed by its hash in a strict Content-Security-Policy
 * (nothing else may load), and any site may frame it (frame-ancestors *).
 */
import { createHash } from 'node:crypto';
import type { PublicCard } from './public-cards.service.js';

const STYLE = `
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2733;background:#fff}
main{max-width:40rem;padding:1rem 1.25rem}
h1{font-size:1.15rem;margin:0 0 .25rem}
.scope{color:#4a5868;margin:0 0 1rem;font-size:.9rem}
.claims{list-style:none;margin:0;padding:0}
blockquote{margin:0 0 .5rem;padding:.5rem .75rem;border-left:4px solid #2f6f9f;background:#f3f7fa}
.beside{font-size:.85rem;color:#4a5868;margin:0 0 1rem}
table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.5rem 0 1rem}
th,td{text-align:left;padding:.3rem .4rem;border-bottom:1px solid #dde3ea}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.note{font-size:.8rem;color:#4a5868}
`;

const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** Headers of the page: strict CSP, any site may frame it, nothing else may load or be sent. */
export const CARD_PAGE_HEADERS: Record<string, string> = {
  'content-security-policy': `default-src 'none'; style-src ${STYLE_HASH}; base-uri 'none'; form-action 'none'; frame-ancestors *`,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'cross-origin-resource-policy': 'cross-origin',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function number(value: number): string {
  return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function document(title: string, body: string): string {
  return `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>\n`;
}

export function cardPage(card: PublicCard): string {
  const period = card.period.from !== null && card.period.to !== null ? `${card.period.from} to ${card.period.to}` : 'dates not recorded';
  const claims = card.claims
    .map(
      (claim) =>
        `<li><blockquote>${escape(claim.statement)}</blockquote>${claim.beside.map((beside) => `<p class="beside">${escape(beside.text)} (doi:${escape(beside.doi)})</p>`).join('')}</li>`,
    )
    .join('');
  const rows = card.groups
    .map(
      (group) =>
        `<tr><td>${escape(group.label)}</td><td class="num">${group.clients}</td><td class="num">${number(group.meanChange)} (${number(group.ciLow)} to ${number(group.ciHigh)})</td><td class="num">${Math.round(group.improvedRate * 100)}%</td></tr>`,
    )
    .join('');
  return document(
    `Results: ${card.measureLabel}`,
    `<h1>Our clients' results: ${escape(card.measureLabel.toLowerCase())}</h1>` +
      `<p class="scope">${escape(period)} · data version ${card.dataVersion}</p>` +
      (claims === '' ? '<p>No claim is current for these results.</p>' : `<ul class="claims">${claims}</ul>`) +
      (rows === ''
        ? ''
        : `<table><caption class="note">Change from first to last session, ${escape(card.unit)}, mean (95% CI)</caption><thead><tr><th>Technique</th><th>Clients</th><th>Change</th><th>Improved by at least ${number(card.mcid)} ${escape(card.unit)}</th></tr></thead><tbody>${rows}</tbody></table>`) +
      `<p class="note">${escape(card.note)}</p>`,
  );
}

export function notFoundPage(): string {
  return document('No such card', '<h1>No such card</h1><p class="note">This results card does not exist or has been withdrawn.</p>');
}
