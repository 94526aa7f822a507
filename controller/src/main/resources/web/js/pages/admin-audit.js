// Admin › Audit log: ListAudit filtered by actor, action and since, newest first. The address
// column says where a call came from ("web …" for the web console).
//
// data-testids: admin-audit-actor, admin-audit-action, admin-audit-since, admin-audit-limit,
// admin-audit-apply, admin-audit-table, admin-audit-row (data-action, data-actor).
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { field, isoFromLocal } from './page-common.js';

const ACTIONS = ['dispatch', 'cancel', 'user_add', 'user_revoke', 'login_failure', 'denied'];

export function auditSection(errors) {
  const actor = h('input', { type: 'text', autocomplete: 'off', 'data-testid': 'admin-audit-actor' });
  const action = h('input', { type: 'text', list: 'audit-actions', autocomplete: 'off', 'data-testid': 'admin-audit-action' });
  const actions = h('datalist', { id: 'audit-actions' }, ...ACTIONS.map((a) => h('option', { value: a })));
  const since = h('input', { type: 'datetime-local', 'data-testid': 'admin-audit-since' });
  const limit = h('input', { type: 'number', min: '1', max: '1000', 'data-testid': 'admin-audit-limit' });
  limit.value = '100';
  const tbody = h('tbody', {});
  let seq = 0;

  async function load() {
    const mine = ++seq;
    errors.hide();
    const req = { limit: Number(limit.value) || 100 };
    if (actor.value.trim()) req.actor = actor.value.trim();
    if (action.value.trim()) req.action = action.value.trim();
    const iso = isoFromLocal(since.value);
    if (iso) req.since = iso;
    try {
      const entries = (await call('ListAudit', req)).entries || [];
      if (mine !== seq) return;
      clear(tbody);
      for (const e of entries) {
        tbody.append(
          h(
            'tr',
            { 'data-testid': 'admin-audit-row', 'data-action': e.action || '', 'data-actor': e.actor || '' },
            h('td', {}, e.at ? fmtTime(e.at) : ''),
            h('td', {}, e.actor || ''),
            h('td', {}, e.action || ''),
            h('td', { class: 'wrap' }, e.target || ''),
            h('td', { class: 'wrap' }, e.detail || ''),
            h('td', {}, e.remoteAddr || '')
          )
        );
      }
    } catch (err) {
      errors.show(err);
    }
  }

  const form = h(
    'form',
    { class: 'toolbar', 'aria-label': 'Filter the audit log', 'on:submit': (e) => (e.preventDefault(), load()) },
    field('audit-actor', 'Actor', actor),
    field('audit-action', 'Action', action),
    actions,
    field('audit-since', 'Since', since),
    field('audit-limit', 'At most', limit),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'admin-audit-apply' }, 'Apply')
  );
  load();
  return h(
    'section',
    { class: 'admin-section', 'aria-labelledby': 'admin-audit-h' },
    h('h2', { id: 'admin-audit-h' }, 'Audit log'),
    form,
    h(
      'div',
      { class: 'scroll-x' },
      h(
        'table',
        { class: 'data', 'data-testid': 'admin-audit-table' },
        h('caption', { class: 'visually-hidden' }, 'Audit entries, newest first'),
        h('thead', {}, h('tr', {}, ...['When', 'Actor', 'Action', 'Target', 'Detail', 'From'].map((c) => h('th', { scope: 'col' }, c)))),
        tbody
      )
    )
  );
}
