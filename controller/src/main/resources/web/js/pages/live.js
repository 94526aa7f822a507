// Live runs page: one row per run, updating from WatchRuns (at most 1,000 run ids per stream, so a
// dispatch to more opens several). Messages update a model; changed rows are redrawn at most once
// per animation frame.
//
// Test ids: live-summary (counts by state), live-cancel-all, live-table, live-row (a <tbody> with
// the run's row and its details; data-run-id,
// data-state = queued|assigned|running|finished, data-status = ok|completed with errors|cancelled|
// error|expired once finished), live-host, live-state, live-status, live-tasks (completed/total),
// live-current-task, live-progress, live-details, live-task (data-index, data-status),
// live-output (the output tail), live-cancel, live-report (link to #/report/<runId>).

import * as api from '../api.js';
import { h, setText, clear } from '../dom.js';
import { LiveRun } from '../live-model.js';

const MAX_RUNS_PER_WATCH = 1000;
const CANCEL_PARALLEL = 8;

export function render(root, params, ctx) {
  const runIds = [...new Set(params.runIds)];
  const runs = new Map(runIds.map((id) => [id, new LiveRun(id)]));
  for (const s of ctx.state.dispatched || []) if (runs.has(s.runId)) runs.get(s.runId).setSummary(s);
  const rows = new Map();
  const dirty = new Set(runIds);
  const watches = [];
  const timers = new Set();
  let frame = 0;
  let closed = false;

  root.append(h('h1', null, 'Live runs'));
  if (!runIds.length) {
    root.append(h('p', null, 'No runs to watch. Dispatch a plan from ', h('a', { href: '#/new' }, 'New run'), ' or open one from ', h('a', { href: '#/history' }, 'History'), '.'));
    return undefined;
  }

  const summary = h('p', { 'data-testid': 'live-summary', 'aria-live': 'polite' });
  const cancelAll = h('button', { type: 'button', class: 'btn btn-danger', 'data-testid': 'live-cancel-all', 'on:click': cancelEverything }, 'Cancel all');
  if (!ctx.can('technician')) cancelAll.hidden = true;
  const table = h('table', { class: 'live-table', 'data-testid': 'live-table' },
    h('caption', { class: 'visually-hidden' }, 'Runs being watched'),
    h('thead', null, h('tr', null, ['Agent', 'State', 'Status', 'Tasks', 'Current task', 'Actions'].map((t) =>
      h('th', { scope: 'col' }, t)))));
  root.append(
    h('div', { class: 'actions' }, summary, cancelAll),
    table,
  );
  for (const id of runIds) {
    const row = createRow(runs.get(id));
    rows.set(id, row);
    table.append(row.group);
  }

  function createRow(run) {
    const r = {
      host: h('span', { 'data-testid': 'live-host' }),
      state: h('span', { 'data-testid': 'live-state' }),
      status: h('span', { 'data-testid': 'live-status' }),
      tasks: h('span', { 'data-testid': 'live-tasks' }),
      current: h('span', { 'data-testid': 'live-current-task' }),
      message: h('span', { class: 'cell-sub' }),
      progress: h('progress', { max: 100, 'data-testid': 'live-progress' }),
      cancel: h('button', {
        type: 'button', class: 'btn btn-secondary btn-small', 'data-testid': 'live-cancel',
        'on:click': () => cancel(run.runId),
      }, 'Cancel'),
      report: h('a', { href: `#/report/${encodeURIComponent(run.runId)}`, 'data-testid': 'live-report' }, 'Report'),
      steps: h('ol', { class: 'task-steps' }),
      output: h('pre', { class: 'tail', 'data-testid': 'live-output', tabindex: 0 }),
      summaryText: h('span'),
    };
    if (!ctx.can('technician')) r.cancel.hidden = true;
    r.tr = h('tr', null,
      h('td', null, r.host, h('span', { class: 'cell-sub' }, run.runId)),
      h('td', null, r.state),
      h('td', null, r.status),
      h('td', null, r.tasks),
      h('td', { class: 'live-progress' }, r.current, r.progress, r.message),
      h('td', null, r.cancel, r.report));
    r.detailsTr = h('tr', { class: 'live-details-row' },
      h('td', { colspan: 6 },
        h('details', { 'data-testid': 'live-details' },
          h('summary', null, r.summaryText),
          r.steps, r.output)));
    // One <tbody> per run holds its row and its details, so a run is one element to find.
    r.group = h('tbody', { class: 'live-run', 'data-testid': 'live-row', 'data-run-id': run.runId }, r.tr, r.detailsTr);
    return r;
  }

  function updateRow(run) {
    const r = rows.get(run.runId);
    const host = run.summary.hostname || run.summary.agentId || 'agent';
    setText(r.host, host);
    if (r.group.dataset.state !== run.state) r.group.dataset.state = run.state;
    if (run.finished && run.status) r.group.dataset.status = run.status;
    setText(r.state, run.state);
    r.state.className = `state-${run.state}`;
    setText(r.status, run.status || '—');
    r.status.className = run.status ? `status-${(run.summary.status || '').replace('RUN_STATUS_', '').toLowerCase()}` : '';
    setText(r.tasks, `${run.completed}/${run.total || '?'}`);
    const type = run.currentType;
    setText(r.current, type ? `${run.current + 1}. ${type}` : run.finished ? '—' : 'waiting');
    r.progress.hidden = !type;
    if (type && run.percent >= 0) {
      const pct = Math.min(100, Math.round(run.percent));
      r.progress.value = pct;
      r.progress.setAttribute('aria-label', `${host}: ${type} ${pct}%`);
      setText(r.message, run.message || `${pct}%`);
    } else {
      r.progress.removeAttribute('value'); // indeterminate: the tool does not say how far it is
      r.progress.setAttribute('aria-label', `${host}: ${type || 'task'} running`);
      setText(r.message, run.message);
    }
    r.cancel.hidden = run.finished || !ctx.can('technician');
    r.cancel.setAttribute('aria-label', `Cancel the run on ${host}`);
    r.report.hidden = !run.finished;
    r.report.setAttribute('aria-label', `Report of the run on ${host}`);
    setText(r.summaryText, `Tasks and output of ${host}`);
    r.steps.setAttribute('aria-label', `Tasks of ${host}`);
    r.output.setAttribute('aria-label', `Output of ${host} (last lines)`);
    clear(r.steps).append(...run.taskTypes.map((t, i) => {
      const s = run.taskStates[i] || 'pending';
      return h('li', { 'data-testid': 'live-task', 'data-index': i, 'data-status': s },
        `${t}: `, h('span', { class: `task-${s}` }, s));
    }));
    setText(r.output, run.tail.length ? run.tail.join('\n') : 'No output yet.');
  }

  function flush() {
    frame = 0;
    if (closed) return;
    for (const id of dirty) updateRow(runs.get(id));
    dirty.clear();
    const counts = {};
    for (const run of runs.values()) counts[run.state] = (counts[run.state] || 0) + 1;
    setText(summary, ['running', 'assigned', 'queued', 'finished'].filter((s) => counts[s]).map((s) => `${counts[s]} ${s}`).join(' · '));
    cancelAll.disabled = [...runs.values()].every((r) => r.finished);
  }

  function touch(id) {
    dirty.add(id);
    if (!frame && !closed) frame = requestAnimationFrame(flush);
  }

  function onMessage(m) {
    if (m.runEvent && runs.has(m.runEvent.runId)) {
      if (runs.get(m.runEvent.runId).apply(m.runEvent)) touch(m.runEvent.runId);
    } else if (m.runState && runs.has(m.runState.runId)) {
      runs.get(m.runState.runId).setSummary(m.runState);
      touch(m.runState.runId);
    }
    // A Resync needs nothing here: the controller replays the dropped events from its store, and
    // apply() skips any sequence already seen.
  }

  function watch(ids, delay) {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (closed) return;
      const open = ids.filter((id) => !runs.get(id).finished);
      if (!open.length) return;
      const handle = api.stream('WatchRuns', { runIds: open }, {
        onMessage,
        onError(e) {
          if (closed || e.code === 'UNAUTHENTICATED') return;
          ctx.showError(e);
          if (e.code !== 'PERMISSION_DENIED' && e.code !== 'INVALID_ARGUMENT' && e.code !== 'NOT_FOUND') watch(open, Math.min(30000, Math.max(2000, delay * 2)));
        },
        // The controller ends the stream once every run finished; anything else is a lost
        // connection: watch again (replayed events are skipped by sequence).
        onEnd: () => watch(open, 1000),
      });
      watches.push(handle);
    }, delay);
    timers.add(timer);
  }

  async function cancel(runId) {
    const run = runs.get(runId);
    try {
      const res = await api.call('CancelRun', { runId, reason: `cancelled in the web console by ${ctx.session.user}` });
      if (res.run) run.setSummary(res.run);
    } catch (e) {
      ctx.showError(e);
    }
    touch(runId);
  }

  async function cancelEverything() {
    cancelAll.disabled = true;
    const queue = [...runs.values()].filter((r) => !r.finished).map((r) => r.runId);
    const worker = async () => {
      while (queue.length && !closed) await cancel(queue.shift());
    };
    await Promise.all(Array.from({ length: CANCEL_PARALLEL }, worker));
  }

  for (let i = 0; i < runIds.length; i += MAX_RUNS_PER_WATCH) watch(runIds.slice(i, i + MAX_RUNS_PER_WATCH), 0);
  flush();

  return () => {
    closed = true;
    if (frame) cancelAnimationFrame(frame);
    timers.forEach(clearTimeout);
    watches.forEach((w) => w.close());
  };
}
