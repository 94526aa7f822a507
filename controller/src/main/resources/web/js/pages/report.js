// Report: GetReport → the run's facts and, per task, the findings a technician reads; the raw
// JSON one click away (and as a download); a link to the customer report.
//
// data-testids: report-summary (data-run-id, data-status), report-status, report-task
// (data-task-type, data-status), report-drive, report-chart, report-raw (the <details>),
// report-raw-json (its <pre>), report-download, report-customer-link, report-live-link,
// report-pending, toast-error.
import { call } from '../api.js';
import { h, clear, fmtTime, fmtDuration } from '../dom.js';
import { metaOf, statusWord } from './report-model.js';
import { renderTask } from './report-renderers.js';
import { badge, facts, kids } from './report-widgets.js';
import { ensureStyles, enumText, errorBox, routeId, runStatusText } from './page-common.js';

/** The raw report as pretty JSON text in a <details>, plus a download of the same text. */
function rawJson(runId, body) {
  const text = JSON.stringify(body, null, 2);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const download = h(
    'a',
    { href: url, download: `run-${runId}.json`, 'data-testid': 'report-download', class: 'btn btn-secondary' },
    'Download JSON'
  );
  const el = h(
    'details',
    { class: 'raw', 'data-testid': 'report-raw' },
    h('summary', {}, 'Raw JSON'),
    h('pre', { class: 'output', 'data-testid': 'report-raw-json', tabindex: '0' }, text)
  );
  return { el, download, revoke: () => URL.revokeObjectURL(url) };
}

function header(run, report) {
  const meta = metaOf(report);
  const status = (report && report.status) || run.status;
  return h(
    'section',
    { class: 'run-summary', 'data-testid': 'report-summary', 'data-run-id': run.runId, 'data-status': status || '' },
    h('h1', {}, `Report: ${run.hostname || meta.hostname || run.agentId || ''}`),
    h(
      'p',
      { 'data-testid': 'report-status' },
      status ? badge(status, runStatusText(status)) : `Run ${enumText(run.state) || 'state unknown'}`
    ),
    facts([
      ['Run', run.runId],
      ['Agent', run.agentId],
      ['Customer', meta.customer_name],
      ['Technician', meta.technician_name],
      ['Operating system', [meta.os_name, meta.os_version].filter(Boolean).join(' ')],
      ['Agent version', meta.agent_version],
      ['Dispatched', run.dispatchedAt && fmtTime(run.dispatchedAt)],
      ['By', run.dispatchedBy],
      ['Started', report && report.runTimestamp && fmtTime(report.runTimestamp)],
      ['Finished', run.finishedAt && fmtTime(run.finishedAt)],
      ['Duration', report && report.totalDurationSeconds !== undefined ? fmtDuration(report.totalDurationSeconds) : null],
      ['Tasks', `${run.completedTasks || 0} of ${run.totalTasks || 0} finished`],
    ]),
    run.agentId
      ? h('p', { class: 'no-print' },
        h('a', { href: `#/pc/${encodeURIComponent(run.agentId)}`, 'data-testid': 'report-pc-history' }, 'This PC\'s history'))
      : null
  );
}

/** Counts per status, e.g. "5 OK, 1 warning, 1 skipped". */
function tally(tasks) {
  const n = {};
  for (const t of tasks) n[statusWord(t.status)] = (n[statusWord(t.status)] || 0) + 1;
  return Object.entries(n)
    .map(([k, v]) => `${v} ${k === 'success' ? 'OK' : k}`)
    .join(', ');
}

export function render(root, params, ctx) {
  ensureStyles();
  const runId = routeId(params);
  const errors = errorBox(ctx);
  let raw = null;
  let alive = true;
  clear(root);
  root.append(h('h1', {}, 'Report'), errors.el, h('p', { class: 'muted' }, 'Loading…'));

  call('GetReport', { runId })
    .then((resp) => {
      if (!alive) return;
      const run = resp.run || { runId };
      const report = resp.report;
      clear(root);
      root.append(header(run, report), errors.el);
      if (!report) {
        root.append(
          h(
            'p',
            { 'data-testid': 'report-pending' },
            'This run has not finished yet, so it has no report. ',
            h('a', { href: `#/live/${encodeURIComponent(runId)}`, 'data-testid': 'report-live-link' }, 'Watch it live')
          )
        );
        return;
      }
      raw = rawJson(runId, resp);
      const tasks = report.tasks || [];
      root.append(
        h(
          'nav',
          { class: 'actions', 'aria-label': 'Report actions' },
          h('a', { href: `#/customer/${encodeURIComponent(runId)}`, 'data-testid': 'report-customer-link', class: 'btn btn-secondary' }, 'Customer report'),
          raw.download
        ),
        ...kids(report.error ? h('p', { class: 'reason', role: 'note' }, `The run failed: ${report.error}`) : null),
        h('h2', {}, `Tasks (${tally(tasks) || 'none'})`),
        ...tasks.map((t, i) => renderTask(t, i)),
        raw.el
      );
    })
    .catch((e) => {
      if (!alive) return;
      errors.show(e);
    });

  return () => {
    alive = false;
    if (raw) raw.revoke();
  };
}
