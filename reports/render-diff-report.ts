import type { DiffReport } from './diff-report.js';
import { renderDiffHtml } from './render-diff-html.js';
import { renderDiffMarkdown } from './render-diff-markdown.js';
import type { ReportFormat } from './report-format.js';

/** Render the diff report: JSON (the source), Markdown or self-contained HTML. */
export function renderDiffReport(report: DiffReport, format: ReportFormat): string {
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  if (format === 'md') return renderDiffMarkdown(report);
  return renderDiffHtml(report);
}
