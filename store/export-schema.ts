import { eventFromRow, resultFromRow } from './rows.js';

/** The tables the exports copy. */
export type ExportTable = 'request_events' | 'shadow_results';

/** Tables in export order. */
export const EXPORT_TABLES: readonly ExportTable[] = ['request_events', 'shadow_results'];

/** One BigQuery schema field (the shape `bq load --schema` and tables.insert accept). */
export interface BigQueryField {
  name: string;
  type: 'STRING' | 'INTEGER' | 'FLOAT' | 'BOOLEAN' | 'TIMESTAMP';
  mode: 'REQUIRED' | 'NULLABLE';
  description?: string;
}

const f = (name: string, type: BigQueryField['type'], mode: BigQueryField['mode'], description?: string): BigQueryField =>
  (description === undefined ? { name, type, mode } : { name, type, mode, description });

/** BigQuery schemas of the exported tables; JSON columns travel as strings (parse with PARSE_JSON / JSON_QUERY). */
export const BIGQUERY_SCHEMAS: Readonly<Record<ExportTable, readonly BigQueryField[]>> = {
  request_events: [
    f('id', 'STRING', 'REQUIRED', 'stable event id (the insert id)'),
    f('ts', 'TIMESTAMP', 'REQUIRED', 'when the request arrived'),
    f('operator_id', 'STRING', 'NULLABLE'),
    f('case_id', 'STRING', 'NULLABLE'),
    f('method', 'STRING', 'REQUIRED'),
    f('route_id', 'STRING', 'NULLABLE'),
    f('path', 'STRING', 'REQUIRED'),
    f('status', 'INTEGER', 'REQUIRED'),
    f('latency_ms', 'FLOAT', 'REQUIRED'),
    f('served_by', 'STRING', 'REQUIRED', 'legacy or new'),
    f('arm', 'STRING', 'NULLABLE'),
    f('fallback', 'BOOLEAN', 'REQUIRED'),
    f('instance', 'STRING', 'REQUIRED'),
  ],
  shadow_results: [
    f('id', 'STRING', 'REQUIRED', 'stable result id (the insert id)'),
    f('ts', 'TIMESTAMP', 'REQUIRED'),
    f('route_id', 'STRING', 'REQUIRED'),
    f('method', 'STRING', 'REQUIRED'),
    f('path', 'STRING', 'REQUIRED', 'redacted path'),
    f('kind', 'STRING', 'REQUIRED', 'read, dry-run or noise'),
    f('status_primary', 'INTEGER', 'REQUIRED'),
    f('status_candidate', 'INTEGER', 'NULLABLE'),
    f('equal', 'BOOLEAN', 'REQUIRED'),
    f('differences', 'STRING', 'REQUIRED', 'JSON array of {path, kind, legacy, candidate}, redacted'),
    f('noise', 'STRING', 'REQUIRED', 'JSON array of noise paths'),
    f('latency_primary_ms', 'FLOAT', 'REQUIRED'),
    f('latency_candidate_ms', 'FLOAT', 'NULLABLE'),
    f('candidate_error', 'STRING', 'NULLABLE'),
    f('too_large', 'BOOLEAN', 'REQUIRED'),
  ],
};

/** A stored row as an export row: RFC 3339 timestamps, booleans, JSON columns as strings; `seq` stays behind. */
export function exportRow(table: ExportTable, row: Record<string, unknown>): Record<string, unknown> {
  if (table === 'request_events') {
    const e = eventFromRow(row);
    return {
      id: e.id, ts: new Date(e.ts).toISOString(), operator_id: e.operatorId, case_id: e.caseId, method: e.method,
      route_id: e.routeId, path: e.path, status: e.status, latency_ms: e.latencyMs, served_by: e.servedBy,
      arm: e.arm, fallback: e.fallback, instance: e.instance,
    };
  }
  const r = resultFromRow(row);
  return {
    id: r.id, ts: new Date(r.ts).toISOString(), route_id: r.routeId, method: r.method, path: r.path, kind: r.kind,
    status_primary: r.statusPrimary, status_candidate: r.statusCandidate, equal: r.equal,
    differences: JSON.stringify(r.differences), noise: JSON.stringify(r.noise),
    latency_primary_ms: r.latencyPrimaryMs, latency_candidate_ms: r.latencyCandidateMs,
    candidate_error: r.candidateError, too_large: r.tooLarge,
  };
}

/** Progress of an export, reported after every batch. */
export interface ExportProgress {
  table: ExportTable;
  done: number;
  total: number;
}
