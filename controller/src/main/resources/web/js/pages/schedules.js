// Schedules: the controller's recurring dispatches and the maintenance windows they wait for.
// Lists schedules (next occurrence, enabled/paused) with pause/resume, run now and delete; a
// schedule's occurrences per PC (dispatched with its run, waiting and why, missed and why); a
// create form whose plan is pasted or imported (the New run page's "Save plan" file); windows per
// label. Changes need role technician: the controller refuses a viewer's, as it does the CLI's.
//
// data-testids: sched-table, sched-row (data-name, data-enabled), sched-pause, sched-resume,
// sched-run-now, sched-delete, sched-occurrences, occ-table, occ-row (data-state, data-agent),
// sched-form, sched-name, sched-plan, sched-plan-file, sched-target-kind, sched-target,
// sched-cron, sched-tz, sched-every, sched-catch-up, sched-jitter, sched-paused, sched-create,
// win-table, win-row (data-label), win-form, win-label, win-days, win-from, win-to, win-tz,
// win-set, win-delete.
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { normalisePlan, toWirePlan } from '../plan-io.js';
import { errorBox, field, confirmButton, enumText, ensureStyles } from './page-common.js';

const STATE_TEXT = {
  DELIVERY_STATE_WAITING: 'waiting',
  DELIVERY_STATE_DISPATCHED: 'dispatched',
  DELIVERY_STATE_MISSED: 'missed',
};

/** "2h", "10m", "0" from seconds (uint64 arrives as a string). */
function dur(seconds) {
  const s = Number(seconds || 0);
  if (!s) return '0';
  if (s % 86400 === 0) return `${s / 86400}d`;
  if (s % 3600 === 0) return `${s / 3600}h`;
  if (s % 60 === 0) return `${s / 60}m`;
  return `${s}s`;
}

/** Seconds from "6h", "10m", "90s", "2d", "0"; throws naming the field. */
function seconds(name, text) {
  const m = /^\s*(\d+)\s*([smhd]?)\s*$/.exec(text || '');
  if (!m) throw new Error(`${name}: expected a duration such as 10m, 6h or 2d`);
  return Number(m[1]) * { '': 1, s: 1, m: 60, h: 3600, d: 86400 }[m[2]];
}

function labelsOf(text, name) {
  const out = {};
  for (const part of (text || '').split(',').map((p) => p.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`${name}: expected key=value, got "${part}"`);
    out[part.slice(0, i)] = part.slice(i + 1);
  }
  return out;
}

function targetText(s) {
  if (s.all) return 'all agents';
  if ((s.agentIds || []).length) return `agents ${s.agentIds.join(', ')}`;
  return `labels ${Object.entries(s.labels || {}).map(([k, v]) => `${k}=${v}`).join(', ')}`;
}

export function render(root, params, ctx) {
  ensureStyles();
  const errors = errorBox(ctx);
  const schedBody = h('tbody', {});
  const occBody = h('tbody', {});
  const occTitle = h('h2', { id: 'sched-occ-h' }, 'Occurrences');
  const winBody = h('tbody', {});
  let shown = '';

  async function guarded(work) {
    errors.hide();
    try {
      await work();
    } catch (err) {
      errors.show(err);
    }
  }

  async function loadSchedules() {
    const { schedules = [] } = await call('ListSchedules', {});
    clear(schedBody);
    for (const s of schedules) {
      const name = s.name;
      schedBody.append(
        h('tr', { 'data-testid': 'sched-row', 'data-name': name, 'data-enabled': String(!!s.enabled) },
          h('td', {}, name),
          h('td', {}, s.enabled ? 'enabled' : 'paused'),
          h('td', {}, s.cron ? `cron "${s.cron}" ${s.timeZone || 'UTC'}` : `every ${s.every}`),
          h('td', { class: 'wrap' }, targetText(s)),
          h('td', {}, s.enabled ? fmtTime(s.nextOccurrence) : '—'),
          h('td', {}, `${dur(s.catchUpSeconds)} / ${dur(s.jitterSeconds)}`),
          h('td', {},
            h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'sched-occurrences',
              'on:click': () => guarded(() => loadOccurrences(name)) }, 'Occurrences'),
            s.enabled
              ? h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'sched-pause',
                  'on:click': () => guarded(() => setEnabled(name, false)) }, 'Pause')
              : h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'sched-resume',
                  'on:click': () => guarded(() => setEnabled(name, true)) }, 'Resume'),
            h('button', { type: 'button', class: 'btn', 'data-testid': 'sched-run-now',
              'on:click': () => guarded(async () => {
                await call('RunScheduleNow', { name });
                await loadOccurrences(name);
              }) }, 'Run now'),
            confirmButton('Delete', 'Really delete?', 'sched-delete', () => guarded(async () => {
              await call('DeleteSchedule', { name });
              if (shown === name) clear(occBody);
              await loadSchedules();
            })))));
    }
  }

  async function setEnabled(name, enabled) {
    await call('SetScheduleEnabled', { name, enabled });
    await loadSchedules();
  }

  async function loadOccurrences(name) {
    shown = name;
    const { deliveries = [], empty = [] } = await call('ListScheduleOccurrences', { name, limit: 200 });
    occTitle.textContent = `Occurrences of ${name}`;
    clear(occBody);
    for (const d of deliveries) {
      const state = STATE_TEXT[d.state] || enumText(d.state);
      occBody.append(
        h('tr', { 'data-testid': 'occ-row', 'data-state': state, 'data-agent': d.agentId || '' },
          h('td', {}, fmtTime(d.occurrence) + (d.kind === 'run_now' ? ' (run now)' : '')),
          h('td', {}, d.hostname || d.agentId || ''),
          h('td', {}, state),
          h('td', {}, d.runId ? h('a', { href: `#/report/${encodeURIComponent(d.runId)}` }, d.runId) : '—'),
          h('td', { class: 'wrap' }, d.reason || '')));
    }
    for (const e of empty) {
      occBody.append(h('tr', { 'data-testid': 'occ-row', 'data-state': 'empty' },
        h('td', {}, fmtTime(e.occurrence)), h('td', {}, '—'), h('td', {}, 'no PC'), h('td', {}, '—'),
        h('td', { class: 'wrap' }, e.note || '')));
    }
  }

  // ---- create
  const name = h('input', { type: 'text', required: true, maxlength: '64', 'data-testid': 'sched-name' });
  const plan = h('textarea', { rows: '6', spellcheck: 'false', 'data-testid': 'sched-plan' });
  const planFile = h('input', { type: 'file', accept: '.json,application/json', 'data-testid': 'sched-plan-file',
    'on:change': async () => {
      const f = planFile.files && planFile.files[0];
      if (f) plan.value = await f.text();
    } });
  const kind = h('select', { 'data-testid': 'sched-target-kind' },
    h('option', { value: 'labels' }, 'Agents carrying labels'),
    h('option', { value: 'agents' }, 'Agent ids'),
    h('option', { value: 'all' }, 'All agents'));
  const target = h('input', { type: 'text', placeholder: 'site=front-desk', 'data-testid': 'sched-target' });
  const cron = h('input', { type: 'text', placeholder: '0 19 * * 1-5', 'data-testid': 'sched-cron' });
  const tz = h('input', { type: 'text', placeholder: 'UTC', 'data-testid': 'sched-tz' });
  const every = h('input', { type: 'text', placeholder: '6h or 2d', 'data-testid': 'sched-every' });
  const catchUp = h('input', { type: 'text', value: '6h', 'data-testid': 'sched-catch-up' });
  const jitter = h('input', { type: 'text', value: '10m', 'data-testid': 'sched-jitter' });
  const paused = h('input', { type: 'checkbox', 'data-testid': 'sched-paused' });

  async function create(e) {
    e.preventDefault();
    await guarded(async () => {
      let parsed;
      try {
        parsed = normalisePlan(JSON.parse(plan.value || 'null'));
      } catch (err) {
        // normalisePlan's own problems name their field already ("plan: ...", "tasks[0]: ...").
        const text = err.problems ? err.problems.join('; ') : err.message;
        throw new Error(text.startsWith('plan:') ? text : `plan: ${text}`);
      }
      const schedule = {
        name: name.value.trim(),
        plan: toWirePlan(parsed),
        cron: cron.value.trim(),
        timeZone: tz.value.trim(),
        every: every.value.trim(),
        catchUpSeconds: seconds('catch-up', catchUp.value),
        jitterSeconds: seconds('jitter', jitter.value),
      };
      if (kind.value === 'all') schedule.all = true;
      else if (kind.value === 'agents') schedule.agentIds = target.value.split(',').map((s) => s.trim()).filter(Boolean);
      else schedule.labels = labelsOf(target.value, 'labels');
      await call('CreateSchedule', { schedule, paused: paused.checked });
      name.value = '';
      await loadSchedules();
    });
  }

  // ---- windows
  const winLabel = h('input', { type: 'text', placeholder: 'site=front-desk', 'data-testid': 'win-label' });
  const winDays = h('input', { type: 'text', value: 'mon-fri', 'data-testid': 'win-days' });
  const winFrom = h('input', { type: 'time', value: '19:00', 'data-testid': 'win-from' });
  const winTo = h('input', { type: 'time', value: '07:00', 'data-testid': 'win-to' });
  const winTz = h('input', { type: 'text', placeholder: 'UTC', 'data-testid': 'win-tz' });

  async function loadWindows() {
    const { windows = [] } = await call('ListMaintenanceWindows', {});
    clear(winBody);
    for (const w of windows) {
      const label = `${w.labelKey}=${w.labelValue}`;
      winBody.append(
        h('tr', { 'data-testid': 'win-row', 'data-label': label },
          h('td', {}, label),
          h('td', {}, (w.days || []).join(',')),
          h('td', {}, `${w.from}–${w.to}`),
          h('td', {}, w.timeZone || 'UTC'),
          h('td', {}, confirmButton('Delete', 'Really delete?', 'win-delete', () => guarded(async () => {
            await call('DeleteMaintenanceWindow', { labelKey: w.labelKey, labelValue: w.labelValue });
            await loadWindows();
          })))));
    }
  }

  async function setWindow(e) {
    e.preventDefault();
    await guarded(async () => {
      const [[labelKey, labelValue] = []] = Object.entries(labelsOf(winLabel.value, 'label'));
      if (!labelKey) throw new Error('label: expected key=value');
      await call('SetMaintenanceWindow', {
        window: { labelKey, labelValue, days: [winDays.value.trim()], from: winFrom.value, to: winTo.value, timeZone: winTz.value.trim() },
      });
      await loadWindows();
    });
  }

  const table = (testid, caption, cols, body) =>
    h('div', { class: 'scroll-x' },
      h('table', { class: 'data', 'data-testid': testid },
        h('caption', { class: 'visually-hidden' }, caption),
        h('thead', {}, h('tr', {}, ...cols.map((c) => h('th', { scope: 'col' }, c)))),
        body));

  clear(root);
  root.append(
    h('h1', {}, 'Schedules'),
    errors.el,
    table('sched-table', 'Schedules by name',
      ['Name', 'State', 'Recurrence', 'Target', 'Next', 'Catch-up / jitter', 'Actions'], schedBody),
    occTitle,
    table('occ-table', 'Occurrences per PC, newest first', ['Occurrence', 'PC', 'State', 'Run', 'Why'], occBody),
    h('h2', {}, 'New schedule'),
    h('form', { class: 'stack', 'aria-label': 'New schedule', 'data-testid': 'sched-form', 'on:submit': create },
      field('sched-name', 'Name', name),
      field('sched-plan', 'Plan (JSON, as saved from New run)', plan),
      field('sched-plan-file', 'Or import a plan file', planFile),
      field('sched-target-kind', 'Target', kind),
      field('sched-target', 'Labels (k=v,k=v) or agent ids (a,b)', target),
      field('sched-cron', 'Cron (5 fields)', cron),
      field('sched-tz', 'Time zone', tz),
      field('sched-every', 'Or every', every),
      field('sched-catch-up', 'Catch-up limit', catchUp),
      field('sched-jitter', 'Jitter', jitter),
      field('sched-paused', 'Create paused', paused),
      h('button', { type: 'submit', class: 'btn', 'data-testid': 'sched-create' }, 'Create')),
    h('h2', {}, 'Maintenance windows'),
    table('win-table', 'Maintenance windows by label', ['Label', 'Days', 'Open', 'Time zone', ''], winBody),
    h('form', { class: 'toolbar', 'aria-label': 'Set a maintenance window', 'data-testid': 'win-form', 'on:submit': setWindow },
      field('win-label', 'Label', winLabel),
      field('win-days', 'Days', winDays),
      field('win-from', 'From', winFrom),
      field('win-to', 'To', winTo),
      field('win-tz', 'Time zone', winTz),
      h('button', { type: 'submit', class: 'btn', 'data-testid': 'win-set' }, 'Set window')));
  guarded(async () => {
    await loadSchedules();
    await loadWindows();
  });
}
