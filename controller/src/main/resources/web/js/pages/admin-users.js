// Admin › Users: ListUsers, AddUser (its token shown once, with a copy button), RevokeUser,
// SetUserPassword.
//
// data-testids: admin-users-table, admin-user-row (data-user, data-role, data-revoked),
// admin-revoke-user (button in a row), admin-add-user-name, admin-add-user-role, admin-add-user,
// admin-new-token (+ admin-new-token-copy), admin-password-user, admin-password,
// admin-set-password, admin-users-status.
import { call } from '../api.js';
import { h, clear, fmtTime } from '../dom.js';
import { confirmButton, copyField, enumText, field } from './page-common.js';
import { kids } from './report-widgets.js';

const ROLES = ['USER_ROLE_VIEWER', 'USER_ROLE_TECHNICIAN', 'USER_ROLE_ADMIN'];

export function usersSection(errors) {
  const tbody = h('tbody', {});
  const status = h('p', { class: 'muted', 'aria-live': 'polite', 'data-testid': 'admin-users-status' });
  const tokenBox = h('div', { class: 'secret' });
  const pwUser = h('select', { 'data-testid': 'admin-password-user', required: '' });

  async function load() {
    try {
      const users = (await call('ListUsers', {})).users || [];
      clear(tbody);
      clear(pwUser);
      for (const u of users) {
        tbody.append(userRow(u));
        if (!u.revokedAt) pwUser.append(h('option', { value: u.name }, u.name));
      }
    } catch (e) {
      errors.show(e);
    }
  }

  function userRow(u) {
    const revoke = u.revokedAt
      ? null
      : confirmButton('Revoke', `Confirm: revoke ${u.name}`, 'admin-revoke-user', async () => {
          try {
            await call('RevokeUser', { name: u.name });
            status.textContent = `${u.name} revoked.`;
            load();
          } catch (e) {
            errors.show(e);
          }
        });
    return h(
      'tr',
      { 'data-testid': 'admin-user-row', 'data-user': u.name, 'data-role': u.role || '', 'data-revoked': u.revokedAt ? 'true' : 'false' },
      h('td', {}, u.name),
      h('td', {}, enumText(u.role)),
      h('td', {}, u.createdAt ? fmtTime(u.createdAt) : ''),
      h('td', {}, u.revokedAt ? `revoked ${fmtTime(u.revokedAt)}` : 'active'),
      h('td', {}, u.hasPassword ? 'yes' : 'no'),
      h('td', {}, ...kids(revoke))
    );
  }

  const name = h('input', { 'data-testid': 'admin-add-user-name', required: '', maxlength: '64', pattern: '[A-Za-z0-9._@\\-]{1,64}', autocomplete: 'off' });
  const role = h('select', { 'data-testid': 'admin-add-user-role' }, ...ROLES.map((r) => h('option', { value: r }, enumText(r))));
  role.value = 'USER_ROLE_TECHNICIAN';
  const addForm = h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Add a user',
      'on:submit': async (e) => {
        e.preventDefault();
        errors.hide();
        try {
          const resp = await call('AddUser', { name: name.value.trim(), role: role.value });
          clear(tokenBox);
          tokenBox.append(
            h('p', {}, `Token for ${resp.user ? resp.user.name : name.value}: shown only this once. Give it to the user now.`),
            copyField('New user token', resp.token || '', 'admin-new-token')
          );
          name.value = '';
          load();
        } catch (err) {
          errors.show(err);
        }
      },
    },
    field('add-name', 'User name', name),
    field('add-role', 'Role', role),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'admin-add-user' }, 'Add user')
  );

  const password = h('input', { type: 'password', minlength: '12', maxlength: '256', required: '', autocomplete: 'new-password', 'data-testid': 'admin-password' });
  const pwForm = h(
    'form',
    {
      class: 'toolbar',
      'aria-label': 'Set a password',
      'on:submit': async (e) => {
        e.preventDefault();
        errors.hide();
        try {
          await call('SetUserPassword', { name: pwUser.value, password: password.value });
          status.textContent = `Password set for ${pwUser.value}.`;
          password.value = '';
          load();
        } catch (err) {
          errors.show(err);
        }
      },
    },
    field('pw-user', 'User', pwUser),
    field('pw-value', 'New password (12 characters or more)', password),
    h('button', { type: 'submit', class: 'btn', 'data-testid': 'admin-set-password' }, 'Set password')
  );

  load();
  return h(
    'section',
    { class: 'admin-section', 'aria-labelledby': 'admin-users-h' },
    h('h2', { id: 'admin-users-h' }, 'Users and roles'),
    status,
    h(
      'table',
      { class: 'data', 'data-testid': 'admin-users-table' },
      h('caption', { class: 'visually-hidden' }, 'Users'),
      h('thead', {}, h('tr', {}, ...['Name', 'Role', 'Created', 'Token', 'Web password', 'Actions'].map((c) => h('th', { scope: 'col' }, c)))),
      tbody
    ),
    h('h3', {}, 'Add a user'),
    addForm,
    tokenBox,
    h('h3', {}, 'Set a web console password'),
    pwForm
  );
}
