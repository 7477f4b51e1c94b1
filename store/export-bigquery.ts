import type { BigQueryOptions } from '@google-cloud/bigquery';
import type { Store } from './store.js';
import { BIGQUERY_SCHEMAS, EXPORT_TABLES, exportRow } from './export-schema.js';
import type { ExportProgress, ExportTable } from './export-schema.js';
import { countAfter, readBatch } from './export-read.js';
import { pseudonymiseOperator } from './export-pseudonymise.js';
import { STORE_ERR_EXPORT_FAILED } from './errors.js';
import { CodedError, importOptional } from '../errors/index.js';

/** Where and how to export to BigQuery. */
export interface BigQueryExportOptions {
  projectId: string;
  datasetId: string;
  /** Dataset location when it is created (default US). */
  location?: string;
  /** API root, e.g. a local fake or a private endpoint (default https://bigquery.googleapis.com). */
  apiEndpoint?: string;
  /** Service-account key file; without it, Application Default Credentials. */
  keyFilename?: string;
  credentials?: BigQueryOptions['credentials'];
  /** A ready auth client (tests, or callers with their own token source). */
  authClient?: BigQueryOptions['authClient'];
  /** Only rows at or after this time (epoch ms); the watermark still applies. */
  sinceMs?: number;
  /** Rows per tabledata.insertAll call (default 500, BigQuery's recommended size). */
  batchSize?: number;
  /** When set, `operator_id` is exported as its keyed hash under this key (`--pseudonymise-operators`). */
  operatorKey?: string | null;
  onProgress?(p: ExportProgress): void;
}

/** What one export run sent per table. */
export interface ExportSummary {
  table: ExportTable;
  exported: number;
  /** The insertion counter reached (the stored watermark). */
  watermark: number;
}

/** The watermark name of a table in one BigQuery dataset. */
export function bigQueryWatermarkName(projectId: string, datasetId: string, table: ExportTable): string {
  return `bigquery:${projectId}.${datasetId}.${table}`;
}

/**
 * Copy new request events and shadow results to BigQuery: create the dataset and the tables when missing
 * (day-partitioned on `ts`, clustered by `route_id`), then stream rows after the stored watermark in
 * batches with insertId = row id, so a re-run or a retried batch adds no duplicates.
 */
export async function exportToBigQuery(store: Store, opts: BigQueryExportOptions): Promise<ExportSummary[]> {
  // An optional dependency: loaded only by this export.
  const { BigQuery } = await importOptional(() => import('@google-cloud/bigquery'), ['@google-cloud/bigquery'], 'strangler export bigquery');
  const bq = new BigQuery({
    projectId: opts.projectId,
    ...(opts.apiEndpoint !== undefined ? { apiEndpoint: opts.apiEndpoint } : {}),
    ...(opts.keyFilename !== undefined ? { keyFilename: opts.keyFilename } : {}),
    ...(opts.credentials !== undefined ? { credentials: opts.credentials } : {}),
    ...(opts.authClient !== undefined ? { authClient: opts.authClient } : {}),
  });
  const target = `BigQuery ${opts.projectId}.${opts.datasetId}`;
  const batchSize = opts.batchSize ?? 500;
  try {
    const dataset = bq.dataset(opts.datasetId);
    const [dsExists] = await dataset.exists();
    if (!dsExists) await dataset.create({ location: opts.location ?? 'US' });

    const out: ExportSummary[] = [];
    for (const name of EXPORT_TABLES) {
      const table = dataset.table(name);
      const [exists] = await table.exists();
      if (!exists) {
        await dataset.createTable(name, {
          schema: { fields: BIGQUERY_SCHEMAS[name].map((x) => ({ ...x })) },
          timePartitioning: { type: 'DAY', field: 'ts' },
          clustering: { fields: ['route_id'] },
        });
      }
      const mark = bigQueryWatermarkName(opts.projectId, opts.datasetId, name);
      let seq = Number((await store.getWatermark(mark)) ?? 0);
      // Only rows every writer has committed: the watermark must never pass a row still being written.
      const upTo = await store.committedSeq(name);
      const total = await countAfter(store, name, seq, opts.sinceMs, upTo);
      let done = 0;
      opts.onProgress?.({ table: name, done, total });
      for (;;) {
        const rows = await readBatch(store, name, seq, opts.sinceMs, batchSize, upTo);
        if (rows.length === 0) break;
        await table.insert(
          rows.map((r) => ({ insertId: String(r.id), json: pseudonymiseOperator(name, exportRow(name, r), opts.operatorKey) })),
          { raw: true, skipInvalidRows: false, ignoreUnknownValues: false },
        );
        // The watermark moves only after BigQuery accepted the batch: a crash re-sends it, and the insert ids dedupe it.
        seq = Number(rows[rows.length - 1].seq);
        await store.setWatermark(mark, String(seq));
        done += rows.length;
        opts.onProgress?.({ table: name, done, total: Math.max(total, done) });
      }
      out.push({ table: name, exported: done, watermark: seq });
    }
    return out;
  } catch (err) {
    if (err instanceof CodedError) throw err;
    const detail = (err as { errors?: unknown[] }).errors;
    const msg = `${(err as Error).message}${Array.isArray(detail) && detail.length > 0 ? ` ${JSON.stringify(detail).slice(0, 500)}` : ''}`;
    throw new STORE_ERR_EXPORT_FAILED(target, msg, err);
  }
}
