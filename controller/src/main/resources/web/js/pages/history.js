// History: ListRuns filtered by agent, status, state, since and limit, newest first.
//
// data-testids: history-filter-agent, history-filter-status, history-filter-state,
// history-filter-since, history-filter-limit, history-apply, history-table,
// history-row (data-run-id, data-state, data-status), history-open (link in a row),
// history-empty, toast-error.
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import {
  ensureStyles,
  enumText,
  errorBox,
  field,
  isoFromLocal,
  RUN_STATES,
  RUN_STATUSES,
  runStatusText,
} from './page-common.js';
import { badge } from './report-widgets.js';

function select(testid, options, value) {
  const sel = h(
    'select',
    { 'data-testid': testid },
    h('option', { value: '' }, 'Any'),
    ...options.map(([v, text]) => h('option', { value: v }, text))
  );
  sel.value = value || '';
  return sel;
}

/** Where a run opens: the live page while it still runs, its report once finished. */
export function runHref(run) {
  const live = run.state && run.state !== 'RUN_STATE_FINISHED';
  return live ? `#/live/${encodeURIComponent(run.runId)}` : `#/report/${encodeURIComponent(run.runId)}`;
}

function row(run) {
  const state = run.state || 'RUN_STATE_UNSPECIFIED';
  const progress = `${run.completedTasks || 0} / ${run.totalTasks || 0}`;
  return h(
    'tr',
    { 'data-testid': 'history-row', 'data-run-id': run.runId, 'data-state': state, 'data-status': run.status || '' },
    h('td', {}, fmtTime(run.dispatchedAt)),
    h('td', {}, h('a', { href: runHref(run), 'data-testid': 'history-open' }, run.hostname || run.agentId || '?')),
    h('td', {}, enumText(state)),
    h('td', {}, run.status ? badge(run.status, runStatusText(run.status)) : '–'),
    h('td', {}, progress),
    h('td', {}, run.dispatchedBy || ''),
    h('td', {}, run.origin || ''),
    h('td', {}, run.finishedAt ? fmtTime(run.finishedAt) : '')
  );
}

export function render(root, params, ctx) {
  ensureStyles();
  const f = (ctx.state.historyFilter = ctx.state.historyFilter || { limit: 100 });
  const errors = errorBox(ctx);
  const agent = h('select', { 'data-testid': 'history-filter-agent' }, h('option', { value: '' }, 'All agents'));
  const since = h('input', { type: 'datetime-local', 'data-testid': 'history-filter-since' });
  since.value = f.since || '';
  const limit = h('input', { type: 'number', min: '1', max: '1000', 'data-testid': 'history-filter-limit' });
  limit.value = String(f.limit || 100);
  const state = select('history-filter-state', RUN_STATES.map((s) => [s, enumText(s)]), f.state);
  const status = select('history-filter-status', RUN_STATUSES.map((s) => [s, runStatusText(s)]), f.status);
  const tbody = h('tbody', {});
  const summary = h('p', { class: 'muted', 'aria-live': 'polite' });
  let seq = 0;

  async function load() {
    const mine = ++seq;
    errors.hide();
    Object.assign(f, { agentId: agent.value, state: state.value, status: status.value, since: since.value, limit: Number(limit.value) || 100 });
    const req = { limit: f.limit };
    if (f.agentId) req.agentId = f.agentId;
    if (f.state) req.state = f.state;
    if (f.status) req.status = f.status;
    const iso = isoFromLocal(f.since);
    if (iso) req.since = iso;
    try {
      const resp = await call('ListRuns', req);
      if (mine !== seq) return;
      const runs = resp.runs || [];
      clear(tbody);
      tbody.append(...runs.map(row));
      summary.textContent = runs.length ? `${runs.length} ${runs.length === 1 ? 'run' : 'runs'}, newest first` : '';
      empty.hidden = runs.length > 0;
    } catch (e) {
      errors.show(e);
    }
  }

  const empty = h('p', { 'data-testid': 'history-empty', hidden: '' }, 'No runs match these filters.');
  const form = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Filter runs', 'on:submit': (e) => (e.preventDefault(), load()) },
    field('hf-agent', 'Agent', agent),
    field('hf-status', 'Outcome', status),
    field('hf-state', 'State', state),
    field('hf-since', 'Dispatched since', since),
    field('hf-limit', 'At most', limit),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'history-apply' }, 'Apply')
  );
  clear(root);
  root.append(
    h('h1', {}, 'History'),
    errors.el,
    form,
    summary,
    h(
      'table',
      { class: 'data runs', 'data-testid': 'history-table' },
      h('caption', { class: 'visually-hidden' }, 'Runs, newest first'),
      h('thead', {}, h('tr', {}, ...['Dispatched', 'Machine', 'State', 'Outcome', 'Tasks', 'By', 'Origin', 'Finished'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody
    ),
    empty
  );

  // Agents for the filter: hostnames, with the id behind each; the list is optional.
  call('ListAgents', { omitTaskTypes: true })
    .then((resp) => {
      for (const a of resp.agents || []) {
        const name = (a.machine && a.machine.hostname) || a.agentId;
        agent.append(h('option', { value: a.agentId }, `${name} (${a.agentId})`));
      }
      agent.value = f.agentId || '';
    })
    .catch(() => {});
  load();
  return () => {
    seq++; // a response after leaving the page is dropped
  };
}
