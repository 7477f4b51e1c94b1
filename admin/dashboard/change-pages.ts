import type { GateVerdict } from '../../flags/index.js';
import { escapeHtml as h } from '../../reports/escape-html.js';
import { formatRate } from '../../reports/format-figures.js';
import type { FlagChangeForm } from './flag-change-form.js';
import { servesCandidate } from './flag-change-form.js';
import { BASE, csrfField, dashboardPage } from './layout.js';
import type { RouteRow } from './route-rows.js';
import type { DashboardSession } from './sessions.js';

const MODES = ['legacy', 'shadow', 'canary', 'new'] as const;

/** Step 1: the change form (mode, percent, sample, reason, force), posted to the confirmation step. */
export function changeFormPage(row: RouteRow, session: DashboardSession, error: { code: string; message: string } | null, values?: Partial<FlagChangeForm>): string {
  const v = { mode: row.mode, percent: row.percent, sample: row.sample, reason: '', force: false, ...values };
  const id = encodeURIComponent(row.routeId);
  const body = `<h1>Change ${h(row.routeId)}</h1>
<p>Now: <strong>${h(row.mode)}</strong>, percent ${h(row.percent)}, sample ${h(row.sample)}. Gate: ${gateText(row.gate)}.</p>
${error ? `<p class="error" role="alert">${h(error.message)} <code>${h(error.code)}</code></p>` : ''}
<form method="post" action="${BASE}/routes/${id}/confirm">
${csrfField(session)}
<label for="mode">Mode</label>
<select id="mode" name="mode">${MODES.map((m) => `<option value="${m}"${m === v.mode ? ' selected' : ''}>${m}</option>`).join('')}</select>
<label for="percent">Canary percent of operators (0–100)</label>
<input id="percent" name="percent" type="number" min="0" max="100" step="1" value="${h(v.percent)}">
<label for="sample">Shadow sample (0–1)</label>
<input id="sample" name="sample" type="number" min="0" max="1" step="0.01" value="${h(v.sample)}">
<label for="reason">Reason (written to the audit history)</label>
<textarea id="reason" name="reason" rows="2" required>${h(v.reason)}</textarea>
<label><input type="checkbox" name="force"${v.force ? ' checked' : ''}> Force past the gate (needs a reason)</label>
<p><button type="submit">Review change</button> <a href="${BASE}">Cancel</a></p>
</form>`;
  return dashboardPage(`Change ${row.routeId}`, body, session);
}

/** Step 2: what will change and the gate's verdict; the confirm button only when the gate allows it (or it is forced). */
export function confirmPage(row: RouteRow, change: FlagChangeForm, gate: GateVerdict, session: DashboardSession): string {
  const id = encodeURIComponent(row.routeId);
  const blocked = servesCandidate(change.mode) && !gate.ready && !change.force;
  const hidden = (['mode', 'percent', 'sample', 'reason'] as const)
    .map((k) => `<input type="hidden" name="${k}" value="${h(change[k])}">`)
    .join('');
  const body = `<h1>Confirm the change to ${h(row.routeId)}</h1>
<table><thead><tr><th></th><th>mode</th><th class="num">percent</th><th class="num">sample</th></tr></thead><tbody>
<tr><td>now</td><td>${h(row.mode)}</td><td class="num">${h(row.percent)}</td><td class="num">${h(row.sample)}</td></tr>
<tr><td>after</td><td><strong>${h(change.mode)}</strong></td><td class="num">${h(change.percent)}</td><td class="num">${h(change.sample)}</td></tr>
</tbody></table>
<p>Reason: ${h(change.reason)}</p>
<h2>Gate</h2>
<p id="gate">${gateText(gate)}</p>
${gate.reasons.length > 0 ? `<ul>${gate.reasons.map((r) => `<li>${h(r)}</li>`).join('')}</ul>` : ''}
${
  blocked
    ? `<p class="error" role="alert">The gate says this route is not ready to serve operators from the new stack. Go back and tick “force” with a reason to override.</p>
<p><a href="${BASE}/routes/${id}/change">Back</a></p>`
    : `${change.force && servesCandidate(change.mode) && !gate.ready ? '<p class="error">Forced past the gate.</p>' : ''}
<form method="post" action="${BASE}/routes/${id}/apply">
${csrfField(session)}${hidden}${change.force ? '<input type="hidden" name="force" value="on">' : ''}
<p><button type="submit" id="confirm">Confirm change</button> <a href="${BASE}">Cancel</a></p>
</form>`
}`;
  return dashboardPage(`Confirm ${row.routeId}`, body, session);
}

function gateText(g: GateVerdict): string {
  const badge = g.ready ? '<span class="badge ready">ready</span>' : '<span class="badge not-ready">not ready</span>';
  return `${badge} ${h(g.samples)} samples, match ${h(formatRate(g.matchRate))}, errors ${h(formatRate(g.errorRate))}`;
}
