import { createWriteStream } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import type { Store } from './store.js';
import { BIGQUERY_SCHEMAS, EXPORT_TABLES, exportRow } from './export-schema.js';
import type { ExportProgress, ExportTable } from './export-schema.js';
import { countAfter, readBatch } from './export-read.js';
import { pseudonymiseOperator } from './export-pseudonymise.js';

/** What to write and from when. */
export interface NdjsonExportOptions {
  /** Output folder (created when missing). */
  outDir: string;
  /** Only rows at or after this time (epoch ms). */
  sinceMs?: number;
  /** Rows read per query (default 5000). */
  batchSize?: number;
  /** When set, `operator_id` is exported as its keyed hash under this key (`--pseudonymise-operators`). */
  operatorKey?: string | null;
  onProgress?(p: ExportProgress): void;
}

/** One written table: its data file, its schema file and the row count. */
export interface NdjsonExportFile {
  table: ExportTable;
  dataFile: string;
  schemaFile: string;
  rows: number;
}

/**
 * Write `<table>.ndjson` (one JSON object per line, RFC 3339 timestamps, JSON columns as strings) and
 * `<table>.schema.json` for each table, ready for
 * `bq load --source_format=NEWLINE_DELIMITED_JSON DATASET.TABLE <table>.ndjson <table>.schema.json`.
 */
export async function exportToNdjson(store: Store, opts: NdjsonExportOptions): Promise<NdjsonExportFile[]> {
  await mkdir(opts.outDir, { recursive: true });
  const batchSize = opts.batchSize ?? 5000;
  const out: NdjsonExportFile[] = [];
  for (const table of EXPORT_TABLES) {
    const schemaFile = join(opts.outDir, `${table}.schema.json`);
    await writeFile(schemaFile, `${JSON.stringify(BIGQUERY_SCHEMAS[table], null, 2)}\n`);
    const dataFile = join(opts.outDir, `${table}.ndjson`);
    const stream = createWriteStream(dataFile);
    const upTo = await store.committedSeq(table);
    const total = await countAfter(store, table, 0, opts.sinceMs, upTo);
    let seq = 0;
    let rows = 0;
    opts.onProgress?.({ table, done: 0, total });
    try {
      for (;;) {
        const batch = await readBatch(store, table, seq, opts.sinceMs, batchSize, upTo);
        if (batch.length === 0) break;
        const text = batch.map((r) => JSON.stringify(pseudonymiseOperator(table, exportRow(table, r), opts.operatorKey))).join('\n') + '\n';
        if (!stream.write(text)) await once(stream, 'drain');
        seq = Number(batch[batch.length - 1].seq);
        rows += batch.length;
        opts.onProgress?.({ table, done: rows, total: Math.max(total, rows) });
      }
    } finally {
      stream.end();
      await once(stream, 'finish').catch(() => undefined);
    }
    out.push({ table, dataFile, schemaFile, rows });
  }
  return out;
}
