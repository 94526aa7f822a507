// The shell: session, role-aware navigation, hash router, error toast.
//
// Test ids: skip-link, nav-fleet, nav-new, nav-history, nav-schedules, nav-alerts, nav-alerts-count
// (open alerts), nav-admin, nav-user (the signed-in user and role), signout, toast-error
// (role="alert", server errors), toast-dismiss, page-loading.
//
// Routes: #/fleet, #/new, #/live/<runId,runId,...>, #/history, #/schedules, #/alerts, #/report/<runId>,
// #/pc/<agentId>,
// #/customer/<runId>, #/admin, #/login. A page module exports render(root, params, ctx) and may
// return a cleanup() called when the route changes. params = {id, runId, runIds, segments, query}:
// id and runId are the first path segment after the page name, runIds that segment split on ',',
// query the parameters after '?' as a plain object.

import * as api from './api.js';
import { h, clear, append } from './dom.js';

const ROLE_RANK = { viewer: 1, technician: 2, admin: 3 };

/** Each route: its title, the least role it needs, whether it is in the nav, and its module. */
const ROUTES = {
  login: { title: 'Sign in', load: () => import('./pages/login.js'), public: true },
  fleet: { title: 'Fleet', role: 'viewer', nav: 'Fleet', load: () => import('./pages/fleet.js') },
  // Viewers may open it: the controller refuses their dispatch, as it does the CLI's.
  new: { title: 'New run', role: 'viewer', navRole: 'technician', nav: 'New run', load: () => import('./pages/newrun.js') },
  live: { title: 'Live runs', role: 'viewer', load: () => import('./pages/live.js') },
  history: { title: 'History', role: 'viewer', nav: 'History', load: () => import('./pages/history.js') },
  schedules: { title: 'Schedules', role: 'viewer', nav: 'Schedules', load: () => import('./pages/schedules.js') },
  alerts: { title: 'Alerts', role: 'viewer', nav: 'Alerts', load: () => import('./pages/alerts.js') },
  report: { title: 'Report', role: 'viewer', load: () => import('./pages/report.js') },
  pc: { title: 'PC history', role: 'viewer', load: () => import('./pages/pc-history.js') },
  customer: { title: 'Customer report', role: 'viewer', load: () => import('./pages/customer.js') },
  admin: { title: 'Admin', role: 'admin', nav: 'Admin', load: () => import('./pages/admin.js') },
};

const ctx = {
  session: null,
  state: { selection: new Set() },
  navigate(hash) {
    if (location.hash === hash) route();
    else location.hash = hash;
  },
  /** Shows an error (an ApiError or any Error or text) in the toast. */
  showError,
  /** Whether the signed-in user's role includes the given one. */
  can(role) {
    return !!ctx.session && (ROLE_RANK[ctx.session.role] || 0) >= (ROLE_RANK[role] || 99);
  },
};

const header = document.getElementById('app-header');
const main = document.getElementById('main');
const toastHost = document.getElementById('toast-host');
let cleanup = null;
let routeCount = 0;

export function parseHash(hash) {
  const text = (hash || '').replace(/^#\/?/, '');
  const q = text.indexOf('?');
  const path = q >= 0 ? text.slice(0, q) : text;
  const query = Object.fromEntries(new URLSearchParams(q >= 0 ? text.slice(q + 1) : ''));
  const [name = '', ...segments] = path.split('/').map((s) => decodeURIComponent(s));
  const id = segments[0] || '';
  return {
    name,
    params: { id, runId: id, runIds: id.split(',').filter(Boolean), segments, query },
  };
}

function showError(error) {
  const text = typeof error === 'string' ? error : error && error.message ? error.message : String(error);
  const code = error && error.code && error.code !== 'UNKNOWN' ? `${error.code}: ` : '';
  clear(toastHost);
  toastHost.appendChild(
    h('div', { class: 'toast toast-error', role: 'alert', 'data-testid': 'toast-error' },
      h('span', { class: 'toast-text' }, code + text),
      h('button', {
        type: 'button', class: 'toast-close', 'data-testid': 'toast-dismiss',
        'aria-label': 'Dismiss error', 'on:click': () => clear(toastHost),
      }),
    ),
  );
}

function renderHeader() {
  clear(header);
  const current = parseHash(location.hash).name;
  const links = ctx.session
    ? Object.entries(ROUTES)
        .filter(([, r]) => r.nav && ctx.can(r.navRole || r.role))
        .map(([name, r]) =>
          h('li', null,
            h('a', {
              href: `#/${name}`, 'data-testid': `nav-${name}`,
              'aria-current': name === current ? 'page' : null,
            }, r.nav, name === 'alerts' ? alertsCount() : null)))
    : [];
  append(header, [
    h('a', { class: 'skip-link', href: '#main', 'data-testid': 'skip-link',
      'on:click': (e) => { e.preventDefault(); main.focus(); } }, 'Skip to content'),
    h('span', { class: 'brand' }, 'AutoService Fleet'),
    h('nav', { 'aria-label': 'Main' }, h('ul', { class: 'nav-links' }, links)),
    ctx.session
      ? h('div', { class: 'nav-session' },
          h('span', { 'data-testid': 'nav-user' }, `${ctx.session.user} (${ctx.session.role})`),
          h('button', { type: 'button', class: 'btn btn-secondary', 'data-testid': 'signout',
            'on:click': signOut }, 'Sign out'))
      : null,
  ]);
}

/** The open-alert count beside the nav link, filled in when the controller answers. */
function alertsCount() {
  const badge = h('span', { class: 'nav-count', 'data-testid': 'nav-alerts-count' }, '');
  api.call('ListAlerts', { limit: 1 }).then(
    (res) => { badge.textContent = ` (${res.openCount || 0})`; },
    () => {} // the page itself shows errors; a missing count is not one
  );
  return badge;
}

async function signOut() {
  try {
    await api.logout();
  } catch (e) {
    showError(e);
    return;
  }
  ctx.session = null;
  ctx.state.selection = new Set();
  ctx.navigate('#/login');
}

async function route() {
  const token = ++routeCount;
  if (cleanup) {
    try {
      cleanup();
    } catch (e) {
      console.error(e);
    }
    cleanup = null;
  }
  clear(toastHost);
  let { name, params } = parseHash(location.hash);
  if (!ROUTES[name]) {
    location.replace(ctx.session ? '#/fleet' : '#/login');
    return;
  }
  if (!ROUTES[name].public && !ctx.session) {
    ctx.state.returnTo = location.hash;
    location.replace('#/login');
    return;
  }
  if (name === 'login' && ctx.session) {
    location.replace('#/fleet');
    return;
  }
  const r = ROUTES[name];
  renderHeader();
  document.title = `${r.title} — AutoService Fleet`;
  clear(main);
  if (!r.public && !ctx.can(r.role)) {
    main.append(
      h('h1', null, r.title),
      h('p', { class: 'notice' }, `Your role (${ctx.session.role}) may not use this page.`),
    );
    return;
  }
  main.append(h('p', { class: 'muted', 'data-testid': 'page-loading' }, 'Loading…'));
  let page;
  try {
    page = await r.load();
  } catch (e) {
    if (token !== routeCount) return;
    clear(main);
    main.append(h('h1', null, r.title));
    showError(`This page could not be loaded (${e.message}).`);
    return;
  }
  if (token !== routeCount) return;
  clear(main);
  try {
    const result = page.render(main, params, ctx);
    cleanup = typeof result === 'function' ? result : null;
  } catch (e) {
    console.error(e);
    showError(e);
  }
  if (routeCount > 1) main.focus({ preventScroll: true });
}

window.addEventListener('hashchange', route);
window.addEventListener('as-signed-out', () => {
  if (!ctx.session) return;
  ctx.session = null;
  ctx.state.returnTo = location.hash;
  ctx.navigate('#/login');
});
// A rejected call a page did not handle still reaches the technician.
window.addEventListener('unhandledrejection', (e) => {
  if (e.reason && e.reason.name === 'ApiError') {
    e.preventDefault();
    showError(e.reason);
  }
});

/** Called by the sign-in page once the server accepted the credentials. */
ctx.signedIn = (session) => {
  ctx.session = session;
  const back = ctx.state.returnTo;
  ctx.state.returnTo = null;
  ctx.navigate(back && !back.startsWith('#/login') ? back : '#/fleet');
};

(async () => {
  try {
    ctx.session = await api.session();
  } catch (e) {
    showError(e);
  }
  if (!location.hash || location.hash === '#' || location.hash === '#/') {
    location.replace(ctx.session ? '#/fleet' : '#/login');
  }
  route();
})();
