import { escapeHtml as h } from '../../reports/escape-html.js';
import { formatRate } from '../../reports/format-figures.js';
import { gateBadge } from '../../reports/gate-badge.js';
import { BASE, dashboardPage } from './layout.js';
import type { RouteRow } from './route-rows.js';
import type { DashboardSession } from './sessions.js';

/** Seconds between live refreshes of the route table. */
export const REFRESH_SECONDS = 5;

/** The route table with live refresh: a small inline script polls the JSON endpoint and updates the cells. */
export function routesPage(rows: readonly RouteRow[], session: DashboardSession, nonce: string, flash: string | null): string {
  const body = `<h1>Routes</h1>
${flash ? `<p class="flash" role="status">${h(flash)}</p>` : ''}
<p class="muted">Traffic: requests in the last hour. Match rate and gate: read comparisons in the gate window. Updated <span id="updated">${h(new Date().toISOString())}</span>, refreshing every ${REFRESH_SECONDS} s.</p>
<table id="routes"><thead><tr><th>route</th><th>path</th><th>mode</th><th class="num">percent</th><th class="num">sample</th><th class="num">traffic</th><th class="num">samples</th><th class="num">match</th><th>gate</th><th></th></tr></thead>
<tbody>${rows.map(row).join('\n')}</tbody></table>`;
  return dashboardPage('Routes', body, session, liveScript(nonce));
}

function row(r: RouteRow): string {
  const id = h(r.routeId);
  return (
    `<tr data-route="${id}"><td><a href="${BASE}/diffs?route=${encodeURIComponent(r.routeId)}">${id}</a></td>` +
    `<td><code>${h(r.methods.join(',') || '*')} ${h(r.path)}</code></td>` +
    `<td data-k="mode">${h(r.mode)}</td><td class="num" data-k="percent">${h(r.percent)}</td><td class="num" data-k="sample">${h(r.sample)}</td>` +
    `<td class="num" data-k="traffic">${h(r.traffic)}</td><td class="num" data-k="samples">${h(r.samples)}</td>` +
    `<td class="num" data-k="match">${h(formatRate(r.matchRate))}</td>` +
    `<td data-k="gate" title="${h(r.gate.reasons.join('; '))}">${gateBadge(r.status)}</td>` +
    `<td><a href="${BASE}/routes/${encodeURIComponent(r.routeId)}/change">change</a> <a href="${BASE}/routes/${encodeURIComponent(r.routeId)}/series">over time</a></td></tr>`
  );
}


// Only textContent is written, so values from the JSON can never become markup.
function liveScript(nonce: string): string {
  return `<script nonce="${h(nonce)}">
(() => {
  const pct = (r) => r === null ? '\u2013' : (r * 100).toFixed(1) + '%';
  async function refresh() {
    try {
      const res = await fetch('${BASE}/api/routes', { credentials: 'same-origin', headers: { accept: 'application/json' } });
      if (!res.ok) return;
      const data = await res.json();
      for (const r of data.routes) {
        const tr = document.querySelector('tr[data-route="' + CSS.escape(r.routeId) + '"]');
        if (!tr) continue;
        const set = (k, v) => { const td = tr.querySelector('[data-k="' + k + '"]'); if (td) td.textContent = String(v); };
        set('mode', r.mode); set('percent', r.percent); set('sample', r.sample); set('traffic', r.traffic); set('samples', r.samples);
        set('match', pct(r.matchRate));
        const gate = tr.querySelector('[data-k="gate"]');
        if (gate) { const b = document.createElement('span'); b.className = 'badge ' + r.status.replace(' ', '-'); b.textContent = r.status; gate.replaceChildren(b); gate.title = r.gate.reasons.join('; '); }
      }
      document.getElementById('updated').textContent = data.generatedAt;
    } catch { /* the next tick tries again */ }
  }
  setInterval(refresh, ${REFRESH_SECONDS * 1000});
})();
</script>`;
}
