// One task's parameters as form fields generated from its TaskSchema, refusing what the agent
// would refuse: kind, range, allowed values, required. Messages name the place as the agent's do
// ("tasks[2].count: must be between 1 and 100") and are set as the inputs' custom validity, so the
// browser's own constraint validation shows them too.

import { h } from './dom.js';

let uid = 0;

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function parseDefault(spec) {
  if (!spec.defaultJson) return undefined;
  try {
    return JSON.parse(spec.defaultJson);
  } catch {
    return undefined;
  }
}

const num = (v) => (v === undefined || v === null ? null : Number(v));

function rangeProblem(spec, value) {
  const min = num(spec.min);
  const max = num(spec.max);
  if (min !== null && max !== null && (value < min || value > max)) return `must be between ${min} and ${max}`;
  if (min !== null && value < min) return `must be at least ${min}`;
  if (max !== null && value > max) return `must be at most ${max}`;
  return null;
}

function choiceProblem(spec, text) {
  const choices = spec.choices || [];
  if (!choices.length || choices.some((c) => c.toLowerCase() === String(text).toLowerCase())) return null;
  return `"${text}" is not one of ${choices.join(', ')}`;
}

/** A field's input and how to read it: read() -> {present, value, problem}. */
function makeInput(spec, id, initial) {
  const kind = spec.kind || 'PARAM_KIND_UNSPECIFIED';
  const choices = spec.choices || [];
  const has = initial !== undefined && initial !== null;
  if (kind === 'PARAM_KIND_BOOLEAN') {
    const input = h('input', { id, type: 'checkbox', checked: has ? initial === true : false });
    return { input, inline: true, read: () => ({ present: true, value: input.checked }) };
  }
  if (kind === 'PARAM_KIND_INTEGER' || kind === 'PARAM_KIND_NUMBER') {
    const integer = kind === 'PARAM_KIND_INTEGER';
    const input = h('input', {
      id, type: 'number', inputmode: integer ? 'numeric' : 'decimal', step: integer ? 1 : 'any',
      min: num(spec.min) ?? null, max: num(spec.max) ?? null, value: has ? String(initial) : '',
    });
    return {
      input,
      read() {
        const text = input.value.trim();
        if (text === '') {
          return input.validity.badInput
            ? { present: true, problem: integer ? 'must be a whole number' : 'must be a number' }
            : { present: false };
        }
        const value = Number(text);
        if (!Number.isFinite(value)) return { present: true, problem: 'must be a number' };
        if (integer && !Number.isInteger(value)) return { present: true, problem: 'must be a whole number' };
        return { present: true, value, problem: rangeProblem(spec, value) };
      },
    };
  }
  if (kind === 'PARAM_KIND_STRING' && choices.length) {
    const current = has ? String(initial) : '';
    const known = choices.some((c) => c === current);
    const input = h('select', { id },
      h('option', { value: '' }, spec.required ? 'Choose…' : '(not set)'),
      choices.map((c) => h('option', { value: c, selected: c === current }, c)),
      current && !known ? h('option', { value: current, selected: true }, current) : null);
    return {
      input,
      read: () => (input.value === '' ? { present: false } : { present: true, value: input.value, problem: choiceProblem(spec, input.value) }),
    };
  }
  if (kind === 'PARAM_KIND_STRING') {
    const input = h('input', { id, type: 'text', value: has ? String(initial) : '' });
    return { input, read: () => (input.value === '' ? { present: false } : { present: true, value: input.value }) };
  }
  if (kind === 'PARAM_KIND_STRING_LIST') {
    const text = Array.isArray(initial) ? initial.join('\n') : has ? String(initial) : '';
    const input = h('textarea', { id, rows: 3, value: text });
    return {
      input,
      wide: true,
      read() {
        const lines = input.value.split('\n').map((s) => s.trim()).filter(Boolean);
        if (!lines.length) return { present: false };
        const bad = lines.map((l) => choiceProblem(spec, l)).find(Boolean);
        return { present: true, value: lines, problem: bad || null };
      },
    };
  }
  // Objects and anything else: JSON text.
  const input = h('textarea', { id, rows: 3, value: has ? JSON.stringify(initial, null, 2) : '' });
  return {
    input,
    wide: true,
    read() {
      const text = input.value.trim();
      if (!text) return { present: false };
      let value;
      try {
        value = JSON.parse(text);
      } catch (e) {
        return { present: true, problem: `must be JSON (${e.message})` };
      }
      if (kind === 'PARAM_KIND_OBJECT' && (value === null || typeof value !== 'object' || Array.isArray(value))) {
        return { present: true, problem: 'must be a JSON object' };
      }
      return { present: true, value };
    },
  };
}

/**
 * The fields of one task. schema may be undefined (no target agent advertises the type): then its
 * parameters are edited as one JSON object. Returns {element, read(place) -> {params, problems}}.
 */
export function taskParamsForm(task, schema) {
  const n = ++uid;
  const specs = (schema && schema.params) || [];
  const named = new Set(specs.map((s) => s.name));
  const fields = specs.map((spec) => {
    const id = `p${n}-${spec.name}`;
    const dflt = parseDefault(spec);
    const given = Object.prototype.hasOwnProperty.call(task.params, spec.name);
    const made = makeInput(spec, id, given ? task.params[spec.name] : dflt);
    made.input.dataset.testid = `new-param-${spec.name}`;
    made.input.required = !!spec.required && made.input.type !== 'checkbox';
    const helpId = `${id}-help`;
    const help = [spec.description, dflt !== undefined ? `Default: ${JSON.stringify(dflt)}` : null].filter(Boolean).join(' · ');
    if (help) made.input.setAttribute('aria-describedby', helpId);
    const label = h('label', { for: id }, spec.name,
      spec.required ? h('span', { class: 'required-mark' }, ' *', h('span', { class: 'visually-hidden' }, ' (required)')) : null);
    const element = h('div', { class: ['field', made.inline && 'field-inline', made.wide && 'field-wide'] },
      made.inline ? [made.input, label] : [label, made.input],
      help ? h('p', { id: helpId, class: 'help' }, help) : null);
    return { spec, dflt, given, made, element };
  });
  const extra = Object.fromEntries(Object.entries(task.params).filter(([k]) => !named.has(k)));
  const extraId = `p${n}-extra`;
  const extraInput = h('textarea', {
    id: extraId, rows: 2, 'data-testid': 'new-param-other',
    value: Object.keys(extra).length ? JSON.stringify(extra, null, 2) : '',
    'aria-describedby': `${extraId}-help`,
  });
  const extraField = h('div', { class: 'field field-wide' },
    h('label', { for: extraId }, schema ? 'Other parameters (JSON object)' : 'Parameters (JSON object)'),
    extraInput,
    h('p', { id: `${extraId}-help`, class: 'help' },
      schema ? 'Keys the agent does not know are passed through and ignored, as on the agent.'
        : 'No target agent advertises this task type, so its parameters cannot be checked here.'));
  // Rarely needed: folded away unless it holds something (a closed <details> still submits).
  const extraBox = schema
    ? h('details', { class: 'field-wide', open: Object.keys(extra).length > 0 },
        h('summary', null, 'Other parameters'), extraField)
    : extraField;

  function read(place) {
    const params = {};
    const problems = [];
    const text = extraInput.value.trim();
    let other = {};
    let otherProblem = '';
    if (text) {
      try {
        other = JSON.parse(text);
        if (other === null || typeof other !== 'object' || Array.isArray(other)) otherProblem = 'must be a JSON object';
      } catch (e) {
        otherProblem = `must be JSON (${e.message})`;
      }
    }
    extraInput.setCustomValidity(otherProblem ? `${place}.params: ${otherProblem}` : '');
    if (otherProblem) {
      if (extraBox.tagName === 'DETAILS') extraBox.open = true;
      problems.push({ text: `${place}.params: ${otherProblem}`, input: extraInput });
    }
    else Object.assign(params, other);
    for (const f of fields) {
      const r = f.made.read();
      let problem = r.problem || null;
      if (!r.present && f.spec.required) problem = 'is required';
      const message = problem ? `${place}.${f.spec.name}: ${problem}` : '';
      f.made.input.setCustomValidity(message);
      if (message) problems.push({ text: message, input: f.made.input });
      // A value left at its default stays out of the plan, as the preset had it.
      if (r.present && !problem && (f.given || f.spec.required || !same(r.value, f.dflt))) params[f.spec.name] = r.value;
    }
    return { params, problems };
  }

  const element = h('div', { class: 'params' }, fields.map((f) => f.element), extraBox);
  // A message stays only until the field is edited; the next check sets it again if still wrong.
  element.addEventListener('input', (e) => e.target.setCustomValidity && e.target.setCustomValidity(''));
  element.addEventListener('change', (e) => e.target.setCustomValidity && e.target.setCustomValidity(''));
  return { element, read };
}
