// What FE2's pages share: reading the run id from the route, the error alert, copy to clipboard.
import { h } from '../dom.js';

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

/**
 * Where a page shows a server error: the shell's toast (role=alert, testid toast-error) when the
 * shell offers one, else an alert of the page's own. `el` is the page's own box (empty and hidden
 * when the shell's toast is used), so pages place it the same way in both cases.
 */
export function errorBox(ctx) {
  const box = h('div', { role: 'alert', 'data-testid': 'toast-error', class: 'toast toast-error', hidden: true });
  const shell = ctx && typeof ctx.showError === 'function' ? ctx.showError : null;
  return {
    el: shell ? h('span', { hidden: true }) : box,
    show(err) {
      if (shell) return shell(err);
      const code = err && err.code ? `${err.code}: ` : '';
      box.textContent = code + ((err && err.message) || String(err));
      box.hidden = false;
      return undefined;
    },
    hide() {
      box.textContent = '';
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
      class: 'btn btn-secondary',
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
    class: 'btn btn-danger',
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

/**
 * Links this set of pages' style sheets once (pages.css, print.css), unless index.html already
 * does: the pages then work whether or not the shell links them.
 */
export function ensureStyles() {
  for (const href of ['/css/pages.css', '/css/print.css']) {
    if (!document.querySelector(`link[rel="stylesheet"][href="${href}"]`)) {
      document.head.append(h('link', { rel: 'stylesheet', href }));
    }
  }
}

const RUN_STATUS_TEXT = {
  RUN_STATUS_OK: 'OK',
  RUN_STATUS_COMPLETED_WITH_ERRORS: 'Completed with errors',
  RUN_STATUS_CANCELLED: 'Cancelled',
  RUN_STATUS_ERROR: 'Run failed',
  RUN_STATUS_EXPIRED: 'Expired (never delivered)',
};

/** A run's outcome in words, for its badge. */
export function runStatusText(status) {
  return RUN_STATUS_TEXT[status] || enumText(status) || 'unknown';
}
