export { buildDiffReport, AFFECTED_LIMIT } from './diff-report.js';
export type {
  DiffReport, DiffReportOptions, RouteDiffReport, ComparisonFigures, DiffPathSummary, DiffExample, AffectedRequest, NoisePathSummary, LatencySummary,
} from './diff-report.js';
export { renderDiffReport } from './render-diff-report.js';
export { renderAhtReport, SHARED_THINK_TIMES_NOTE } from './render-aht.js';
export { parseReportFormat } from './report-format.js';
export type { ReportFormat } from './report-format.js';
