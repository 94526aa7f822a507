// Admin (role admin): users and roles, enrolment tokens, revoking an agent, the audit log. The
// server enforces the role; this page only spares other roles a screen of refusals.
//
// data-testids: admin-page, admin-not-allowed, toast-error, and those listed in admin-users.js,
// admin-agents.js and admin-audit.js.
import { h, clear } from '../dom.js';
import { errorBox, ensureStyles } from './page-common.js';
import { usersSection } from './admin-users.js';
import { enrolSection, revokeAgentSection } from './admin-agents.js';
import { auditSection } from './admin-audit.js';

export function render(root, params, ctx) {
  ensureStyles();
  clear(root);
  const role = ctx && ctx.session && ctx.session.role;
  if (role !== 'admin') {
    root.append(
      h('h1', {}, 'Admin'),
      h('p', { 'data-testid': 'admin-not-allowed' }, 'Only admins manage users, agents and the audit log.')
    );
    return undefined;
  }
  const errors = errorBox(ctx);
  root.append(
    h(
      'div',
      { class: 'admin', 'data-testid': 'admin-page' },
      h('h1', {}, 'Admin'),
      errors.el,
      usersSection(errors),
      enrolSection(errors),
      revokeAgentSection(errors),
      auditSection(errors)
    )
  );
  return undefined;
}
