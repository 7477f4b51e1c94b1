export type { Store, StoreDialect, FlagChange, SessionBinding, StoredGate } from './store.js';
export { openStore, resolveStoreUrl, isStoreUnreachable, DEFAULT_STORE_URL, withoutPassword, sqliteFileOf } from './open-store.js';
export type { OpenStoreOptions } from './open-store.js';
export { parseDuration } from './duration.js';
export { recentEvents, eventsAfter } from './recent-events.js';
export type { SequencedEvent } from './recent-events.js';
export {
  STORE_ERR_BAD_URL, STORE_ERR_MIGRATION, STORE_ERR_BAD_DURATION, STORE_ERR_FLUSH_FAILED, STORE_ERR_EXPORT_FAILED, STORE_ERR_UNAVAILABLE,
  STORE_ERR_TIMEOUT, STORE_ERR_NO_REDACT_KEY, STORE_ERR_NO_DATABASE,
} from './errors.js';
export { createBatchWriter } from './batch-writer.js';
export type { BatchWriter } from './batch-writer.js';
export { exportToBigQuery } from './export-bigquery.js';
export { exportToNdjson } from './export-ndjson.js';
export type { NdjsonExportOptions, NdjsonExportFile } from './export-ndjson.js';
export { BIGQUERY_SCHEMAS, EXPORT_TABLES } from './export-schema.js';
export type { BigQueryField, ExportTable, ExportProgress } from './export-schema.js';
export { createWriterMetrics } from './writer-metrics.js';
export { pseudonymiseOperator } from './export-pseudonymise.js';
export { ensureStoredRedactKey, readStoredRedactKey } from './redact-key.js';
