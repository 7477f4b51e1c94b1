export type { AhtReport } from './aht-report.js';
export { sessionizeInStore } from './sql/sessionize-sql.js';
export { eventsAroundWindow } from './sql/window-events.js';
export { buildAhtReport, buildAhtReportFromEvents, reportFromSessions } from './build-report.js';
export type { AhtReportOptions, AhtReportConfig } from './build-report.js';
export { simulateEvents, SIMULATED_CASE } from './simulate.js';
export { importEventsFile, importFormat } from './import/import-events.js';
