// Alerts: ListAlerts filtered by state and PC, newest first; technicians and admins acknowledge
// an open alert (AcknowledgeAlert, with the note typed above the table). Viewers only list.
//
// data-testids: alerts-filter-state, alerts-filter-agent, alerts-note, alerts-apply,
// alerts-table, alerts-row (data-alert-id, data-state, data-rule), alerts-ack (a row's button),
// alerts-open-count, alerts-empty, toast-error.
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { ensureStyles, errorBox, field } from './page-common.js';

const STATES = [
  ['', 'Open and acknowledged'],
  ['ALERT_STATE_OPEN', 'Open'],
  ['ALERT_STATE_ACKED', 'Acknowledged'],
  ['ALERT_STATE_RESOLVED', 'Resolved'],
  ['all', 'All'],
];

const STATE_TEXT = {
  ALERT_STATE_OPEN: 'open',
  ALERT_STATE_ACKED: 'acknowledged',
  ALERT_STATE_RESOLVED: 'resolved',
};

export function render(root, params, ctx) {
  ensureStyles();
  const errors = errorBox(ctx);
  const state = h('select', { 'data-testid': 'alerts-filter-state' },
    ...STATES.map(([v, text]) => h('option', { value: v }, text)));
  state.value = params.query.state || '';
  const agent = h('input', { type: 'text', autocomplete: 'off', 'data-testid': 'alerts-filter-agent' });
  agent.value = params.query.agent || '';
  const note = h('input', { type: 'text', maxlength: '500', autocomplete: 'off', 'data-testid': 'alerts-note' });
  const count = h('p', { class: 'muted', 'data-testid': 'alerts-open-count' }, '');
  const tbody = h('tbody', {});
  const empty = h('p', { class: 'muted', hidden: true, 'data-testid': 'alerts-empty' }, 'No alerts match.');
  const mayAck = ctx.can('technician');
  let seq = 0;

  async function acknowledge(alert, button) {
    button.disabled = true;
    errors.hide();
    try {
      await call('AcknowledgeAlert', { id: alert.id, note: note.value.trim() });
      await load();
    } catch (err) {
      button.disabled = false;
      errors.show(err);
    }
  }

  function row(a) {
    const s = a.state || 'ALERT_STATE_UNSPECIFIED';
    const acked = a.ackedBy ? `by ${a.ackedBy}${a.ackNote ? ` (${a.ackNote})` : ''}` : '';
    const action =
      mayAck && s === 'ALERT_STATE_OPEN'
        ? h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'alerts-ack',
            'on:click': (e) => acknowledge(a, e.currentTarget) }, 'Acknowledge')
        : acked;
    return h(
      'tr',
      { 'data-testid': 'alerts-row', 'data-alert-id': String(a.id || ''), 'data-state': s, 'data-rule': a.rule || '' },
      h('td', {}, a.raisedAt ? fmtTime(a.raisedAt) : ''),
      h('td', {}, STATE_TEXT[s] || s),
      h('td', {}, a.severity || ''),
      h('td', {}, a.hostname || a.agentId || ''),
      h('td', {}, a.rule || ''),
      h('td', { class: 'wrap' }, a.subject || '–'),
      h('td', { class: 'wrap' }, a.message || ''),
      h('td', {}, action)
    );
  }

  async function load() {
    const mine = ++seq;
    errors.hide();
    const req = { limit: 200 };
    if (state.value === 'all') req.states = ['ALERT_STATE_OPEN', 'ALERT_STATE_ACKED', 'ALERT_STATE_RESOLVED'];
    else if (state.value) req.states = [state.value];
    if (agent.value.trim()) req.agentId = agent.value.trim();
    try {
      const res = await call('ListAlerts', req);
      if (mine !== seq) return;
      const alerts = res.alerts || [];
      clear(tbody);
      for (const a of alerts) tbody.append(row(a));
      empty.hidden = alerts.length > 0;
      count.textContent = `${res.openCount || 0} open on the fleet`;
    } catch (err) {
      errors.show(err);
    }
  }

  const form = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Filter alerts', 'on:submit': (e) => (e.preventDefault(), load()) },
    field('alerts-state', 'State', state),
    field('alerts-agent', 'Agent id', agent),
    mayAck ? field('alerts-note', 'Note when acknowledging', note) : null,
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'alerts-apply' }, 'Apply')
  );
  root.append(
    h('h1', null, 'Alerts'),
    errors.el,
    form,
    count,
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { class: 'data', 'data-testid': 'alerts-table' },
        h('caption', { class: 'visually-hidden' }, 'Alerts, newest first'),
        h('thead', {}, h('tr', {}, ...['Raised', 'State', 'Severity', 'PC', 'Rule', 'About', 'What', ''].map((c) => h('th', { scope: 'col' }, c)))),
        tbody
      )
    ),
    empty
  );
  load();
}
