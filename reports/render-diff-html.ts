import type { AffectedRequest, ComparisonFigures, DiffExample, DiffPathSummary, DiffReport, RouteDiffReport } from './diff-report.js';
import { rateBarsChart } from './charts/rate-bars.js';
import { escapeHtml as h } from './escape-html.js';
import { exampleDiff } from './example-diff.js';
import { formatMs, formatRate } from './format-figures.js';
import { htmlPage } from './html-page.js';
import { gateBadge } from './gate-badge.js';

/** The diff report as one self-contained HTML page (inline CSS and SVG, every value escaped). */
export function renderDiffHtml(report: DiffReport): string {
  return htmlPage('Shadow diff report', diffReportBody(report));
}

/** The report's body, reusable inside the dashboard. */
export function diffReportBody(report: DiffReport): string {
  const t = report.gateThresholds;
  const parts = [
    `<h1>Shadow diff report</h1>`,
    `<p class="muted">Generated ${h(report.generatedAt)}${report.since ? `, results since ${h(report.since)}` : ''}${report.store ? ` from the store ${h(report.store)}` : ''}. ` +
      `Gate: at least ${h(t.minSamples)} samples, match ≥ ${h(formatRate(t.minMatch))}, errors ≤ ${h(formatRate(t.maxErrorRate))}.</p>`,
    `<section id="summary"><h2>Summary</h2>`,
    `<p>${h(report.totals.ready)} of ${h(report.totals.routes)} routes ready; ${h(report.totals.samples)} read comparisons, ${h(report.totals.dryRunSamples)} dry-run write comparisons. ` +
      `Samples and match in the table are the gate's (reads and dry-runs in its window), as <code>strangler gate</code> and the dashboard show them.</p>`,
    summaryTable(report.routes),
    rateBarsChart('Match rate per route, as the gate counts it (dashed line: gate threshold)', report.routes.map((r) => ({ label: r.routeId, rate: r.gate.samples === 0 ? null : r.gate.matchRate })), t.minMatch),
    `</section>`,
    ...report.routes.map(routeSection),
  ];
  return parts.join('\n');
}

function verdictBadge(r: RouteDiffReport): string {
  return gateBadge(r.status);
}

function summaryTable(routes: RouteDiffReport[]): string {
  const rows = routes.map(
    (r) =>
      `<tr><td><a href="#route-${h(r.routeId)}">${h(r.routeId)}</a></td><td>${h(r.flag?.mode ?? '–')}</td>` +
      `<td class="num">${h(r.gate.samples)}</td><td class="num">${h(formatRate(r.gate.samples === 0 ? null : r.gate.matchRate))}</td>` +
      `<td class="num">${h(formatRate(r.gate.samples === 0 ? null : r.gate.errorRate))}</td><td class="num">${h(formatRate(r.timeoutRate))}</td>` +
      `<td class="num">${h(formatMs(r.latency.legacy.p50))} / ${h(formatMs(r.latency.legacy.p95))}</td>` +
      `<td class="num">${h(formatMs(r.latency.candidate.p50))} / ${h(formatMs(r.latency.candidate.p95))}</td>` +
      `<td>${verdictBadge(r)}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>route</th><th>mode</th><th class="num">samples</th><th class="num">match</th><th class="num">errors</th>` +
    `<th class="num">timeouts</th><th class="num">legacy p50 / p95</th><th class="num">candidate p50 / p95</th><th>gate</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function routeSection(r: RouteDiffReport): string {
  const masked = r.gate.maskedByNoise > 0
    ? `<p class="muted">Masked as noise: ${h(r.gate.maskedByNoise)} of ${h(r.gate.samples)} comparisons matched only through learned noise${r.gate.noiseDominated ? ' (noise-dominated)' : ''}.</p>`
    : '';
  const reasons = (r.gate.reasons.length > 0 ? `<ul>${r.gate.reasons.map((x) => `<li>${h(x)}</li>`).join('')}</ul>` : '') + masked;
  return [
    `<section class="route" id="route-${h(r.routeId)}">`,
    `<h2>${h(r.routeId)} ${verdictBadge(r)}</h2>`,
    reasons,
    `<h3>Differing paths (reads)</h3>`,
    pathsTable(r),
    `<h3>Noise learned</h3>`,
    noiseBlock(r),
    `<h3>Dry-run writes</h3>`,
    r.dryRun ? dryRunBlock(r.dryRun) : '<p class="muted">No dry-run write comparisons.</p>',
    writeNoiseBlock(r),
    `</section>`,
  ].join('\n');
}

function pathsTable(f: ComparisonFigures): string {
  if (f.topPaths.length === 0) return '<p class="muted">No differences left after normalisation and noise.</p>';
  return f.topPaths
    .map(
      (p) =>
        `<div class="path"><p><code>${h(p.path)}</code> — ${h(p.kind)}, ${h(p.count)} ${p.count === 1 ? 'result' : 'results'} (${h(formatRate(p.share))} of samples)</p>` +
        affectedBlock(p) +
        p.examples.map(exampleBlock).join('') +
        `</div>`,
    )
    .join('\n');
}

/** Every distinct request on which the path differed (the first ten open, the rest folded). */
function affectedBlock(p: DiffPathSummary): string {
  const row = (a: AffectedRequest): string => `<tr><td>${h(a.method)}</td><td><code>${h(a.path)}</code></td><td class="num">${h(a.count)}</td></tr>`;
  const table = (rows: AffectedRequest[]): string =>
    `<table><thead><tr><th>method</th><th>request</th><th class="num">results</th></tr></thead><tbody>${rows.map(row).join('')}</tbody></table>`;
  const cut = p.affectedTotal > p.affected.length ? ` (the first ${h(p.affected.length)} listed)` : '';
  const head = `<p>Requests where it differed: ${h(p.affectedTotal)} distinct${cut}.</p>`;
  if (p.affected.length <= 10) return head + table(p.affected);
  return `${head}${table(p.affected.slice(0, 10))}<details><summary>${h(p.affected.length - 10)} more</summary>${table(p.affected.slice(10))}</details>`;
}

/** One example as a unified diff, legacy (−) against candidate (+). */
export function exampleBlock(e: DiffExample): string {
  const lines = exampleDiff(e.legacy, e.candidate, { legacy: 'legacy' in e, candidate: 'candidate' in e });
  const body = lines
    .map((l) => `<span class="${l.op === '-' ? 'del' : l.op === '+' ? 'add' : 'ctx'}">${h(`${l.op} ${l.text}`)}</span>`)
    .join('');
  return `<p class="muted">${h(e.method)} <code>${h(e.requestPath)}</code> at <code>${h(e.path)}</code></p><pre class="diff">${body}</pre>`;
}

function noiseBlock(r: RouteDiffReport): string {
  if (r.noise.paths.length === 0) return `<p class="muted">No noise learned (${h(r.noise.baselineSamples)} baseline comparisons).</p>`;
  const rows = r.noise.paths.map((p) => `<tr><td><code>${h(p.path)}</code></td><td class="num">${h(p.count)}</td></tr>`).join('');
  const rule = ['compare:', '  ignore:', ...r.noise.suggestedRules.ignore.map((p) => `    - "${p}"`)].join('\n');
  return (
    `<p>${h(r.noise.baselineSamples)} baseline comparisons (legacy against itself).</p>` +
    `<table><thead><tr><th>path</th><th class="num">times seen</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<p>Suggested rules for this route:</p><pre class="diff">${h(rule)}</pre>`
  );
}

function writeNoiseBlock(r: RouteDiffReport): string {
  if (!r.writeNoise || r.writeNoise.paths.length === 0) return '';
  const rows = r.writeNoise.paths
    .map((p) => `<tr><td><code>${h(p.path)}</code></td><td class="num">${h(p.writes)}</td><td class="num">${h(p.legacyValues)}</td><td><code>${h(p.shape)}</code></td></tr>`)
    .join('');
  const rule = ['compare:', '  generated:', ...r.writeNoise.suggestedRules.generated.map((p) => `    - ${JSON.stringify(p)}`)].join('\n');
  return (
    `<h3>Write noise</h3><p>Each write generates these anew: legacy's own value changed between writes, and the candidate's differed in value, not shape. ` +
    `Review them, then compare them by shape (not yet applied):</p>` +
    `<table><thead><tr><th>path</th><th class="num">writes</th><th class="num">legacy values</th><th>shape</th></tr></thead><tbody>${rows}</tbody></table>` +
    `<pre class="diff">${h(rule)}</pre>`
  );
}

function dryRunBlock(d: ComparisonFigures): string {
  return (
    `<p>${h(d.samples)} comparisons, match ${h(formatRate(d.matchRate))}, errors ${h(formatRate(d.errorRate))}, ` +
    `timeouts ${h(formatRate(d.timeoutRate))}.</p>` +
    pathsTable(d)
  );
}
