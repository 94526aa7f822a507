// The technician's view of one task result: a card with the label, status badge, duration,
// verdict, reason, the type's findings (report-bodies.js) or, for any other type, its
// human_readable keys, the notes and the command the agent ran.
import { h } from '../dom.js';
import { hr, num, reasonOf, round, statusWord, taskLabel } from './report-model.js';
import { customerLine } from './customer-model.js';
import { BODIES } from './report-bodies.js';
import { bullets, badge, facts, kids } from './report-widgets.js';

/** Every human_readable key, for a task type without its own renderer. */
function genericBody(t) {
  const h0 = t.summary && t.summary.human_readable;
  if (h0 && typeof h0 === 'object' && !Array.isArray(h0)) {
    return facts(Object.entries(h0).filter(([k]) => !['verdict', 'reason', 'notes'].includes(k)));
  }
  return typeof h0 === 'string' ? h('pre', { class: 'output' }, h0) : null;
}

/** The tool's command line as the agent ran it (TaskResult.extra.command), for a technician. */
function commandLine(task) {
  const cmd = task.extra && task.extra.command;
  const text = Array.isArray(cmd) ? cmd.join(' ') : typeof cmd === 'string' ? cmd : '';
  return text ? h('p', { class: 'muted mono command' }, `Command: ${text}`) : null;
}

/** One task's card: label, status badge, duration, verdict, reason, findings, notes. */
export function renderTask(task, index) {
  const type = task.taskType || 'unknown';
  const st = statusWord(task.status);
  const verdict = hr(task, 'verdict');
  const reason = reasonOf(task);
  const body = st === 'skipped' ? null : (BODIES[type] || genericBody)(task);
  const notes = hr(task, 'notes');
  const plain = customerLine(task);
  return h(
    'section',
    { class: `rp-card rp-card-${st}`, 'data-testid': 'report-task', 'data-task-type': type, 'data-status': st, 'aria-labelledby': `task-h-${index}` },
    h(
      'header',
      { class: 'rp-card-head' },
      ...kids(
        h('h3', { id: `task-h-${index}` }, `${index + 1}. ${taskLabel(type)}`),
        badge(task.status),
        num(task.durationSeconds) !== undefined ? h('span', { class: 'muted' }, `${round(task.durationSeconds)} s`) : null
      )
    ),
    ...kids(
      typeof verdict === 'string' && verdict ? h('p', { class: 'verdict' }, verdict) : null,
      plain && st !== 'error' ? h('p', { class: 'plain muted' }, plain.text) : null,
      reason && reason !== verdict ? h('p', { class: 'reason' }, reason) : null,
      body,
      Array.isArray(notes) ? bullets(notes) : null,
      commandLine(task)
    )
  );
}
