import type { FlagAudit } from '../../model/flag.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { BASE, dashboardPage } from './layout.js';
import type { DashboardSession } from './sessions.js';

/** The flag audit history, newest first. */
export function auditPage(history: readonly FlagAudit[], routeId: string | null, session: DashboardSession): string {
  const side = (s: FlagAudit['from']): string => (s === null ? '–' : `${s.mode} (percent ${s.percent}, sample ${s.sample})`);
  const rows = [...history]
    .sort((a, b) => b.ts - a.ts || b.id - a.id)
    .map(
      (a) =>
        `<tr><td>${h(new Date(a.ts).toISOString())}</td><td><a href="${BASE}/audit?route=${encodeURIComponent(a.routeId)}">${h(a.routeId)}</a></td>` +
        `<td>${h(a.actor)}</td><td>${h(side(a.from))}</td><td>${h(side(a.to))}</td><td>${h(a.reason)}</td></tr>`,
    )
    .join('\n');
  const body = `<h1>Audit history${routeId ? ` of ${h(routeId)}` : ''}</h1>
${routeId ? `<p><a href="${BASE}/audit">All routes</a></p>` : ''}
${history.length === 0 ? '<p class="muted">No flag changes yet.</p>' : `<table id="audit"><thead><tr><th>time</th><th>route</th><th>actor</th><th>from</th><th>to</th><th>reason</th></tr></thead><tbody>${rows}</tbody></table>`}`;
  return dashboardPage('Audit', body, session);
}
