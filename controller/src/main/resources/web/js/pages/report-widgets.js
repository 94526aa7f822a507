// Small DOM pieces the report pages share. Every value is set as text (h() makes text nodes):
// task output and hostnames are hostile.
import { h } from '../dom.js';
import { statusWord } from './report-model.js';

/** Drops null/undefined/false children so h() only sees nodes and strings. */
export function kids(...items) {
  return items.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false);
}

const STATUS_TEXT = {
  success: 'OK',
  warning: 'Warning',
  error: 'Error',
  skipped: 'Skipped',
  cancelled: 'Cancelled',
  expired: 'Expired',
  unknown: 'Unknown',
};

/** A status badge whose words, not only its colour, say the status (or `text` when given). */
export function badge(status, text) {
  const w = statusWord(status);
  return h('span', { class: `badge badge-${w}`, 'data-status': w }, text || STATUS_TEXT[w] || w);
}

function show(v) {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : null;
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** A list of [label, value, testid?] facts; rows whose value is missing are left out. */
export function facts(rows) {
  const items = rows
    .map(([k, v, id]) => [k, show(v), id])
    .filter(([, v]) => v !== null)
    .map(([k, v, id]) => h('div', { class: 'fact' }, h('dt', {}, k), h('dd', id ? { 'data-testid': id } : {}, v)));
  return items.length ? h('dl', { class: 'facts' }, ...items) : null;
}

/** A bullet list of strings (notes, findings), or nothing when empty. */
export function bullets(items, cls = 'notes') {
  const list = (Array.isArray(items) ? items : []).map(show).filter((s) => s !== null);
  return list.length ? h('ul', { class: cls }, ...list.map((s) => h('li', {}, s))) : null;
}

/** A table with a caption; cells are strings. */
export function table(caption, headers, rows) {
  if (!rows.length) return null;
  return h(
    'table',
    { class: 'data' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ...headers.map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', {}, ...rows.map((r) => h('tr', {}, ...r.map((c) => h('td', {}, show(c) ?? '–')))))
  );
}

/** A horizontal meter (0–100) for wear, usage, capacity; the number is also written out. */
export function meter(label, percent, tone = '') {
  const p = Math.max(0, Math.min(100, Number(percent) || 0));
  const fill = h('span', { class: `meter-fill ${tone}` });
  fill.style.width = p + '%'; // CSSOM, allowed by the CSP (no style attribute in markup)
  return h(
    'div',
    { class: 'meter', role: 'img', 'aria-label': `${label}: ${p}%` },
    h('span', { class: 'meter-track' }, fill),
    h('span', { class: 'meter-text' }, `${label}: ${p}%`)
  );
}

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/**
 * A line chart of throughput samples (Mbps, one per interval), built with DOM APIs: axes with the
 * min/max, the mean as a dashed line, and a text equivalent for screen readers.
 */
export function throughputChart(series, title) {
  if (!series.length) return null;
  const W = 600;
  const H = 180;
  const pad = { l: 56, r: 12, t: 12, b: 28 };
  const max = Math.max(...series) || 1;
  const mean = series.reduce((a, b) => a + b, 0) / series.length;
  const x = (i) => pad.l + (series.length === 1 ? 0 : (i * (W - pad.l - pad.r)) / (series.length - 1));
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - v / max);
  const desc = `${title}: ${series.length} samples, from ${Math.min(...series).toFixed(1)} to ${max.toFixed(1)} Mbps, mean ${mean.toFixed(1)} Mbps`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': desc });
  root.append(svg('title', {}, desc));
  root.append(svg('line', { x1: pad.l, y1: y(0), x2: W - pad.r, y2: y(0), class: 'axis' }));
  root.append(svg('line', { x1: pad.l, y1: pad.t, x2: pad.l, y2: y(0), class: 'axis' }));
  root.append(svg('text', { x: pad.l - 6, y: y(max) + 4, 'text-anchor': 'end', class: 'tick' }, max.toFixed(0)));
  root.append(svg('text', { x: pad.l - 6, y: y(0), 'text-anchor': 'end', class: 'tick' }, '0'));
  root.append(svg('text', { x: pad.l, y: H - 8, class: 'tick' }, 'Mbps over time (one point per interval)'));
  root.append(svg('line', { x1: pad.l, y1: y(mean), x2: W - pad.r, y2: y(mean), class: 'mean' }));
  const pts = series.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  root.append(svg('polyline', { points: pts, class: 'series' }));
  return h('figure', { class: 'chart-box', 'data-testid': 'report-chart' }, root, h('figcaption', {}, desc));
}

/** Horizontal bars for a few measured values (a speed test's download and upload), same unit. */
export function barChart(bars, unit, title) {
  const shown = bars.filter(([, v]) => typeof v === 'number' && Number.isFinite(v));
  if (!shown.length) return null;
  const W = 600;
  const row = 34;
  const H = shown.length * row + 10;
  const left = 110;
  const max = Math.max(...shown.map(([, v]) => v)) || 1;
  const desc = `${title}: ` + shown.map(([k, v]) => `${k} ${v.toFixed(1)} ${unit}`).join(', ');
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart', role: 'img', 'aria-label': desc });
  root.append(svg('title', {}, desc));
  shown.forEach(([k, v], i) => {
    const y = 5 + i * row;
    const w = Math.max(2, ((W - left - 110) * v) / max);
    root.append(svg('text', { x: left - 8, y: y + 19, 'text-anchor': 'end', class: 'tick' }, k));
    root.append(svg('rect', { x: left, y: y + 4, width: w.toFixed(1), height: row - 12, class: 'bar' }));
    root.append(svg('text', { x: left + w + 6, y: y + 19, class: 'tick' }, `${v.toFixed(1)} ${unit}`));
  });
  return h('figure', { class: 'chart-box', 'data-testid': 'report-chart' }, root, h('figcaption', {}, desc));
}
