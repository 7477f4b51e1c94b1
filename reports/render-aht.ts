import type { AhtCaseReport, AhtPathReport, AhtReport, ArmDifference, ArmStats } from '../aht/aht-report.js';
import { distributionChart } from './charts/distribution.js';
import { intervalChart } from './charts/interval.js';
import { escapeHtml as h } from './escape-html.js';
import { escapeMarkdownCell as m } from './escape-markdown.js';
import { formatSeconds } from './format-figures.js';
import { htmlPage } from './html-page.js';
import type { ReportFormat } from './report-format.js';

/** Options of `renderAhtReport`. */
export interface AhtRenderOptions {
  /** True when the data comes from a simulation (the demo) whose think times are drawn from one distribution for both arms. */
  thinkTimesShared?: boolean;
}

/** The sentence printed when think times are shared. */
export const SHARED_THINK_TIMES_NOTE =
  'Simulated data: operator think times are drawn from the same distribution for both arms, so any difference comes only from what differs between the stacks.';

/** Render the AHT report as JSON (the source, with a `notes` list added), Markdown or self-contained HTML with SVG charts. */
export function renderAhtReport(report: AhtReport, format: ReportFormat, opts: AhtRenderOptions = {}): string {
  const notes = opts.thinkTimesShared ? [SHARED_THINK_TIMES_NOTE] : [];
  if (format === 'json') return `${JSON.stringify({ ...report, notes }, null, 2)}\n`;
  if (format === 'md') return ahtMarkdown(report, notes);
  return htmlPage('AHT report', ahtReportBody(report, notes));
}

const VERDICT_WORDS: Record<AhtCaseReport['verdict'], string> = {
  'new-faster': 'new faster',
  'new-slower': 'new slower',
  'no-difference': 'no difference',
  inconclusive: 'inconclusive',
};

function diffText(d: ArmDifference): string {
  if (d.mean_s === null) return '–';
  const ci = d.ci_low_s === null || d.ci_high_s === null ? '' : ` [${formatSeconds(d.ci_low_s, true)}, ${formatSeconds(d.ci_high_s, true)}]`;
  return `${formatSeconds(d.mean_s, true)}${ci}`;
}

function armText(a: ArmStats): string {
  return `n=${a.n}, mean ${formatSeconds(a.mean_s)}, median ${formatSeconds(a.median_s)}, p90 ${formatSeconds(a.p90_s)}`;
}

/** The AHT report's HTML body, reusable inside the dashboard. */
export function ahtReportBody(report: AhtReport, notes: readonly string[] = []): string {
  const margin = report.method.equivalence_margin_s;
  const parts = [
    `<h1>AHT report</h1>`,
    `<p class="muted">Generated ${h(report.generated_at)}${report.since ? `, handlings since ${h(report.since)}` : ''}${report.store ? ` from the store ${h(report.store)}` : ''}.</p>`,
    ...notes.map((n) => `<p class="note">${h(n)}</p>`),
    `<section id="method"><h2>Method</h2><ul><li>Test: ${h(report.method.test)}</li><li>Interval: ${h(report.method.ci)} (seed ${h(report.method.seed)})</li>` +
      `<li>Outliers: ${h(report.method.outliers)}</li><li>Equivalence margin: ±${h(margin)} s (shaded in the charts)</li></ul>` +
      `<p class="muted">Charts: the upper one shows each arm's handlings as dots, the box spans the quartiles with the median line, the whisker the 5th–95th percentile. ` +
      `The lower one shows new − legacy with its 95% interval around zero; an interval inside the shaded band means no difference that matters.</p></section>`,
    `<section id="cases"><h2>Case types</h2>`,
    casesTable(report.cases),
    ...report.cases.map((c) => caseBlock(c, margin)),
    `</section>`,
    `<section id="paths"><h2>Paths</h2>`,
    pathsTable(report.paths),
    ...report.paths.map((p) => pathBlock(p, margin)),
    `</section>`,
  ];
  return parts.join('\n');
}

function badge(v: AhtCaseReport['verdict']): string {
  return `<span class="badge ${h(v)}">${h(VERDICT_WORDS[v])}</span>`;
}

function casesTable(cases: AhtCaseReport[]): string {
  if (cases.length === 0) return '<p class="muted">No handlings in this window.</p>';
  const rows = cases.map(
    (c) =>
      `<tr><td>${h(c.name)}</td><td>${h(armText(c.arms.legacy))}</td><td>${h(armText(c.arms.new))}</td>` +
      `<td class="num">${h(diffText(c.difference))}</td><td class="num">${h(c.difference.p_value === null ? '–' : c.difference.p_value.toFixed(3))}</td>` +
      `<td>${badge(c.verdict)}${c.needed_per_arm !== null ? ` <span class="muted">need ~${h(c.needed_per_arm)} per arm</span>` : ''}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>case type</th><th>legacy</th><th>new</th><th class="num">new − legacy [95% CI]</th><th class="num">p</th><th>verdict</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function caseBlock(c: AhtCaseReport, margin: number): string {
  const excluded = `Left out: ${c.abandoned} abandoned, ${c.transferred} transferred to another operator, ${c.mixed} mixed-arm, ${c.over_max_duration} over the maximum duration.`;
  const srm = c.srm
    ? `<p class="${c.srm.mismatch ? 'error' : 'muted'}">Sample ratio: expected ${h((c.srm.expected_new_share * 100).toFixed(1))}% new, observed ${h((c.srm.observed_new_share * 100).toFixed(1))}% (p=${h(c.srm.p_value.toFixed(3))})${c.srm.mismatch ? ' — mismatch: check the canary assignment before trusting the figures' : ''}.</p>`
    : '';
  return [
    `<div class="case"><h3>${h(c.name)} ${badge(c.verdict)}</h3>`,
    `<p class="muted">${h(excluded)}</p>`,
    srm,
    distributionChart(`Handling time per arm, ${c.name}`, [
      { label: 'legacy', values: c.arms.legacy.sample_s },
      { label: 'new', values: c.arms.new.sample_s },
    ]),
    intervalChart(`Difference new − legacy, ${c.name}`, { mean: c.difference.mean_s, low: c.difference.ci_low_s, high: c.difference.ci_high_s, margin }),
    `</div>`,
  ].join('\n');
}

function pathsTable(paths: AhtPathReport[]): string {
  if (paths.length === 0) return '<p class="muted">No per-path figures.</p>';
  const rows = paths.map(
    (p) =>
      `<tr><td>${h(p.case)}</td><td><code>${h(p.method)} ${h(p.route_id)}</code></td><td class="num">${h(formatSeconds(p.arms.legacy.mean_s))} (n=${h(p.arms.legacy.n)})</td>` +
      `<td class="num">${h(formatSeconds(p.arms.new.mean_s))} (n=${h(p.arms.new.n)})</td><td class="num">${h(diffText(p.difference))}</td><td>${badge(p.verdict)}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>case type</th><th>path</th><th class="num">legacy dwell</th><th class="num">new dwell</th><th class="num">new − legacy [95% CI]</th><th>verdict</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function pathBlock(p: AhtPathReport, margin: number): string {
  const name = `${p.case}: ${p.method} ${p.route_id}`;
  return [
    `<div class="path"><h3>${h(name)} ${badge(p.verdict)}</h3>`,
    distributionChart(`Dwell per arm, ${name}`, [
      { label: 'legacy', values: p.arms.legacy.sample_s },
      { label: 'new', values: p.arms.new.sample_s },
    ]),
    intervalChart(`Dwell difference new − legacy, ${name}`, { mean: p.difference.mean_s, low: p.difference.ci_low_s, high: p.difference.ci_high_s, margin }),
    `</div>`,
  ].join('\n');
}

function ahtMarkdown(report: AhtReport, notes: readonly string[]): string {
  const out = [`## AHT report`, '', `Generated ${m(report.generated_at)}${report.since ? `, handlings since ${m(report.since)}` : ''}${report.store ? ` from the store ${m(report.store)}` : ''}.`, ''];
  for (const n of notes) out.push(`> ${m(n)}`, '');
  out.push(
    `Method: ${m(report.method.test)}; interval ${m(report.method.ci)} (seed ${report.method.seed}); outliers: ${m(report.method.outliers)}; equivalence margin ±${report.method.equivalence_margin_s} s.`,
    '',
    '| case type | legacy n | legacy mean | new n | new mean | new − legacy [95% CI] | p | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const c of report.cases) {
    const need = c.needed_per_arm !== null ? ` (need ~${c.needed_per_arm} per arm)` : '';
    out.push(
      `| ${m(c.name)} | ${c.arms.legacy.n} | ${formatSeconds(c.arms.legacy.mean_s)} | ${c.arms.new.n} | ${formatSeconds(c.arms.new.mean_s)} | ` +
        `${diffText(c.difference)} | ${c.difference.p_value === null ? '–' : c.difference.p_value.toFixed(3)} | ${VERDICT_WORDS[c.verdict]}${need} |`,
    );
  }
  if (report.paths.length > 0) {
    out.push('', '| case type | path | legacy dwell | new dwell | new − legacy [95% CI] | verdict |', '| --- | --- | ---: | ---: | ---: | --- |');
    for (const p of report.paths) {
      out.push(
        `| ${m(p.case)} | ${m(`${p.method} ${p.route_id}`)} | ${formatSeconds(p.arms.legacy.mean_s)} | ${formatSeconds(p.arms.new.mean_s)} | ${diffText(p.difference)} | ${VERDICT_WORDS[p.verdict]} |`,
      );
    }
  }
  return `${out.join('\n')}\n`;
}
