import { escapeHtml as h } from '../../reports/escape-html.js';
import { BASE, dashboardPage } from './layout.js';

/** The login form: the admin token is posted once and exchanged for a session cookie. */
export function loginPage(error: string | null): string {
  return dashboardPage(
    'Log in',
    `<h1>strangler dashboard</h1>
<p class="muted">Log in with an admin token (the one in STRANGLER_ADMIN_TOKEN or the admin token file).</p>
${error ? `<p class="error" role="alert">${h(error)}</p>` : ''}
<form method="post" action="${BASE}/login">
<label for="token">Admin token</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<p><button type="submit">Log in</button></p>
</form>`,
    null,
  );
}
