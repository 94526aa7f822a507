// A PC's history (#/pc/<agent id or hostname>): the figures read from its finished runs, one small
// chart per figure (metric and subject) with its axis range, latest value and trend. Built with DOM
// and SVG APIs only (no markup strings; the CSP allows no inline styles: classes and SVG
// attributes only).
//
// data-testids: pc-history-title, pc-history-since, pc-history-grid, pc-history-card (data-metric,
// data-subject, data-points), pc-history-latest, pc-history-trend, pc-history-empty, toast-error.
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { ensureStyles, errorBox, routeId } from './page-common.js';

const SVG = 'http://www.w3.org/2000/svg';

/** What each metric is, in words, with its unit (verdicts: 0 fine, 1 warning, 2 error). */
const METRICS = {
  'smart.health': ['Drive health', '0 passed · 2 failed'],
  'smart.wear_percent': ['Drive wear', '% used'],
  'smart.reallocated_sectors': ['Reallocated sectors', 'sectors'],
  'smart.pending_sectors': ['Pending sectors', 'sectors'],
  'smart.media_errors': ['Media errors', 'errors'],
  'smart.power_on_hours': ['Power-on time', 'hours'],
  'smart.temperature_c': ['Drive temperature', '°C'],
  'volume.used_percent': ['Volume used', '%'],
  'battery.full_charge_wh': ['Battery full charge', 'Wh'],
  'battery.capacity_percent': ['Battery capacity', '% of design'],
  'battery.wear_percent': ['Battery wear', '%'],
  'ping.loss_percent': ['Ping loss', '%'],
  'ping.latency_ms': ['Ping latency', 'ms'],
  'iperf.throughput_mbps': ['iperf throughput', 'Mbps'],
  'speedtest.download_mbps': ['Speed test download', 'Mbps'],
  'speedtest.upload_mbps': ['Speed test upload', 'Mbps'],
  'speedtest.ping_ms': ['Speed test ping', 'ms'],
  'sfc.verdict': ['SFC verdict', '0 fine · 1 warning · 2 error'],
  'dism.verdict': ['DISM verdict', '0 fine · 1 warning · 2 error'],
  'chkdsk.verdict': ['chkdsk verdict', '0 fine · 1 warning · 2 error'],
  'threats.found': ['Threats found', 'threats'],
};

const PERIODS = [['30', '30 days'], ['90', '90 days'], ['365', '1 year'], ['730', '2 years']];

function svg(tag, attrs, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A number as the table shows it: whole, or with up to two decimals. */
export function fmtValue(v) {
  if (typeof v !== 'number' || !Number.isFinite(v)) return '—';
  return Number.isInteger(v) ? String(v) : String(Math.round(v * 100) / 100);
}

/** An axis label short enough for the chart's margin: 9928.08 as 9.9k, 1234567 as 1.2M. */
export function fmtTick(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${Math.round(v / 1e5) / 10}M`;
  if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (a >= 1e3) return `${Math.round(v / 1e2) / 10}k`;
  return fmtValue(v);
}

/** ↑ ↓ → between the last two values; · with one. */
export function trend(values) {
  if (values.length < 2) return '·';
  const [a, b] = values.slice(-2);
  return b > a ? '↑' : b < a ? '↓' : '→';
}

/**
 * A sparkline of one series' values (oldest first): its min and max on the axis, the latest value
 * marked, and the same facts as text for screen readers.
 */
export function sparkline(values, title) {
  const W = 260;
  const H = 72;
  const pad = { l: 44, r: 10, t: 8, b: 8 };
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  const flat = lo === hi;
  if (flat) {
    lo -= 1;
    hi += 1;
  }
  const x = (i) => pad.l + (values.length === 1 ? (W - pad.l - pad.r) : (i * (W - pad.l - pad.r)) / (values.length - 1));
  const y = (v) => pad.t + (H - pad.t - pad.b) * (1 - (v - lo) / (hi - lo));
  const desc =
    `${title}: ${values.length} point${values.length === 1 ? '' : 's'}, ` +
    `from ${fmtValue(Math.min(...values))} to ${fmtValue(Math.max(...values))}, latest ${fmtValue(values[values.length - 1])}`;
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'chart spark', role: 'img', 'aria-label': desc });
  root.append(svg('title', {}, desc));
  root.append(svg('line', { x1: pad.l, y1: pad.t, x2: pad.l, y2: H - pad.b, class: 'axis' }));
  root.append(svg('text', { x: pad.l - 4, y: pad.t + 8, 'text-anchor': 'end', class: 'tick' }, fmtTick(flat ? hi - 1 : hi)));
  if (!flat) {
    root.append(svg('text', { x: pad.l - 4, y: H - pad.b, 'text-anchor': 'end', class: 'tick' }, fmtTick(lo)));
  }
  const pts = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  root.append(svg('polyline', { points: pts, class: 'series' }));
  const last = values.length - 1;
  root.append(svg('circle', { cx: x(last).toFixed(1), cy: y(values[last]).toFixed(1), r: 3, class: 'latest' }));
  return root;
}

function card(s) {
  const samples = s.samples || [];
  const values = samples.map((p) => Number(p.value || 0));
  const latest = samples[samples.length - 1] || {};
  const [label, unit] = METRICS[s.metric] || [s.metric, ''];
  const title = s.subject ? `${label} — ${s.subject}` : label;
  return h(
    'figure',
    {
      class: 'chart-box spark-card',
      'data-testid': 'pc-history-card',
      'data-metric': s.metric,
      'data-subject': s.subject || '',
      'data-points': samples.length,
    },
    h('figcaption', {},
      h('strong', {}, label),
      s.subject ? h('span', { class: 'cell-sub' }, s.subject) : null,
      h('span', { class: 'spark-latest' },
        h('span', { 'data-testid': 'pc-history-latest' }, `${fmtValue(values[values.length - 1])} ${unit}`),
        ' ',
        h('span', { 'data-testid': 'pc-history-trend', 'aria-label': 'trend since the previous run' }, trend(values))),
    ),
    sparkline(values, title),
    h('p', { class: 'cell-sub' },
      `${samples.length} run${samples.length === 1 ? '' : 's'}, latest `,
      latest.runId ? h('a', { href: `#/report/${encodeURIComponent(latest.runId)}` }, fmtTime(latest.time)) : fmtTime(latest.time),
      latest.text ? ` — ${latest.text}` : ''),
  );
}

export function render(root, params, ctx) {
  ensureStyles();
  const agent = routeId(params);
  const days = (params && params.query && params.query.days) || '90';
  const errors = errorBox(ctx);
  const heading = h('h1', { 'data-testid': 'pc-history-title' }, `History: ${agent}`);
  const period = h(
    'select',
    {
      'data-testid': 'pc-history-since',
      'aria-label': 'Period',
      'on:change': (e) => ctx.navigate(`#/pc/${encodeURIComponent(agent)}?days=${encodeURIComponent(e.target.value)}`),
    },
    ...PERIODS.map(([v, text]) => h('option', { value: v, selected: v === days }, text)));
  const grid = h('div', { class: 'spark-grid', 'data-testid': 'pc-history-grid' });
  root.append(heading, h('p', {}, 'Figures read from this PC\'s finished runs over the last ', period, '.'), errors.el, grid);
  let alive = true;
  const since = new Date(Date.now() - Number(days) * 86400 * 1000).toISOString();
  call('GetAgentHistory', { agent, since })
    .then((res) => {
      if (!alive) return;
      const host = res.hostname || res.agentId || agent;
      heading.textContent = `History: ${host}`;
      clear(grid);
      const series = (res.series || []).filter((s) => (s.samples || []).length);
      if (!series.length) {
        grid.append(h('p', { class: 'muted', 'data-testid': 'pc-history-empty' }, 'No figures yet: none of its finished runs in this period read a drive, a volume, a battery, the network or a repair tool.'));
        return;
      }
      grid.append(...series.map(card));
      if (res.truncated) grid.append(h('p', { class: 'muted' }, 'Only the newest points are shown.'));
    })
    .catch((e) => {
      if (alive) errors.show(e);
    });
  return () => {
    alive = false;
  };
}
