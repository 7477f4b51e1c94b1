import type { ComparisonFigures, DiffReport, RouteDiffReport } from './diff-report.js';
import { escapeCodeFence, escapeMarkdownCell as m } from './escape-markdown.js';
import { exampleDiff, unifiedDiffText } from './example-diff.js';
import { formatMs, formatRate } from './format-figures.js';

/** Examples shown per path in Markdown (a pull-request comment stays short). */
const MD_EXAMPLES = 1;
/** GitHub refuses comments over 65536 characters; stay under it with room for a heading. */
export const MD_COMMENT_LIMIT = 60_000;

/** The diff report as Markdown for a pull-request comment: tables and fenced diffs, no HTML; examples are dropped when it would not fit. */
export function renderDiffMarkdown(report: DiffReport): string {
  const full = markdown(report, MD_EXAMPLES);
  if (full.length <= MD_COMMENT_LIMIT) return full;
  const note = '\n_Examples left out to fit a pull-request comment: see the HTML report._\n';
  const lean = markdown(report, 0);
  return lean.length + note.length <= MD_COMMENT_LIMIT ? lean + note : `${lean.slice(0, MD_COMMENT_LIMIT - note.length)}\n${note}`;
}

function markdown(report: DiffReport, examples: number): string {
  const t = report.gateThresholds;
  const out = [
    `## Shadow diff report`,
    '',
    `Generated ${m(report.generatedAt)}${report.since ? `, results since ${m(report.since)}` : ''}${report.store ? ` from the store ${m(report.store)}` : ''}. ` +
      `**${report.totals.ready} of ${report.totals.routes} routes ready**; ${report.totals.samples} read comparisons, ` +
      `${report.totals.dryRunSamples} dry-run write comparisons. Gate: ≥ ${t.minSamples} samples, match ≥ ${formatRate(t.minMatch)}, errors ≤ ${formatRate(t.maxErrorRate)}.`,
    '',
    '| route | mode | samples | match | errors | timeouts | legacy p50/p95 | candidate p50/p95 | gate |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.routes.map(
      (r) =>
        `| ${m(r.routeId)} | ${m(r.flag?.mode ?? '–')} | ${r.samples} | ${formatRate(r.matchRate)} | ${formatRate(r.errorRate)} | ` +
        `${formatRate(r.timeoutRate)} | ${formatMs(r.latency.legacy.p50)} / ${formatMs(r.latency.legacy.p95)} | ` +
        `${formatMs(r.latency.candidate.p50)} / ${formatMs(r.latency.candidate.p95)} | ${r.gate.ready ? '✅ ready' : '❌ not ready'} |`,
    ),
  ];
  for (const r of report.routes) out.push('', ...routeSection(r, examples));
  return `${out.join('\n')}\n`;
}

function routeSection(r: RouteDiffReport, examples: number): string[] {
  const out = [`### ${m(r.routeId)}`, ''];
  for (const reason of r.gate.reasons) out.push(`- ${m(reason)}`);
  if (r.gate.reasons.length > 0) out.push('');
  out.push(...pathsTable('Differing paths (reads)', r, examples));
  if (r.noise.paths.length > 0) {
    out.push(`Noise learned (${r.noise.baselineSamples} baseline comparisons): ${r.noise.paths.map((p) => `${m(p.path)} ×${p.count}`).join(', ')}.`, '');
    out.push('Suggested rules:', '', '```yaml', 'compare:', '  ignore:', ...r.noise.suggestedRules.ignore.map((p) => `    - ${JSON.stringify(escapeCodeFence(p))}`), '```', '');
  }
  if (r.dryRun) out.push(`Dry-run writes: ${r.dryRun.samples} comparisons, match ${formatRate(r.dryRun.matchRate)}, errors ${formatRate(r.dryRun.errorRate)}.`, '', ...pathsTable('Differing paths (dry-run writes)', r.dryRun, examples));
  return out;
}

function pathsTable(title: string, f: ComparisonFigures, examples: number): string[] {
  if (f.topPaths.length === 0) return [`${title}: none after normalisation and noise.`, ''];
  const out = [`${title}:`, '', '| path | kind | results | share |', '| --- | --- | ---: | ---: |'];
  for (const p of f.topPaths) out.push(`| ${m(p.path)} | ${p.kind} | ${p.count} | ${formatRate(p.share)} |`);
  out.push('');
  for (const p of f.topPaths) {
    for (const e of p.examples.slice(0, examples)) {
      const lines = exampleDiff(e.legacy, e.candidate, { legacy: 'legacy' in e, candidate: 'candidate' in e });
      out.push(`Example at ${m(e.path)} (${m(e.method)} ${m(e.requestPath)}):`, '', '```diff', escapeCodeFence(unifiedDiffText(lines)), '```', '');
    }
  }
  return out;
}
