export type { Store } from './store.js';
export { openStore, resolveStoreUrl, isStoreUnreachable } from './open-store.js';
export { parseDuration } from './duration.js';
export { createBatchWriter } from './batch-writer.js';
export type { BatchWriter } from './batch-writer.js';
export { exportToBigQuery } from './export-bigquery.js';
export { exportToNdjson } from './export-ndjson.js';
export type { BigQueryField, ExportProgress } from './export-schema.js';
export { createWriterMetrics } from './writer-metrics.js';
