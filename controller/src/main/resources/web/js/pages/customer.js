// Customer report: one printable page per run — the shop (name, logo, contact), the customer and
// technician from the plan's metadata, date, machine, one plain line per task, recommendations,
// and a Print button. Print rules live in css/print.css.
//
// data-testids: customer-report (data-run-id), customer-shop-name, customer-shop-contact,
// customer-logo, customer-name, customer-technician, customer-date, customer-machine,
// customer-line (data-task-type, data-tone; its words in customer-line-text),
// customer-recommendation, customer-no-action, customer-print, customer-back, customer-pending,
// toast-error.
import { call, shop } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { customerLine, recommendations } from './customer-model.js';
import { metaOf } from './report-model.js';
import { errorBox, routeId, ensureStyles } from './page-common.js';
import { facts, kids } from './report-widgets.js';

const MARK = { good: '✓', warn: '!', bad: '✗', info: '•' };
const MARK_TEXT = { good: 'OK', warn: 'Attention', bad: 'Problem', info: 'Note' };

function shopHeader(info) {
  return h(
    'header',
    { class: 'shop' },
    ...kids(
      info.logo ? h('img', { src: '/api/shop/logo', alt: `${info.name || 'Shop'} logo`, class: 'shop-logo', 'data-testid': 'customer-logo' }) : null,
      h(
        'div',
        {},
        h('p', { class: 'shop-name', 'data-testid': 'customer-shop-name' }, info.name || ''),
        h('p', { class: 'shop-contact', 'data-testid': 'customer-shop-contact' }, info.contact || '')
      )
    )
  );
}

function taskLines(tasks) {
  const items = [];
  for (const t of tasks) {
    const l = customerLine(t);
    if (!l) continue;
    items.push(
      h(
        'li',
        { class: `line tone-${l.tone}`, 'data-testid': 'customer-line', 'data-task-type': t.taskType || '', 'data-tone': l.tone },
        h('span', { class: 'mark', 'aria-hidden': 'true' }, MARK[l.tone]),
        h('span', { class: 'visually-hidden' }, `${MARK_TEXT[l.tone]}: `),
        h('span', { 'data-testid': 'customer-line-text' }, l.text)
      )
    );
  }
  return items.length ? h('ul', { class: 'lines' }, ...items) : h('p', {}, 'No checks were run.');
}

function advice(tasks) {
  const recs = recommendations(tasks);
  if (!recs.length) {
    return h('p', { 'data-testid': 'customer-no-action' }, 'No action needed: everything we checked is in order.');
  }
  return h('ol', { class: 'recs' }, ...recs.map((r) => h('li', { 'data-testid': 'customer-recommendation' }, r)));
}

export function render(root, params, ctx) {
  ensureStyles();
  const runId = routeId(params);
  const errors = errorBox(ctx);
  let alive = true;
  clear(root);
  root.append(errors.el, h('p', { class: 'muted no-print' }, 'Loading…'));

  Promise.all([call('GetReport', { runId }), shop().catch(() => ({}))])
    .then(([resp, info]) => {
      if (!alive) return;
      const run = resp.run || { runId };
      const report = resp.report;
      clear(root);
      const tools = h(
        'nav',
        { class: 'actions no-print', 'aria-label': 'Customer report actions' },
        h('button', { type: 'button', class: 'btn', 'data-testid': 'customer-print', 'on:click': () => window.print() }, 'Print'),
        h('a', { href: `#/report/${encodeURIComponent(runId)}`, 'data-testid': 'customer-back', class: 'btn btn-secondary' }, 'Technician report')
      );
      if (!report) {
        root.append(tools, errors.el, h('p', { 'data-testid': 'customer-pending' }, 'This run has not finished yet.'));
        return;
      }
      const meta = metaOf(report);
      const when = report.runTimestamp || run.finishedAt || run.dispatchedAt;
      const tasks = report.tasks || [];
      root.append(
        tools,
        errors.el,
        h(
          'article',
          { class: 'customer-report', 'data-testid': 'customer-report', 'data-run-id': runId },
          shopHeader(info || {}),
          h('h1', {}, 'Service report'),
          facts([
            ['Customer', meta.customer_name, 'customer-name'],
            ['Technician', meta.technician_name, 'customer-technician'],
            ['Date', when ? fmtTime(when) : '', 'customer-date'],
            ['Computer', meta.hostname || run.hostname, 'customer-machine'],
            ['System', [meta.os_name, meta.os_version].filter(Boolean).join(' ')],
          ]),
          h('h2', {}, 'What we checked'),
          taskLines(tasks),
          h('h2', {}, 'Recommendations'),
          advice(tasks),
          h('footer', { class: 'muted' }, `Run ${runId}`)
        )
      );
    })
    .catch((e) => alive && errors.show(e));

  return () => {
    alive = false;
  };
}

