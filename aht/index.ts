export type { AhtReport, AhtCaseReport, AhtPathReport, ArmStats, ArmDifference, AhtVerdict, InconclusiveReason, AhtDay, Guardrail, Guardrails } from './aht-report.js';
export type { Handling, HandlingArm, HandlingOutcome, Dwell, Sessions } from './handling.js';
export { emptySessions } from './handling.js';
export { sessionize, sessionizeStream, compileCases, DEFAULT_ABANDON_AFTER_MS, DEFAULT_SKEW_TOLERANCE_MS, NEAR_DUPLICATE_MS } from './sessionize.js';
export type { SessionizeOptions, CompiledCase, StreamEvent } from './sessionize.js';
export { compileCasePattern, compilePathPattern } from './case-pattern.js';
export type { CasePattern } from './case-pattern.js';
export { sessionizeInStore, caseStreamsStatement } from './sql/sessionize-sql.js';
export { eventsAroundWindow } from './sql/window-events.js';
export type { EventRange, SessionizeStatement } from './sql/sessionize-sql.js';
export { buildAhtReport, buildAhtReportFromEvents, reportFromSessions, DEFAULT_SEED, DEFAULT_MIN_OPERATORS } from './build-report.js';
export type { AhtReportOptions, AhtReportConfig } from './build-report.js';
export { simulateEvents, SIMULATED_CASE, PRE_PERIOD_OFFSET_MS } from './simulate.js';
export type { SimulationOptions, Simulation } from './simulate.js';
export {
  AHT_ERR_BAD_CASE_PATTERN, AHT_ERR_BAD_CASE_PARAM, AHT_ERR_BAD_EVENT_LINE, AHT_ERR_BAD_ACCESS_LOG_LINE, AHT_ERR_UNKNOWN_FORMAT, AHT_ERR_SQL_TRUNCATED,
} from './errors.js';
export { importEventsFile, importFormat } from './import/import-events.js';
export type { ImportFormat, ImportOutcome } from './import/import-events.js';
export { createEventDeriver } from './import/derive-event.js';
export type { RawRequest, EventDeriver } from './import/derive-event.js';
export { parseNdjsonLine } from './import/ndjson-line.js';
export { parseAccessLogLine } from './import/access-log-line.js';
export { bigQueryStatements } from './sql/bigquery-sql.js';
export type { BigQueryStatements } from './sql/bigquery-sql.js';
