// What FE2's pages share: reading the run id from the route, the error alert, copy to clipboard.
import { h, clear } from '../dom.js';

/**
 * The first path parameter of the route (`#/report/<runId>`), whatever shape the router hands
 * over (a string, an array, or an object); falls back to the address bar.
 */
export function routeId(params) {
  if (typeof params === 'string' && params) return decodeURIComponent(params);
  if (Array.isArray(params) && params.length) return routeId(params[0]);
  if (params && typeof params === 'object') {
    for (const k of ['runId', 'id', 'arg', 'path', 'rest']) {
      if (typeof params[k] === 'string' && params[k]) return decodeURIComponent(params[k]);
    }
  }
  const m = /^#\/[^/?]+\/([^?]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : '';
}

/** A page's error area: role=alert so screen readers announce it; testid per the contract. */
export function errorBox() {
  const box = h('div', { role: 'alert', 'data-testid': 'toast-error', class: 'toast-error', hidden: '' });
  return {
    el: box,
    show(err) {
      clear(box);
      const code = err && err.code ? `${err.code}: ` : '';
      box.append(code + ((err && err.message) || String(err)));
      box.hidden = false;
    },
    hide() {
      clear(box);
      box.hidden = true;
    },
  };
}

/**
 * A read-only field holding a secret or a command, with a Copy button. The value stays
 * selectable, so it can be copied by hand where the clipboard API is refused.
 */
export function copyField(label, value, testid) {
  const id = `copy-${testid}`;
  const input = h('input', { id, type: 'text', readonly: '', class: 'copy-value', 'data-testid': testid });
  input.value = value;
  const status = h('span', { class: 'muted', 'aria-live': 'polite' });
  const btn = h(
    'button',
    {
      type: 'button',
      'data-testid': `${testid}-copy`,
      'on:click': async () => {
        input.select();
        try {
          await navigator.clipboard.writeText(value);
          status.textContent = 'Copied.';
        } catch {
          status.textContent = 'Selected: press Ctrl+C to copy.';
        }
      },
    },
    'Copy'
  );
  return h('div', { class: 'copy-field' }, h('label', { for: id }, label), input, btn, status);
}

/** An ISO time from a datetime-local input (local time), or undefined when empty. */
export function isoFromLocal(value) {
  if (!value) return undefined;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

export const RUN_STATES = ['RUN_STATE_QUEUED', 'RUN_STATE_ASSIGNED', 'RUN_STATE_RUNNING', 'RUN_STATE_FINISHED'];
export const RUN_STATUSES = [
  'RUN_STATUS_OK',
  'RUN_STATUS_COMPLETED_WITH_ERRORS',
  'RUN_STATUS_CANCELLED',
  'RUN_STATUS_ERROR',
  'RUN_STATUS_EXPIRED',
];

/** RUN_STATE_RUNNING → "running", RUN_STATUS_COMPLETED_WITH_ERRORS → "completed with errors". */
export function enumText(v) {
  return String(v || '')
    .replace(/^(RUN_STATE|RUN_STATUS|USER_ROLE|AGENT_STATE)_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
}

/**
 * A button for an action that cannot be undone: the first click arms it (its label asks to
 * confirm, data-armed="true"), a second click within 8 s runs it. No modal dialog, so it stays
 * keyboard- and test-friendly.
 */
export function confirmButton(label, confirmLabel, testid, action, extra = {}) {
  let timer = null;
  const btn = h('button', {
    type: 'button',
    class: 'danger',
    'data-testid': testid,
    'data-armed': 'false',
    ...extra,
    'on:click': async () => {
      if (btn.dataset.armed !== 'true') {
        btn.dataset.armed = 'true';
        btn.textContent = confirmLabel;
        timer = setTimeout(disarm, 8000);
        return;
      }
      disarm();
      btn.disabled = true;
      try {
        await action();
      } finally {
        btn.disabled = false;
      }
    },
  }, label);
  function disarm() {
    clearTimeout(timer);
    btn.dataset.armed = 'false';
    btn.textContent = label;
  }
  return btn;
}

/** A labelled form control, label above it. */
export function field(id, label, control) {
  control.id = id;
  return h('div', { class: 'field' }, h('label', { for: id }, label), control);
}
