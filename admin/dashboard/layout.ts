import { escapeHtml as h } from '../../reports/escape-html.js';
import { htmlPage } from '../../reports/html-page.js';
import type { DashboardSession } from './sessions.js';

/** Base path of every dashboard page. */
export const BASE = '/dashboard';

/** A dashboard page: navigation, the logout form, then `body` (already escaped). */
export function dashboardPage(title: string, body: string, session: DashboardSession | null, extraHead = ''): string {
  const nav = session
    ? `<nav class="no-print"><a href="${BASE}">Routes</a><a href="${BASE}/diffs">Diffs</a><a href="${BASE}/aht">AHT</a><a href="${BASE}/audit">Audit</a>` +
      `<span class="muted">signed in as ${h(session.actor)}</span> ` +
      `<form class="inline" method="post" action="${BASE}/logout">${csrfField(session)}<button class="secondary" type="submit">Log out</button></form></nav>`
    : '';
  return htmlPage(`${title} · strangler`, `${nav}\n<main>\n${body}\n</main>`, extraHead);
}

/** The hidden CSRF field every mutating form carries. */
export function csrfField(session: DashboardSession): string {
  return `<input type="hidden" name="csrf" value="${h(session.csrf)}">`;
}
