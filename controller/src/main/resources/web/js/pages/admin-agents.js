// Admin › Agents: enrolment tokens (CreateEnrollmentToken with labels, uses, TTL; the agent's
// install command to copy) and revoking an agent (RevokeAgent).
//
// data-testids: admin-enrol-labels, admin-enrol-uses, admin-enrol-ttl, admin-enrol-controller,
// admin-enrol-create, admin-enrol-token (+ -copy), admin-enrol-command (+ -copy),
// admin-enrol-fingerprint, admin-enrol-expires, admin-revoke-agent-id, admin-revoke-agent,
// admin-revoke-agent-result.
import { call, shop } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { confirmButton, copyField, field } from './page-common.js';

/** "site=front-desk, room=2" → {site: "front-desk", room: "2"}; throws on a malformed pair. */
export function parseLabels(text) {
  const out = {};
  for (const part of String(text || '').split(/[,\n]/)) {
    const p = part.trim();
    if (!p) continue;
    const i = p.indexOf('=');
    if (i <= 0) throw new Error(`label "${p}": expected KEY=VALUE`);
    out[p.slice(0, i).trim()] = p.slice(i + 1).trim();
  }
  return out;
}

/**
 * The command a technician runs on the PC. The agent's `enroll` takes only the controller's
 * gRPC address and the token: the token carries the CA fingerprint the agent pins.
 */
export function installCommand(controller, token) {
  return `java -jar autoservice-agent.jar enroll --controller ${controller} --token ${token}`;
}

export function enrolSection(errors) {
  const labels = h('input', { type: 'text', placeholder: 'site=front-desk, room=2', 'data-testid': 'admin-enrol-labels', autocomplete: 'off' });
  const uses = h('input', { type: 'number', min: '1', max: '10000', required: '', 'data-testid': 'admin-enrol-uses' });
  uses.value = '1';
  const ttl = h('input', { type: 'number', min: '1', max: '8760', required: '', 'data-testid': 'admin-enrol-ttl' });
  ttl.value = '24';
  const controller = h('input', { type: 'text', class: 'wide', required: '', pattern: '[^\\s]+:[0-9]{1,5}', 'data-testid': 'admin-enrol-controller' });
  // The agents' gRPC port, not this page's: the controller says where it listens.
  controller.value = `${location.hostname}:7443`;
  shop().then((s) => {
    if (!s || !s.agentAddress || controller.dataset.edited) return;
    const at = s.agentAddress.lastIndexOf(':');
    const host = s.agentAddress.slice(0, at);
    const wildcard = host === '0.0.0.0' || host === '::' || host === '[::]';
    controller.value = `${wildcard ? location.hostname : host}:${s.agentAddress.slice(at + 1)}`;
  }).catch(() => {});
  controller.addEventListener('input', () => { controller.dataset.edited = '1'; });
  const out = h('div', { class: 'secret', 'aria-live': 'polite' });
  let last = null;

  function showToken() {
    clear(out);
    if (!last) return;
    out.append(
      h('p', {}, 'Shown only this once. The agent pins the controller by the fingerprint inside the token.'),
      copyField('Enrolment token', last.token || '', 'admin-enrol-token'),
      copyField('Install command (run on the PC)', installCommand(controller.value.trim(), last.token || ''), 'admin-enrol-command'),
      h(
        'dl',
        { class: 'facts' },
        h('div', { class: 'fact' }, h('dt', {}, 'Valid until'), h('dd', { 'data-testid': 'admin-enrol-expires' }, last.expiresAt ? fmtTime(last.expiresAt) : '')),
        h('div', { class: 'fact' }, h('dt', {}, 'Enrolments allowed'), h('dd', {}, String(last.uses || 1))),
        h('div', { class: 'fact' }, h('dt', {}, 'Controller CA SHA-256'), h('dd', { 'data-testid': 'admin-enrol-fingerprint', class: 'mono' }, last.caFingerprint || ''))
      )
    );
  }
  controller.addEventListener('input', showToken);

  const form = h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Create an enrolment token',
      'on:submit': async (e) => {
        e.preventDefault();
        errors.hide();
        try {
          const req = {
            labels: parseLabels(labels.value),
            uses: Number(uses.value) || 1,
            ttlSeconds: String(Math.round((Number(ttl.value) || 24) * 3600)),
          };
          last = await call('CreateEnrollmentToken', req);
          showToken();
        } catch (err) {
          errors.show(err);
        }
      },
    },
    field('enrol-labels', 'Labels (KEY=VALUE, comma-separated)', labels),
    field('enrol-uses', 'Agents it may enrol', uses),
    field('enrol-ttl', 'Valid for (hours)', ttl),
    field('enrol-controller', 'Controller address for agents (HOST:PORT)', controller),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'admin-enrol-create' }, 'Create token')
  );
  return h(
    'section',
    { class: 'admin-section', 'aria-labelledby': 'admin-enrol-h' },
    h('h2', { id: 'admin-enrol-h' }, 'Enrol agents'),
    form,
    out
  );
}

export function revokeAgentSection(errors) {
  const list = h('datalist', { id: 'agent-ids' });
  const id = h('input', { type: 'text', class: 'wide', list: 'agent-ids', required: '', autocomplete: 'off', 'data-testid': 'admin-revoke-agent-id' });
  const result = h('p', { 'aria-live': 'polite', 'data-testid': 'admin-revoke-agent-result' });
  call('ListAgents', { omitTaskTypes: true })
    .then((resp) => {
      for (const a of resp.agents || []) {
        list.append(h('option', { value: a.agentId }, (a.machine && a.machine.hostname) || a.agentId));
      }
    })
    .catch(() => {});
  const btn = confirmButton('Revoke agent', 'Confirm: revoke this agent', 'admin-revoke-agent', async () => {
    errors.hide();
    const agentId = id.value.trim();
    if (!agentId) {
      result.textContent = 'Enter the agent id first.';
      return;
    }
    try {
      const r = await call('RevokeAgent', { agentId });
      result.textContent =
        `${r.agentId || agentId}: ${r.certificatesRevoked || 0} certificate(s) revoked` +
        (r.disconnected ? ', disconnected.' : '.') +
        ' It must enrol again.';
    } catch (err) {
      errors.show(err);
    }
  });
  return h(
    'section',
    { class: 'admin-section', 'aria-labelledby': 'admin-revoke-h' },
    h('h2', { id: 'admin-revoke-h' }, 'Revoke an agent'),
    h('p', { class: 'muted' }, 'Its certificates stop working at once and its connection is closed.'),
    field('revoke-agent-id', 'Agent id', id),
    list,
    btn,
    result
  );
}
