// Sign-in page: a user name and password, or a console token (the CLI's bearer token).
//
// Test ids: login-user, login-password, login-submit, login-use-token (switches to the token
// form), login-token, login-token-submit, login-use-password. A refusal shows in the app's
// toast-error.

import * as api from '../api.js';
import { h, clear } from '../dom.js';

export function render(root, params, ctx) {
  const panel = h('div', { class: 'login-panel' });

  async function submit(e, credentials, button) {
    e.preventDefault();
    button.disabled = true;
    try {
      const session = await api.login(credentials);
      ctx.signedIn(session);
    } catch (err) {
      ctx.showError(err.message);
      button.disabled = false;
    }
  }

  function passwordForm() {
    const user = h('input', { id: 'login-user', name: 'user', autocomplete: 'username', required: true, 'data-testid': 'login-user' });
    const password = h('input', {
      id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password',
      required: true, 'data-testid': 'login-password',
    });
    const button = h('button', { type: 'submit', class: 'btn', 'data-testid': 'login-submit' }, 'Sign in');
    const form = h('form', {
      'aria-label': 'Sign in with a password',
      'on:submit': (e) => submit(e, { user: user.value.trim(), password: password.value }, button),
    },
      h('div', { class: 'field' }, h('label', { for: 'login-user' }, 'User name'), user),
      h('div', { class: 'field' }, h('label', { for: 'login-password' }, 'Password'), password),
      h('div', { class: 'actions' }, button,
        h('button', { type: 'button', class: 'btn btn-link', 'data-testid': 'login-use-token',
          'on:click': () => show(tokenForm) }, 'Sign in with a console token instead')),
    );
    setTimeout(() => user.focus());
    return form;
  }

  function tokenForm() {
    const token = h('input', {
      id: 'login-token', name: 'token', type: 'password', autocomplete: 'off', required: true,
      'data-testid': 'login-token', 'aria-describedby': 'login-token-help',
    });
    const button = h('button', { type: 'submit', class: 'btn', 'data-testid': 'login-token-submit' }, 'Sign in');
    const form = h('form', {
      'aria-label': 'Sign in with a console token',
      'on:submit': (e) => submit(e, { token: token.value.trim() }, button),
    },
      h('div', { class: 'field' }, h('label', { for: 'login-token' }, 'Console token'), token,
        h('p', { id: 'login-token-help', class: 'help' },
          'The bearer token an admin gave you for the console CLI. It is sent once and never stored in the browser.')),
      h('div', { class: 'actions' }, button,
        h('button', { type: 'button', class: 'btn btn-link', 'data-testid': 'login-use-password',
          'on:click': () => show(passwordForm) }, 'Sign in with a user name and password instead')),
    );
    setTimeout(() => token.focus());
    return form;
  }

  function show(makeForm) {
    clear(panel).append(makeForm());
  }

  root.append(h('h1', null, 'Sign in'), panel);
  show(passwordForm);
}
