import type { Store } from './store.js';
import type { ExportTable } from './export-schema.js';

/** Rows of `table` after insertion counter `afterSeq` (and at or after `sinceMs`), oldest first, `limit` at most. */
export async function readBatch(
  store: Store, table: ExportTable, afterSeq: number, sinceMs: number | undefined, limit: number, upToSeq: number,
): Promise<Record<string, unknown>[]> {
  const since = sinceMs === undefined ? '' : ' AND ts >= ?';
  const params = sinceMs === undefined ? [afterSeq, upToSeq] : [afterSeq, upToSeq, sinceMs];
  return store.query(`SELECT * FROM ${table} WHERE seq > ? AND seq <= ?${since} ORDER BY seq LIMIT ${Math.floor(limit)}`, params);
}

/** How many rows a read from `afterSeq` (and `sinceMs`) will return in all. */
export async function countAfter(
  store: Store, table: ExportTable, afterSeq: number, sinceMs: number | undefined, upToSeq: number,
): Promise<number> {
  const since = sinceMs === undefined ? '' : ' AND ts >= ?';
  const params = sinceMs === undefined ? [afterSeq, upToSeq] : [afterSeq, upToSeq, sinceMs];
  const [row] = await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table} WHERE seq > ? AND seq <= ?${since}`, params);
  return Number(row?.n ?? 0);
}
