export { buildDiffReport } from './diff-report.js';
export type { DiffReport } from './diff-report.js';
export { renderDiffReport } from './render-diff-report.js';
export { renderAhtReport, SHARED_THINK_TIMES_NOTE } from './render-aht.js';
export { parseReportFormat } from './report-format.js';
export type { ReportFormat } from './report-format.js';
export { RPT_ERR_BAD_PERIOD } from './errors.js';
export { parseReportTime } from './report-time.js';
export { caseSentence } from './aht-sentence.js';
