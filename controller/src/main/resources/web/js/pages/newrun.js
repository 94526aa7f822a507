// New run page: a plan builder. Presets, tasks with their parameters as forms generated from the
// agents' task schemas, reordering by buttons, plan metadata, JSON import/export, a target, and
// Dispatch with the same refusals as the CLI (shown in the toast).
//
// Test ids: new-preset-<id> (diagnostics, general, complete, custom), new-add-type, new-add-task,
// new-task (data-task-type, data-index), new-task-up, new-task-down, new-task-remove,
// new-param-<name> (a parameter's input), new-param-other (a task's other parameters, JSON),
// new-customer, new-technician, new-notes, new-export, new-import, new-import-errors,
// new-target-selection, new-target-label, new-target-all, new-label-selector, new-force,
// new-problems, new-dispatch, new-empty.

import * as api from '../api.js';
import { h, clear, setText } from '../dom.js';
import { parseSelector } from '../fleet-model.js';
import { normalisePlan, planFileText, toWirePlan } from '../plan-io.js';
import { taskParamsForm } from '../plan-form.js';

const META = [
  ['customer_name', 'Customer name', 'new-customer'],
  ['technician_name', 'Technician name', 'new-technician'],
  ['notes', 'Ticket / notes', 'new-notes'],
];

export function render(root, params, ctx) {
  const selection = [...ctx.state.selection];
  let schemas = new Map();
  let tasks = []; // {type, id, form, element}
  let otherMetadata = {};
  let closed = false;

  const presetsBox = h('div', { class: 'presets', role: 'list', 'aria-label': 'Presets' }, h('p', { class: 'muted' }, 'Loading presets…'));
  const taskList = h('ol', { class: 'task-list', 'aria-label': 'Tasks' });
  const empty = h('p', { class: 'muted', 'data-testid': 'new-empty' }, 'No tasks yet: pick a preset or add a task.');
  const addType = h('select', { id: 'new-add-type', 'data-testid': 'new-add-type' });
  // Live regions present from the start, so screen readers announce what is put in them.
  const problemsList = h('div', { class: 'problems', role: 'alert', 'data-testid': 'new-problems' });
  const importErrors = h('div', { class: 'problems', role: 'alert', 'data-testid': 'new-import-errors' });
  const list = (items) => h('ul', null, items.map((text) => h('li', null, text)));
  const metaInputs = Object.fromEntries(META.map(([key, , testid]) => [key,
    key === 'notes'
      ? h('textarea', { id: testid, rows: 2, 'data-testid': testid })
      : h('input', { id: testid, type: 'text', 'data-testid': testid })]));

  const radio = (value, text, testid, disabled) => h('div', { class: 'field field-inline' },
    h('input', { type: 'radio', name: 'target', id: testid, value, 'data-testid': testid, disabled,
      checked: value === (selection.length ? 'selection' : 'label') }),
    h('label', { for: testid }, text));
  const labelSelector = h('input', {
    id: 'new-label-selector', type: 'text', 'data-testid': 'new-label-selector', placeholder: 'site=front-desk',
    'aria-describedby': 'new-label-help',
  });
  const force = h('input', { type: 'checkbox', id: 'new-force', 'data-testid': 'new-force' });
  const dispatchButton = h('button', { type: 'button', class: 'btn', 'data-testid': 'new-dispatch', 'on:click': dispatch }, 'Dispatch');
  const importInput = h('input', { type: 'file', id: 'new-import', accept: '.json,application/json', 'data-testid': 'new-import', 'on:change': importPlan });

  root.append(
    h('h1', null, 'New run'),
    ctx.can('technician') ? '' : h('p', { class: 'notice' },
      `Your role (${ctx.session.role}) may build and export plans; the controller refuses its dispatches.`),
    h('section', { 'aria-labelledby': 'new-presets-h' }, h('h2', { id: 'new-presets-h' }, 'Presets'), presetsBox),
    h('section', { 'aria-labelledby': 'new-tasks-h' },
      h('h2', { id: 'new-tasks-h' }, 'Tasks'),
      h('p', { class: 'help' }, selection.length
        ? `Parameters as the ${selection.length} selected agents accept them.`
        : 'Parameters as the fleet’s agents accept them.'),
      empty, taskList,
      h('div', { class: 'toolbar' },
        h('div', { class: 'field' }, h('label', { for: 'new-add-type' }, 'Task type'), addType),
        h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'new-add-task',
          'on:click': () => { if (addType.value) addTask({ type: addType.value, id: '', params: {} }, true); } }, 'Add task'))),
    h('section', { 'aria-labelledby': 'new-meta-h' },
      h('h2', { id: 'new-meta-h' }, 'Customer and technician'),
      h('div', { class: 'cols' }, META.map(([key, text, testid]) =>
        h('div', { class: 'field' }, h('label', { for: testid }, text), metaInputs[key])))),
    h('section', { 'aria-labelledby': 'new-file-h' },
      h('h2', { id: 'new-file-h' }, 'Plan file'),
      h('div', { class: 'actions' },
        h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'new-export', 'on:click': exportPlan }, 'Export plan JSON'),
        h('div', { class: 'field field-inline' }, h('label', { for: 'new-import' }, 'Import plan JSON'), importInput)),
      importErrors),
    h('section', { 'aria-labelledby': 'new-target-h' },
      h('h2', { id: 'new-target-h' }, 'Target'),
      h('fieldset', { class: 'target' },
        h('legend', null, 'Dispatch to'),
        radio('selection', `The Fleet page’s selection (${selection.length} agents)`, 'new-target-selection', selection.length === 0),
        radio('label', 'Every agent with these labels', 'new-target-label'),
        h('div', { class: 'field' }, h('label', { for: 'new-label-selector' }, 'Label selector (key=value, comma separated)'), labelSelector,
          h('p', { id: 'new-label-help', class: 'help' }, 'An agent must carry all of them.')),
        radio('all', 'All agents', 'new-target-all'),
        h('div', { class: 'field field-inline' }, force,
          h('label', { for: 'new-force' }, 'Dispatch even to agents that do not advertise a task type of the plan')))),
    problemsList,
    h('div', { class: 'actions' }, dispatchButton),
  );

  function addTask(task, focus) {
    const form = taskParamsForm(task, schemas.get(task.type));
    const entry = { type: task.type, id: task.id, form };
    const legend = h('legend');
    const button = (testid, text, action) => h('button', {
      type: 'button', class: 'btn btn-secondary btn-small', 'data-testid': testid,
      'on:click': (e) => action(entry, e.currentTarget),
    }, text);
    const up = button('new-task-up', '↑ Up', (en, b) => move(en, -1, b));
    const down = button('new-task-down', '↓ Down', (en, b) => move(en, 1, b));
    const remove = button('new-task-remove', 'Remove', removeTask);
    entry.refs = { legend, up, down, remove };
    entry.element = h('li', { class: 'task', 'data-testid': 'new-task', 'data-task-type': task.type },
      h('fieldset', null,
        h('div', { class: 'task-head' }, legend, h('div', { class: 'actions' }, up, down, remove)),
        schemas.size && !schemas.has(task.type)
          ? h('p', { class: 'notice' }, `No target agent advertises ${task.type}.`) : null,
        form.element));
    tasks.push(entry);
    taskList.append(entry.element);
    renumber();
    if (focus) remove.focus();
  }

  function renumber() {
    tasks.forEach((t, i) => {
      const name = `Task ${i + 1}: ${t.type}`;
      setText(t.refs.legend, `${i + 1}. ${t.type}`);
      t.element.dataset.index = String(i);
      t.refs.up.disabled = i === 0;
      t.refs.down.disabled = i === tasks.length - 1;
      t.refs.up.setAttribute('aria-label', `Move ${name} up`);
      t.refs.down.setAttribute('aria-label', `Move ${name} down`);
      t.refs.remove.setAttribute('aria-label', `Remove ${name}`);
    });
    empty.hidden = tasks.length > 0;
  }

  function move(entry, delta, button) {
    const i = tasks.indexOf(entry);
    const j = i + delta;
    if (j < 0 || j >= tasks.length) return;
    [tasks[i], tasks[j]] = [tasks[j], tasks[i]];
    taskList.append(...tasks.map((t) => t.element));
    renumber();
    // Keep the keyboard on the task being moved; at an end, on its other move button.
    (button.disabled ? (delta < 0 ? entry.refs.down : entry.refs.up) : button).focus();
  }

  function removeTask(entry) {
    const i = tasks.indexOf(entry);
    tasks.splice(i, 1);
    entry.element.remove();
    renumber();
    const next = tasks[Math.min(i, tasks.length - 1)];
    (next ? next.refs.remove : addType).focus();
  }

  function loadPlan(plan) {
    tasks = [];
    clear(taskList);
    plan.tasks.forEach((t) => addTask(t, false));
    otherMetadata = { ...plan.metadata };
    for (const [key] of META) {
      if (typeof otherMetadata[key] === 'string') metaInputs[key].value = otherMetadata[key];
      delete otherMetadata[key];
    }
    clear(problemsList);
  }

  /** The plan as the form stands, or null after showing what is wrong. */
  function readPlan() {
    clear(problemsList);
    taskList.classList.add('was-checked');
    const problems = [];
    const out = tasks.map((t, i) => {
      const r = t.form.read(`tasks[${i}]`);
      problems.push(...r.problems);
      return { type: t.type, id: t.id, params: r.params };
    });
    if (!out.length) problems.push({ text: 'plan: add at least one task', input: addType });
    if (problems.length) {
      problemsList.append(list(problems.map((p) => p.text)));
      problems[0].input.reportValidity();
      problems[0].input.focus();
      return null;
    }
    const metadata = { ...otherMetadata };
    for (const [key] of META) {
      const v = metaInputs[key].value.trim();
      if (v) metadata[key] = v;
    }
    return { tasks: out, metadata };
  }

  function target() {
    const choice = root.querySelector('input[name="target"]:checked');
    const value = choice ? choice.value : '';
    if (value === 'selection') return { agentIds: { ids: selection } };
    if (value === 'all') return { all: true };
    return { labels: { labels: parseSelector(labelSelector.value) } };
  }

  async function dispatch() {
    const plan = readPlan();
    if (!plan) return;
    let to;
    try {
      to = target();
    } catch (e) {
      labelSelector.setCustomValidity(e.message);
      labelSelector.reportValidity();
      labelSelector.addEventListener('input', () => labelSelector.setCustomValidity(''), { once: true });
      return;
    }
    dispatchButton.disabled = true;
    try {
      const { runs = [] } = await api.call('Dispatch', { plan: toWirePlan(plan), ...to, force: force.checked });
      if (closed) return;
      if (!runs.length) {
        ctx.showError('No agent matched the target: nothing was dispatched.');
        return;
      }
      ctx.state.dispatched = runs;
      ctx.navigate(`#/live/${runs.map((r) => encodeURIComponent(r.runId)).join(',')}`);
    } catch (e) {
      if (!closed) ctx.showError(e);
    } finally {
      dispatchButton.disabled = false;
    }
  }

  function exportPlan() {
    const plan = readPlan();
    if (!plan) return;
    const url = URL.createObjectURL(new Blob([planFileText(plan)], { type: 'application/json' }));
    const a = h('a', { href: url, download: 'plan.json', hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  async function importPlan() {
    clear(importErrors);
    const file = importInput.files[0];
    if (!file) return;
    try {
      let json;
      try {
        json = JSON.parse(await file.text());
      } catch (e) {
        throw Object.assign(new Error(), { problems: [`plan: invalid JSON (${e.message})`] });
      }
      loadPlan(normalisePlan(json));
    } catch (e) {
      importErrors.append(list((e.problems || [e.message]).map((p) => `${file.name}: ${p}`)));
    } finally {
      importInput.value = '';
    }
  }

  function showPresets(presets) {
    clear(presetsBox).append(...presets.map((p) => h('div', { role: 'listitem' },
      h('button', {
        type: 'button', class: 'preset-card', 'data-testid': `new-preset-${p.id}`,
        'on:click': () => {
          try {
            loadPlan(normalisePlan(p.plan || { tasks: [] }));
          } catch (e) {
            ctx.showError(e.message);
          }
        },
      }, h('strong', null, p.title || p.id), h('span', null, p.description || '')))));
  }

  (async () => {
    const [presets, found] = await Promise.allSettled([
      api.presets(),
      api.call('GetTaskSchemas', { agentIds: selection }),
    ]);
    if (closed) return;
    if (found.status === 'fulfilled') {
      schemas = new Map((found.value.schemas || []).map((s) => [s.taskType, s]));
    } else {
      ctx.showError(found.reason);
    }
    addType.replaceChildren(...[...schemas.keys()].sort().map((t) => h('option', { value: t }, t)));
    if (presets.status === 'fulfilled') showPresets(presets.value.presets || []);
    else {
      clear(presetsBox).append(h('p', { class: 'muted' }, 'Presets could not be loaded.'));
      ctx.showError(presets.reason);
    }
    // Tasks built before the schemas arrived have no fields: rebuild them.
    if (tasks.length) {
      const current = tasks.map((t) => ({ type: t.type, id: t.id, params: t.form.read('x').params }));
      loadPlan({ tasks: current, metadata: otherMetadata });
    }
  })();
  renumber();

  return () => {
    closed = true;
  };
}
