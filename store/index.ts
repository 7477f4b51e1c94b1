export type { Store, StoreDialect, FlagChange } from './store.js';
export type { RequestEvent, ServedBy } from './request-event.js';
export type { ShadowResult, ShadowKind } from './shadow-result.js';
export type { Flag, FlagAudit, RouteMode } from './flag.js';
export { openStore, resolveStoreUrl, isStoreUnreachable, DEFAULT_STORE_URL } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { parseDuration } from './duration.js';
export { recentEvents, eventsAfter } from './recent-events.js';
export type { SequencedEvent } from './recent-events.js';
export {
  STORE_ERR_BAD_URL, STORE_ERR_MIGRATION, STORE_ERR_BAD_DURATION, STORE_ERR_FLUSH_FAILED, STORE_ERR_EXPORT_FAILED, STORE_ERR_UNAVAILABLE,
  STORE_ERR_TIMEOUT,
} from './errors.js';
export { createBatchWriter } from './batch-writer.js';
export type { BatchWriter, BatchWriterOptions, BatchWriterStats, BatchWriterLogger, BatchWriterMetrics, BatchKind } from './batch-writer.js';
export { exportToBigQuery, bigQueryWatermarkName } from './export-bigquery.js';
export type { BigQueryExportOptions, ExportSummary } from './export-bigquery.js';
export { exportToNdjson } from './export-ndjson.js';
export type { NdjsonExportOptions, NdjsonExportFile } from './export-ndjson.js';
export { BIGQUERY_SCHEMAS, EXPORT_TABLES } from './export-schema.js';
export type { BigQueryField, ExportTable, ExportProgress } from './export-schema.js';
