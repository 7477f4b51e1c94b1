export { buildDiffReport, AFFECTED_LIMIT } from './diff-report.js';
export type {
  DiffReport, DiffReportOptions, RouteDiffReport, ComparisonFigures, DiffPathSummary, DiffExample, AffectedRequest, NoisePathSummary, LatencySummary,
} from './diff-report.js';
export { renderDiffReport } from './render-diff-report.js';
export { renderAhtReport, SHARED_THINK_TIMES_NOTE } from './render-aht.js';
export { parseReportFormat } from './report-format.js';
export type { ReportFormat } from './report-format.js';
export {
  RPT_ERR_BAD_FORMAT, RPT_ERR_BAD_TIME, RPT_ERR_BAD_PERIOD, RPT_ERR_LOGIN, RPT_ERR_NO_SESSION, RPT_ERR_CSRF, RPT_ERR_CROSS_SITE, RPT_ERR_FORCE_REASON, RPT_ERR_BAD_CHANGE,
  RPT_ERR_NOT_FOUND,
} from './errors.js';
export { parseReportTime } from './report-time.js';
export { caseSentence, formatP } from './aht-sentence.js';
