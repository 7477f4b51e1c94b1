import type { ComparisonFigures, DiffReport, RouteDiffReport } from './diff-report.js';
import { escapeCodeFence, escapeMarkdownCell as m } from './escape-markdown.js';
import { exampleDiff, unifiedDiffText } from './example-diff.js';
import { formatMs, formatRate } from './format-figures.js';

const STATUS_MD = { ready: '✅ ready', 'not ready': '❌ not ready', 'in new': '➡️ in new' } as const;

/** Examples shown per path in Markdown (a pull-request comment stays short). */
const MD_EXAMPLES = 1;
/** Distinct affected requests listed per path in Markdown; the JSON report lists up to 1,000. */
const MD_AFFECTED = 20;
/** GitHub refuses comments over 65536 characters; stay under it with room for a heading. */
export const MD_COMMENT_LIMIT = 60_000;

/** The diff report as Markdown for a pull-request comment: tables and fenced diffs, no HTML; examples are dropped when it would not fit. */
export function renderDiffMarkdown(report: DiffReport): string {
  const full = markdown(report, MD_EXAMPLES, MD_AFFECTED);
  if (full.length <= MD_COMMENT_LIMIT) return full;
  const note = '\n_Examples left out to fit a pull-request comment, and all but 3 affected requests a path: see the HTML or JSON report._\n';
  const lean = markdown(report, 0, 3);
  return lean.length + note.length <= MD_COMMENT_LIMIT ? lean + note : `${lean.slice(0, MD_COMMENT_LIMIT - note.length - 1)}\n${note}`;
}

function markdown(report: DiffReport, examples: number, affected: number): string {
  const t = report.gateThresholds;
  const out = [
    `## Shadow diff report`,
    '',
    `Generated ${m(report.generatedAt)}${report.since ? `, results since ${m(report.since)}` : ''}${report.store ? ` from the store ${m(report.store)}` : ''}. ` +
      `**${report.totals.ready} of ${report.totals.routes} routes ready**; ${report.totals.samples} read comparisons, ` +
      `${report.totals.dryRunSamples} dry-run write comparisons. Gate: ≥ ${t.minSamples} samples, match ≥ ${formatRate(t.minMatch)}, errors ≤ ${formatRate(t.maxErrorRate)}. ` +
      'Samples and match are the gate\'s (reads and dry-runs in its window), as `strangler gate` and the dashboard show them.',
    '',
    '| route | mode | samples | match | errors | timeouts | legacy p50/p95 | candidate p50/p95 | gate |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
    ...report.routes.map(
      (r) =>
        `| ${m(r.routeId)} | ${m(r.flag?.mode ?? '–')} | ${r.gate.samples} | ${formatRate(r.gate.samples === 0 ? null : r.gate.matchRate)} | ${formatRate(r.gate.samples === 0 ? null : r.gate.errorRate)} | ` +
        `${formatRate(r.timeoutRate)} | ${formatMs(r.latency.legacy.p50)} / ${formatMs(r.latency.legacy.p95)} | ` +
        `${formatMs(r.latency.candidate.p50)} / ${formatMs(r.latency.candidate.p95)} | ${STATUS_MD[r.status]} |`,
    ),
  ];
  for (const r of report.routes) out.push('', ...routeSection(r, examples, affected));
  return `${out.join('\n')}\n`;
}

function routeSection(r: RouteDiffReport, examples: number, affected: number): string[] {
  const out = [`### ${m(r.routeId)}`, ''];
  for (const reason of r.gate.reasons) out.push(`- ${m(reason)}`);
  if (r.gate.maskedByNoise > 0) out.push(`- masked as noise: ${r.gate.maskedByNoise} of ${r.gate.samples} comparisons matched only through learned noise${r.gate.noiseDominated ? ' (noise-dominated)' : ''}`);
  if (r.gate.reasons.length > 0) out.push('');
  out.push(...pathsTable('Differing paths (reads)', r, examples, affected));
  if (r.noise.paths.length > 0) {
    out.push(`Noise learned (${r.noise.baselineSamples} baseline comparisons): ${r.noise.paths.map((p) => `${m(p.path)} ×${p.count}`).join(', ')}.`, '');
    out.push('Suggested rules:', '', '```yaml', 'compare:', '  ignore:', ...r.noise.suggestedRules.ignore.map((p) => `    - ${JSON.stringify(escapeCodeFence(p))}`), '```', '');
  }
  if (r.dryRun) out.push(`Dry-run writes: ${r.dryRun.samples} comparisons, match ${formatRate(r.dryRun.matchRate)}, errors ${formatRate(r.dryRun.errorRate)}.`, '', ...pathsTable('Differing paths (dry-run writes)', r.dryRun, examples, affected));
  if (r.writeNoise && r.writeNoise.paths.length > 0) {
    out.push(
      `Write noise: each write generates these anew (legacy's own value changed between writes; the candidate's differed in value, not shape): ` +
        `${r.writeNoise.paths.map((p) => `${m(p.path)} (${p.writes} writes, shape ${m(p.shape)})`).join(', ')}. Review, then compare them by shape:`,
      '',
      '```yaml',
      'compare:',
      '  generated:',
      ...r.writeNoise.suggestedRules.generated.map((p) => `    - ${JSON.stringify(escapeCodeFence(p))}`),
      '```',
      '',
    );
  }
  return out;
}

function pathsTable(title: string, f: ComparisonFigures, examples: number, affected: number): string[] {
  if (f.topPaths.length === 0) return [`${title}: none after normalisation and noise.`, ''];
  const out = [`${title}:`, '', '| path | kind | results | share |', '| --- | --- | ---: | ---: |'];
  for (const p of f.topPaths) out.push(`| ${m(p.path)} | ${p.kind} | ${p.count} | ${formatRate(p.share)} |`);
  out.push('');
  for (const p of f.topPaths) {
    out.push(`Requests where ${m(p.path)} differed (${p.affectedTotal} distinct):`, '');
    for (const a of p.affected.slice(0, affected)) out.push(`- ${m(a.method)} ${codeSpan(a.path)} ×${a.count}`);
    const more = p.affectedTotal - Math.min(p.affected.length, affected);
    if (more > 0) out.push(`- … and ${more} more (the JSON report lists up to 1,000)`);
    out.push('');
    for (const e of p.examples.slice(0, examples)) {
      const lines = exampleDiff(e.legacy, e.candidate, { legacy: 'legacy' in e, candidate: 'candidate' in e });
      out.push(`Example at ${m(e.path)} (${m(e.method)} ${m(e.requestPath)}):`, '', '```diff', escapeCodeFence(unifiedDiffText(lines)), '```', '');
    }
  }
  return out;
}

/** A code span that holds any text: fenced with one more backtick than the longest run inside. */
function codeSpan(text: string): string {
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`;
}
