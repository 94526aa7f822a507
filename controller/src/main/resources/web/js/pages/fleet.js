// Fleet page: every agent, live, from the WatchFleetSnapshot stream; its messages go into a Map and
// the visible rows are redrawn at most once per animation frame, so ten thousand agents changing at
// once stay smooth.
//
// Test ids: fleet-search, fleet-label-filter, fleet-state-filter, fleet-count (the summary line),
// fleet-list (the scrolling table), fleet-row (data-agent-id, data-state), fleet-select (a row's
// checkbox), fleet-progress (a row's current run progress), fleet-last-run (link to the last
// run's report), fleet-select-all (selects every matching agent), fleet-clear-selection,
// fleet-new-run (New run for selection).

import * as api from '../api.js';
import { h, setText, fmtAgo, fmtTime } from '../dom.js';
import { FleetModel, labelText, stateWord } from '../fleet-model.js';
import { snapshotAgents, snapshotRuns } from '../fleet-snapshot.js';
import { VirtualList, cell } from '../vlist.js';

const ROW_HEIGHT = 48;
const RECENT_RUNS = 5000;
const STATUS_WORDS = {
  RUN_STATUS_OK: 'ok',
  RUN_STATUS_COMPLETED_WITH_ERRORS: 'completed with errors',
  RUN_STATUS_CANCELLED: 'cancelled',
  RUN_STATUS_ERROR: 'error',
  RUN_STATUS_EXPIRED: 'expired',
};

const statusClass = (status) => `status-${(status || '').replace('RUN_STATUS_', '').toLowerCase()}`;

export function render(root, params, ctx) {
  performance.mark('fleet-render');
  const model = new FleetModel();
  const selection = ctx.state.selection;
  const filters = { text: params.query.q || '', label: params.query.label || '', state: params.query.state || '' };
  let visible = [];
  let frame = 0;
  let watch = null;
  let retry = null;
  let closed = false;
  let drawnMarked = false;

  const search = h('input', {
    id: 'fleet-search', type: 'search', value: filters.text, 'data-testid': 'fleet-search',
    placeholder: 'hostname, id, label, OS',
    'on:input': () => { filters.text = search.value; schedule(); },
  });
  const labelFilter = h('select', {
    id: 'fleet-label-filter', 'data-testid': 'fleet-label-filter',
    'on:change': () => { filters.label = labelFilter.value; schedule(); },
  }, h('option', { value: '' }, 'All labels'));
  const stateFilter = h('select', {
    id: 'fleet-state-filter', 'data-testid': 'fleet-state-filter',
    'on:change': () => { filters.state = stateFilter.value; schedule(); },
  }, ['', 'online', 'busy', 'offline', 'revoked'].map((s) =>
    h('option', { value: s, selected: s === filters.state }, s ? s : 'All states')));
  const count = h('p', { class: 'fleet-summary', 'data-testid': 'fleet-count', 'aria-live': 'polite' }, 'Loading agents…');
  const newRun = h('button', {
    type: 'button', class: 'btn', 'data-testid': 'fleet-new-run',
    'on:click': () => ctx.navigate('#/new'),
  }, 'New run for selection');
  if (!ctx.can('technician')) newRun.hidden = true;

  const head = h('div', { role: 'rowgroup' },
    h('div', { role: 'row', class: 'vlist-head', 'aria-rowindex': 1 },
      [['c-select', 'Select'], ['c-host', 'Host'], ['c-labels', 'Site / labels'], ['c-state', 'State'],
        ['c-os', 'OS'], ['c-version', 'Agent'], ['c-seen', 'Last seen'], ['c-run', 'Current run'],
        ['c-last', 'Last run']]
        .map(([cls, t]) => h('div', { role: 'columnheader', class: ['cell', cls] }, t))));
  const body = h('div', { role: 'rowgroup', class: 'vlist-body' });
  const table = h('div', {
    role: 'table', class: 'vlist', tabindex: 0, 'aria-label': 'Agents', 'data-testid': 'fleet-list',
  }, head, body);

  const list = new VirtualList(table, body, {
    rowHeight: ROW_HEIGHT,
    key: (id) => id,
    createRow,
    updateRow,
  });

  root.append(
    h('h1', null, 'Fleet'),
    h('div', { class: 'toolbar', role: 'search', 'aria-label': 'Filter agents' },
      h('div', { class: 'field' }, h('label', { for: 'fleet-search' }, 'Search'), search),
      h('div', { class: 'field' }, h('label', { for: 'fleet-label-filter' }, 'Label'), labelFilter),
      h('div', { class: 'field' }, h('label', { for: 'fleet-state-filter' }, 'State'), stateFilter)),
    h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'fleet-select-all',
        'on:click': () => { visible.forEach((id) => selection.add(id)); schedule(); } },
        'Select all matching'),
      h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'fleet-clear-selection',
        'on:click': () => { selection.clear(); schedule(); } }, 'Clear selection'),
      newRun),
    count,
    table,
  );

  function createRow() {
    const box = h('input', { type: 'checkbox', 'data-testid': 'fleet-select', 'on:change': onSelect });
    const refs = {
      box,
      host: h('span', { class: 'cell-main' }),
      id: h('span', { class: 'cell-sub' }),
      labels: h('span', { class: 'labels' }),
      state: h('span'),
      os: h('span'),
      osVersion: h('span', { class: 'cell-sub' }),
      version: h('span'),
      seen: h('span'),
      progress: h('progress', { max: 1, value: 0, 'data-testid': 'fleet-progress' }),
      runText: h('span', { class: 'cell-sub' }),
      last: h('a', { 'data-testid': 'fleet-last-run' }),
      history: h('a', { class: 'cell-sub', 'data-testid': 'fleet-pc-history' }, 'history'),
      lastNone: h('span', { class: 'muted' }, '—'),
    };
    const el = h('div', { role: 'row', class: 'vrow', 'data-testid': 'fleet-row' },
      cell('c-select', box),
      cell('c-host', refs.host, refs.id, refs.history),
      cell('c-labels', refs.labels),
      cell('c-state', refs.state),
      cell('c-os', refs.os, refs.osVersion),
      cell('c-version', refs.version),
      cell('c-seen', refs.seen),
      cell('c-run', refs.progress, refs.runText),
      cell('c-last', refs.last, refs.lastNone));
    el.style.height = `${ROW_HEIGHT}px`;
    el.refs = refs;
    return el;
  }

  function onSelect(e) {
    const id = e.target.closest('[data-agent-id]').dataset.agentId;
    if (e.target.checked) selection.add(id);
    else selection.delete(id);
    schedule();
  }

  function updateRow(el, id, index) {
    const a = model.agents.get(id);
    const r = el.refs;
    const m = a.machine || {};
    const word = stateWord(a);
    const host = m.hostname || id;
    if (el.dataset.agentId !== id) {
      el.dataset.agentId = id;
      r.box.setAttribute('aria-label', `Select ${host}`);
      r.history.href = `#/pc/${encodeURIComponent(id)}`;
      r.history.setAttribute('aria-label', `History of ${host}`);
    }
    el.setAttribute('aria-rowindex', index + 2);
    if (el.dataset.state !== word) el.dataset.state = word;
    const chosen = selection.has(id);
    if (r.box.checked !== chosen) r.box.checked = chosen;
    el.classList.toggle('selected', chosen);
    setText(r.host, host);
    setText(r.id, id);
    setText(r.labels, labelText(a.labels) || '—');
    setText(r.state, word);
    r.state.className = `state-${word}`;
    setText(r.os, m.osName || '—');
    setText(r.osVersion, m.osVersion || '');
    setText(r.version, m.agentVersion || '—');
    r.version.title = m.agentVersion || ''; // the column is narrow: the whole version on hover
    setText(r.seen, fmtAgo(a.lastSeen));
    r.seen.title = fmtTime(a.lastSeen);
    const run = model.currentRun(a);
    const queued = a.queuedRuns ? ` (+${a.queuedRuns} queued)` : '';
    if (a.currentRunId && run && run.totalTasks) {
      const done = run.completedTasks || 0;
      const total = run.totalTasks;
      r.progress.hidden = false;
      r.progress.max = total;
      r.progress.value = done;
      r.progress.setAttribute('aria-label', `${host}: ${done} of ${total} tasks done`);
      setText(r.runText, `${done}/${total} tasks${queued}`);
    } else if (a.currentRunId) {
      // Its progress has not been reported yet: an indeterminate bar.
      r.progress.hidden = false;
      r.progress.removeAttribute('value');
      r.progress.setAttribute('aria-label', `${host}: run starting`);
      setText(r.runText, `starting${queued}`);
    } else {
      r.progress.hidden = true;
      setText(r.runText, queued ? queued.trim() : '—');
    }
    const last = model.lastRun.get(id);
    r.last.hidden = !last;
    r.lastNone.hidden = !!last;
    if (last) {
      r.last.href = `#/report/${encodeURIComponent(last.runId)}`;
      r.last.className = statusClass(last.status);
      setText(r.last, STATUS_WORDS[last.status] || 'finished');
      r.last.title = `Report of the run finished ${fmtTime(last.finishedAt)}`;
    }
  }

  function syncLabelOptions() {
    const labels = model.labels();
    const key = labels.join('\n');
    if (labelFilter.dataset.labels === key) return;
    labelFilter.dataset.labels = key;
    const current = filters.label;
    labelFilter.replaceChildren(
      h('option', { value: '' }, 'All labels'),
      ...labels.map((l) => h('option', { value: l, selected: l === current }, l)));
  }

  function flush() {
    frame = 0;
    if (closed) return;
    syncLabelOptions();
    const ids = model.filter(filters);
    if (ids !== visible) {
      visible = ids;
      list.setItems(visible);
    } else {
      list.render(); // only run progress or times changed: patch the visible rows
    }
    table.setAttribute('aria-rowcount', visible.length + 1);
    const total = model.agents.size;
    setText(count, `${total} ${total === 1 ? 'agent' : 'agents'} · ${visible.length} shown · ${selection.size} selected`);
    newRun.disabled = selection.size === 0;
    if (!drawnMarked && total > 0) {
      drawnMarked = true;
      performance.mark('fleet-drawn'); // the first rows are in the DOM (painted next frame)
    }
  }

  function schedule() {
    if (!frame && !closed) frame = requestAnimationFrame(flush);
  }

  // One stream: its first message is the whole fleet, compact (WatchFleetSnapshot), the later
  // ones what changed; a listing first and then a watch repeating it cost twice the encoding.
  // `delay` is how long to wait first (after a failure), and the base of the next backoff.
  function connect(delay) {
    if (!delay) {
      open(0);
      return;
    }
    retry = setTimeout(() => {
      retry = null;
      open(delay);
    }, delay);
  }

  function open(delay) {
    // Marks for the performance timeline (WebFleetScaleIT reads them): stream asked, first message.
    performance.mark('fleet-watch-start');
    watch = api.stream('WatchFleetSnapshot', {}, {
      onMessage(m) {
        if (m.complete) performance.mark('fleet-snapshot');
        let agents;
        let runs;
        try {
          agents = snapshotAgents(m);
          runs = snapshotRuns(m);
        } catch (e) {
          ctx.showError(e);
          return;
        }
        if (m.complete) model.clearAgents();
        agents.forEach((a) => model.putAgent(a));
        runs.forEach((r) => model.putRun(r));
        if (m.complete) performance.mark('fleet-applied');
        schedule();
      },
      onError(e) {
        if (closed || e.code === 'UNAUTHENTICATED') return;
        if (e.code === 'PERMISSION_DENIED') {
          ctx.showError(e);
          return;
        }
        ctx.showError(`Live updates stopped (${e.message}); reconnecting…`);
        connect(Math.min(30000, Math.max(2000, delay * 2)));
      },
      onEnd() {
        if (!closed) connect(2000);
      },
    });
  }

  async function loadRecentRuns() {
    try {
      const { runs = [] } = await api.call('ListRuns', { limit: RECENT_RUNS });
      if (closed) return;
      // Oldest first, so that the newest of each agent's runs wins.
      for (let i = runs.length - 1; i >= 0; i--) model.putRun(runs[i]);
      schedule();
    } catch (e) {
      if (!closed && e.code !== 'UNAUTHENTICATED') ctx.showError(e);
    }
  }

  connect(0);
  loadRecentRuns();
  // "Last seen 12 s ago" ages without any message.
  const tick = setInterval(() => list.render(), 10000);
  flush();

  return () => {
    closed = true;
    if (frame) cancelAnimationFrame(frame);
    if (retry) clearTimeout(retry);
    if (watch) watch.close();
    clearInterval(tick);
    list.destroy();
  };
}
