import type { AhtCaseReport, AhtPathReport, AhtReport, ArmDifference, ArmStats, Guardrail } from '../aht/aht-report.js';
import { caseSentence, formatP, guardrailsText, powerText, REASON_WORDS } from './aht-sentence.js';
import { distributionChart } from './charts/distribution.js';
import { intervalChart } from './charts/interval.js';
import { timeSeriesChart } from './charts/time-series.js';
import { escapeHtml as h } from './escape-html.js';
import { escapeMarkdownText as m } from './escape-markdown.js';
import { formatRate } from './format-figures.js';
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

function verdictText(v: AhtCaseReport['verdict'], reason: AhtCaseReport['reason']): string {
  return reason === null ? VERDICT_WORDS[v] : `${VERDICT_WORDS[v]} (${REASON_WORDS[reason]})`;
}

function diffText(d: ArmDifference): string {
  if (d.mean_s === null) return '–';
  const ci = d.ci_low_s === null || d.ci_high_s === null ? '' : ` [${formatSeconds(d.ci_low_s, true)}, ${formatSeconds(d.ci_high_s, true)}]`;
  return `${formatSeconds(d.mean_s, true)}${ci}`;
}

function armText(a: ArmStats): string {
  return `n = ${a.n}, ${a.operators} operators, mean ${formatSeconds(a.mean_s)}, median ${formatSeconds(a.median_s)}, p90 ${formatSeconds(a.p90_s)}`;
}

function windowText(report: AhtReport): string {
  return `handlings from ${report.since ?? 'the start'} until ${report.until ?? 'now'}${report.store ? `, read from the store ${report.store}` : ''}`;
}

/** The AHT report's HTML body, reusable inside the dashboard. */
export function ahtReportBody(report: AhtReport, notes: readonly string[] = []): string {
  const margin = report.method.equivalence_margin_s;
  const md = report.method;
  const parts = [
    `<h1>AHT report</h1>`,
    ...report.cases.map((c) => `<p class="sentence">${h(caseSentence(c, margin))}</p>`),
    `<p class="muted">Generated ${h(report.generated_at)}, ${h(windowText(report))}.</p>`,
    ...notes.map((n) => `<p class="note">${h(n)}</p>`),
    `<section id="cases"><h2>Case types</h2>`,
    casesTable(report.cases),
    ...report.cases.map((c) => caseBlock(c, margin)),
    `</section>`,
    `<section id="paths"><h2>Paths</h2>`,
    `<p class="muted">${h(md.multiple_paths)}.</p>`,
    pathsTable(report.paths),
    ...report.paths.map((p) => pathBlock(p, margin)),
    `</section>`,
    `<section id="method"><h2>Method</h2><ul><li>Unit: ${h(md.unit)}</li><li>Test: ${h(md.test)}</li><li>Interval: ${h(md.ci)}</li>` +
      `<li>Repeated looks: ${h(md.sequential)}</li><li>Many paths: ${h(md.multiple_paths)}</li><li>Guardrails: ${h(md.guardrails)}</li>` +
      `<li>Outliers: ${h(md.outliers)}</li><li>Equivalence margin: ±${h(margin)} s (shaded in the interval charts)</li></ul>` +
      `<p class="muted">Charts: AHT per day per arm with the canary percent; each operator's mean as a dot; each arm's handlings on a log-time axis ` +
      `(box: quartiles and median; whisker: 5th–95th percentile, values written at its ends; n is the data's count, the dots a sample of at most 200); ` +
      `new − legacy with its 95% interval around zero, where an interval inside the shaded band means no difference that matters.</p></section>`,
  ];
  return parts.join('\n');
}

function badge(v: AhtCaseReport['verdict'], reason: AhtCaseReport['reason'] = null): string {
  return `<span class="badge ${h(v)}">${h(VERDICT_WORDS[v])}</span>${reason === null ? '' : ` <span class="reason">${h(REASON_WORDS[reason])}</span>`}`;
}

function casesTable(cases: AhtCaseReport[]): string {
  if (cases.length === 0) return '<p class="muted">No handlings in this window.</p>';
  const rows = cases.map(
    (c) =>
      `<tr><td>${h(c.name)}</td><td>${h(armText(c.arms.legacy))}</td><td>${h(armText(c.arms.new))}</td>` +
      `<td class="num">${h(diffText(c.difference))}</td><td class="num">${h(formatP(c.difference.p_value))}</td>` +
      `<td class="num">${h(c.icc === null ? '–' : c.icc.toFixed(2))}</td><td>${badge(c.verdict, c.reason)}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>case type</th><th>legacy</th><th>new</th><th class="num">new − legacy [95% CI]</th><th class="num">p</th><th class="num">ICC</th><th>verdict</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function rateCell(g: Guardrail['legacy']): string {
  return g.rate === null ? '–' : `${formatRate(g.rate)} [${formatRate(g.ci_low)}, ${formatRate(g.ci_high)}] (${g.count}/${g.of})`;
}

function guardrailRows(c: AhtCaseReport): [string, string, string, string][] {
  const g = c.guardrails;
  const diff = (x: Guardrail): string =>
    x.difference.rate === null
      ? '–'
      : `${x.difference.rate >= 0 ? '+' : ''}${(x.difference.rate * 100).toFixed(1)} pts${x.difference.ci_low === null || x.difference.ci_high === null ? '' : ` [${(x.difference.ci_low * 100).toFixed(1)}, ${(x.difference.ci_high * 100).toFixed(1)}]`}${x.worse_on_new ? ' worse on new' : ''}`;
  return [
    ['abandonment', g.end_reasons_known ? rateCell(g.abandonment.legacy) : 'not known per arm', g.end_reasons_known ? rateCell(g.abandonment.new) : 'not known per arm', g.end_reasons_known ? diff(g.abandonment) : '–'],
    [`reopened within ${durationText(g.reopen_within_ms)}`, rateCell(g.reopen.legacy), rateCell(g.reopen.new), diff(g.reopen)],
    ['transferred', String(g.transferred.legacy), String(g.transferred.new), '–'],
  ];
}

function durationText(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms / 1000} s`;
}

/** Seconds for the tables: two decimals below 1 s (short handlings), else one. */
function formatSeconds(s: number | null, signed = false): string {
  if (s === null) return '–';
  const digits = Math.abs(s) < 1 && s !== 0 ? 2 : 1;
  return `${signed && s > 0 ? '+' : ''}${s.toFixed(digits)} s`;
}

function caseBlock(c: AhtCaseReport, margin: number): string {
  const excluded = `Left out of the durations: ${c.abandoned} abandoned, ${c.transferred} transferred to another operator, ${c.mixed} served by both stacks, ${c.over_max_duration} over the maximum duration.`;
  const srm = c.srm
    ? `<p class="${c.srm.mismatch ? 'error' : 'muted'}">Sample ratio: expected ${h((c.srm.expected_new_share * 100).toFixed(1))}% new, observed ${h((c.srm.observed_new_share * 100).toFixed(1))}% (p ${h(formatP(c.srm.p_value))})${c.srm.mismatch ? ' — mismatch: check the canary assignment before trusting the figures' : ''}.</p>`
    : '';
  const av = c.difference.always_valid;
  const avText =
    av && av.ci_low_s !== null && av.ci_high_s !== null
      ? `<p class="muted">Interval the verdict uses (valid under repeated looks, ${h((av.level * 100).toPrecision(4))}%): [${h(formatSeconds(av.ci_low_s, true))}, ${h(formatSeconds(av.ci_high_s, true))}]; Mann–Whitney p on operator means ${h(formatP(c.difference.mann_whitney_p))}; ICC ${h(c.icc === null ? '–' : c.icc.toFixed(2))}.</p>`
      : '';
  const pw = powerText(c);
  const cuped = c.cuped
    ? `<p class="muted">CUPED (pre-period covariate, ${h(c.cuped.operators_with_covariate)} operators with one): ${h(diffText(c.cuped))}, p ${h(formatP(c.cuped.p_value))}, variance reduced by ${h((c.cuped.variance_reduction * 100).toFixed(0))}%.</p>`
    : '';
  const rails = guardrailRows(c)
    .map(([name, l, n, d]) => `<tr><td>${h(name)}</td><td class="num">${h(l)}</td><td class="num">${h(n)}</td><td class="num">${h(d)}</td></tr>`)
    .join('');
  return [
    `<div class="case"><h3>${h(c.name)} ${badge(c.verdict, c.reason)}</h3>`,
    `<p>${h(caseSentence(c, margin))}</p>`,
    avText,
    pw === null ? '' : `<p class="muted">Power: ${h(pw)}.</p>`,
    cuped,
    `<p class="muted">${h(excluded)}</p>`,
    srm,
    `<table><thead><tr><th>guardrail</th><th class="num">legacy [95% CI]</th><th class="num">new [95% CI]</th><th class="num">new − legacy [95% CI]</th></tr></thead><tbody>${rails}</tbody></table>`,
    c.daily.length === 0 ? '' : `<p class="muted">AHT per day per arm, with the canary percent:</p>`,
    c.daily.length === 0
      ? ''
      : timeSeriesChart(
          `AHT per day per arm, ${c.name}`,
          c.daily.map((d) => ({ day: d.day, legacy: d.legacy.mean_s, new: d.new.mean_s, canaryPercent: d.canary_percent })),
        ),
    `<p class="muted">Each operator's mean handling time (n = operators):</p>`,
    distributionChart(`Operator means per arm, ${c.name}`, [
      { label: 'legacy', values: c.arms.legacy.operator_means_s },
      { label: 'new', values: c.arms.new.operator_means_s },
    ]),
    `<p class="muted">Handling times, log axis (n = handlings):</p>`,
    distributionChart(`Handling time per arm, ${c.name}`, [
      { label: 'legacy', values: c.arms.legacy.sample_s, n: c.arms.legacy.n },
      { label: 'new', values: c.arms.new.sample_s, n: c.arms.new.n },
    ]),
    `<p class="muted">new − legacy with its 95% interval (shaded: ±${h(margin)} s, no difference that matters):</p>`,
    intervalChart(`Difference new − legacy, ${c.name}`, { mean: c.difference.mean_s, low: c.difference.ci_low_s, high: c.difference.ci_high_s, margin }),
    `</div>`,
  ].join('\n');
}

function pathsTable(paths: AhtPathReport[]): string {
  if (paths.length === 0) return '<p class="muted">No per-path figures.</p>';
  const rows = paths.map(
    (p) =>
      `<tr><td>${h(p.case)}</td><td><code>${h(p.method)} ${h(p.route_id)}</code></td><td class="num">${h(formatSeconds(p.arms.legacy.mean_s))} (n = ${h(p.arms.legacy.n)}, ${h(p.arms.legacy.operators)} ops)</td>` +
      `<td class="num">${h(formatSeconds(p.arms.new.mean_s))} (n = ${h(p.arms.new.n)}, ${h(p.arms.new.operators)} ops)</td><td class="num">${h(diffText(p.difference))}</td>` +
      `<td class="num">${h(formatP(p.difference.p_value))}</td><td>${badge(p.verdict, p.reason)}</td></tr>`,
  );
  return (
    `<table><thead><tr><th>case type</th><th>path</th><th class="num">legacy dwell</th><th class="num">new dwell</th><th class="num">new − legacy [95% CI]</th><th class="num">p (BH)</th><th>verdict</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>`
  );
}

function pathBlock(p: AhtPathReport, margin: number): string {
  const name = `${p.case}: ${p.method} ${p.route_id}`;
  return [
    `<div class="path"><h3>${h(name)} ${badge(p.verdict, p.reason)}</h3>`,
    distributionChart(`Dwell per arm, ${name}`, [
      { label: 'legacy', values: p.arms.legacy.sample_s, n: p.arms.legacy.n },
      { label: 'new', values: p.arms.new.sample_s, n: p.arms.new.n },
    ]),
    intervalChart(`Dwell difference new − legacy, ${name}`, { mean: p.difference.mean_s, low: p.difference.ci_low_s, high: p.difference.ci_high_s, margin }),
    `</div>`,
  ].join('\n');
}

function ahtMarkdown(report: AhtReport, notes: readonly string[]): string {
  const md = report.method;
  const margin = md.equivalence_margin_s;
  const out = ['## AHT report', ''];
  for (const c of report.cases) out.push(m(caseSentence(c, margin)), '');
  out.push(`Generated ${m(report.generated_at)}, ${m(windowText(report))}.`, '');
  for (const n of notes) out.push(`> ${m(n)}`, '');
  out.push(
    '| case type | legacy n | legacy operators | legacy mean | new n | new operators | new mean | new − legacy [95% CI] | p | ICC | verdict |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const c of report.cases) {
    out.push(
      `| ${m(c.name)} | ${c.arms.legacy.n} | ${c.arms.legacy.operators} | ${formatSeconds(c.arms.legacy.mean_s)} | ${c.arms.new.n} | ${c.arms.new.operators} | ${formatSeconds(c.arms.new.mean_s)} | ` +
        `${diffText(c.difference)} | ${m(formatP(c.difference.p_value))} | ${c.icc === null ? '–' : c.icc.toFixed(2)} | ${verdictText(c.verdict, c.reason)} |`,
    );
  }
  for (const c of report.cases) {
    const pw = powerText(c);
    out.push('', `### ${m(c.name)}`, '');
    if (pw !== null) out.push(`- Power: ${m(pw)}.`);
    out.push(`- Guardrails: ${m(guardrailsText(c))}.`);
    for (const [name, l, n, d] of guardrailRows(c)) out.push(`  - ${m(name)}: legacy ${m(l)}; new ${m(n)}; new − legacy ${m(d)}`);
    if (c.cuped) out.push(`- CUPED: ${diffText(c.cuped)}, p ${m(formatP(c.cuped.p_value))}, variance reduced by ${(c.cuped.variance_reduction * 100).toFixed(0)}%.`);
    out.push(`- Left out of the durations: ${c.abandoned} abandoned, ${c.transferred} transferred to another operator, ${c.mixed} served by both stacks, ${c.over_max_duration} over the maximum duration.`);
    if (c.daily.length > 0) {
      out.push('', '| day | legacy n | legacy mean | new n | new mean | canary |', '| --- | ---: | ---: | ---: | ---: | ---: |');
      for (const d of c.daily) {
        out.push(`| ${d.day} | ${d.legacy.n} | ${formatSeconds(d.legacy.mean_s)} | ${d.new.n} | ${formatSeconds(d.new.mean_s)} | ${d.canary_percent === null ? '–' : `${d.canary_percent}%`} |`);
      }
    }
  }
  if (report.paths.length > 0) {
    out.push('', `Paths: ${m(md.multiple_paths)}.`, '');
    out.push('| case type | path | legacy dwell | new dwell | new − legacy [95% CI] | p (BH) | verdict |', '| --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const p of report.paths) {
      out.push(
        `| ${m(p.case)} | ${m(`${p.method} ${p.route_id}`)} | ${formatSeconds(p.arms.legacy.mean_s)} | ${formatSeconds(p.arms.new.mean_s)} | ${diffText(p.difference)} | ${m(formatP(p.difference.p_value))} | ${verdictText(p.verdict, p.reason)} |`,
      );
    }
  }
  out.push(
    '',
    '### Method',
    '',
    `- Unit: ${m(md.unit)}.`,
    `- Test: ${m(md.test)}.`,
    `- Interval: ${m(md.ci)}.`,
    `- Repeated looks: ${m(md.sequential)}.`,
    `- Guardrails: ${m(md.guardrails)}.`,
    `- Outliers: ${m(md.outliers)}.`,
    `- Equivalence margin: ±${margin} s.`,
  );
  return `${out.join('\n')}\n`;
}
