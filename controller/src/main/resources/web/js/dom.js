// Small DOM helpers. Every string from the server is hostile (hostnames, task output, labels), so
// text only ever becomes a text node here: there is no way to pass markup through h().

/** Properties set as such: as attributes they only give the initial state. */
const PROPERTIES = new Set(['value', 'checked', 'selected', 'indeterminate', 'disabled']);

/**
 * Builds an element. attrs: `class` (string or list), `id`, `data-*`, `aria-*`, any attribute,
 * `on:<event>` listeners, `style` as an object (applied through the CSSOM, which the CSP allows).
 * null, undefined and false attributes and children are skipped; arrays of children are flattened.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === null || value === undefined || value === false) continue;
      if (key.startsWith('on:')) {
        el.addEventListener(key.slice(3), value);
      } else if (key === 'class') {
        el.className = Array.isArray(value) ? value.filter(Boolean).join(' ') : value;
      } else if (key === 'style') {
        for (const [prop, v] of Object.entries(value)) el.style.setProperty(prop, v);
      } else if (PROPERTIES.has(key)) {
        el[key] = value;
      } else {
        el.setAttribute(key, value === true ? '' : String(value));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children: strings and numbers as text nodes, nodes as they are, arrays flattened. */
export function append(el, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else if (child instanceof Node) el.appendChild(child);
    else el.appendChild(document.createTextNode(String(child)));
  }
  return el;
}

/** Removes every child. */
export function clear(el) {
  el.replaceChildren();
  return el;
}

/** Sets an element's text only when it changed: live pages patch thousands of cells per second. */
export function setText(el, text) {
  const s = text === null || text === undefined ? '' : String(text);
  if (el.textContent !== s) el.textContent = s;
}

const pad = (n) => String(n).padStart(2, '0');

/** An RFC 3339 time as local "2026-12-07 15:40:02"; "—" when absent or unreadable. */
export function fmtTime(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '—';
  return (
    `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ` +
    `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`
  );
}

/** How long ago an RFC 3339 time was, e.g. "12 s ago", "3 min ago"; "never" when absent. */
export function fmtAgo(iso, now = Date.now()) {
  if (!iso) return 'never';
  const t = new Date(iso).getTime();
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.round((now - t) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return fmtTime(iso);
}

/** A duration in seconds as "0.4 s", "12 s", "3 min 4 s", "1 h 2 min"; "—" when absent. */
export function fmtDuration(seconds) {
  const s = Number(seconds);
  if (seconds === null || seconds === undefined || !Number.isFinite(s) || s < 0) return '—';
  if (s < 10) return `${Math.round(s * 10) / 10} s`;
  const whole = Math.round(s);
  if (whole < 60) return `${whole} s`;
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const rest = whole % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${rest} s`;
}
