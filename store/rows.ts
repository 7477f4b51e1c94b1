import type { RequestEvent } from '../model/request-event.js';
import type { ShadowResult } from '../model/shadow-result.js';
import type { Flag, FlagAudit } from '../model/flag.js';
import type { StoredGate } from './store.js';

/** Column order of `request_events` inserts (without the `seq` counter). */
export const EVENT_COLUMNS = [
  'id', 'ts', 'operator_id', 'case_id', 'method', 'route_id', 'path', 'status', 'latency_ms',
  'served_by', 'arm', 'fallback', 'instance',
] as const;

/** Column order of `shadow_results` inserts (without the `seq` counter). */
export const RESULT_COLUMNS = [
  'id', 'ts', 'route_id', 'method', 'path', 'kind', 'status_primary', 'status_candidate', 'equal',
  'differences', 'noise', 'latency_primary_ms', 'latency_candidate_ms', 'candidate_error', 'too_large',
] as const;

/** One event as the values of EVENT_COLUMNS. */
export function eventValues(e: RequestEvent): unknown[] {
  return [
    e.id, e.ts, e.operatorId, e.caseId, e.method, e.routeId, e.path, e.status, e.latencyMs,
    e.servedBy, e.arm, e.fallback ? 1 : 0, e.instance,
  ];
}

/** One shadow result as the values of RESULT_COLUMNS (JSON columns as text). */
export function resultValues(r: ShadowResult): unknown[] {
  return [
    r.id, r.ts, r.routeId, r.method, r.path, r.kind, r.statusPrimary, r.statusCandidate, r.equal ? 1 : 0,
    JSON.stringify(r.differences), JSON.stringify(r.noise), r.latencyPrimaryMs, r.latencyCandidateMs,
    r.candidateError, r.tooLarge ? 1 : 0,
  ];
}

type Row = Record<string, unknown>;
const num = (v: unknown): number => Number(v);
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** A `request_events` row back to a RequestEvent. */
export function eventFromRow(row: Row): RequestEvent {
  return {
    id: String(row.id),
    ts: num(row.ts),
    operatorId: strOrNull(row.operator_id),
    caseId: strOrNull(row.case_id),
    method: String(row.method),
    routeId: strOrNull(row.route_id),
    path: String(row.path),
    status: num(row.status),
    latencyMs: num(row.latency_ms),
    servedBy: row.served_by as RequestEvent['servedBy'],
    arm: strOrNull(row.arm),
    fallback: Boolean(num(row.fallback)),
    instance: String(row.instance),
  };
}

/** A `shadow_results` row back to a ShadowResult. */
export function resultFromRow(row: Row): ShadowResult {
  return {
    id: String(row.id),
    ts: num(row.ts),
    routeId: String(row.route_id),
    method: String(row.method),
    path: String(row.path),
    kind: row.kind as ShadowResult['kind'],
    statusPrimary: num(row.status_primary),
    statusCandidate: numOrNull(row.status_candidate),
    equal: Boolean(num(row.equal)),
    differences: JSON.parse(String(row.differences)) as ShadowResult['differences'],
    noise: JSON.parse(String(row.noise)) as string[],
    latencyPrimaryMs: num(row.latency_primary_ms),
    latencyCandidateMs: numOrNull(row.latency_candidate_ms),
    candidateError: strOrNull(row.candidate_error),
    tooLarge: Boolean(num(row.too_large)),
  };
}

/** A `flags` row back to a Flag. */
export function gateFromRow(row: Row): StoredGate {
  return {
    minSamples: num(row.min_samples),
    minMatch: num(row.min_match),
    maxErrorRate: num(row.max_error_rate),
    windowMs: num(row.window_ms),
    updatedAt: num(row.updated_at),
    updatedBy: String(row.updated_by),
  };
}

export function flagFromRow(row: Row): Flag {
  return {
    routeId: String(row.route_id),
    mode: row.mode as Flag['mode'],
    percent: num(row.percent),
    sample: num(row.sample),
    updatedAt: num(row.updated_at),
    updatedBy: String(row.updated_by),
  };
}

/** A `flag_audit` row back to a FlagAudit. */
export function auditFromRow(row: Row): FlagAudit {
  return {
    id: num(row.id),
    routeId: String(row.route_id),
    ts: num(row.ts),
    actor: String(row.actor),
    from: row.from === null || row.from === undefined ? null : (JSON.parse(String(row.from)) as FlagAudit['from']),
    to: JSON.parse(String(row.to)) as FlagAudit['to'],
    reason: String(row.reason),
  };
}

/** The audited part of a flag (what `from`/`to` hold). */
export function flagState(f: Pick<Flag, 'mode' | 'percent' | 'sample'>): FlagAudit['to'] {
  return { mode: f.mode, percent: f.percent, sample: f.sample };
}

/** SQL shared by both dialects (backticks quote `from`/`to` in SQLite too). */
export const SQL = {
  listFlags: 'SELECT route_id, mode, percent, sample, updated_at, updated_by FROM flags ORDER BY route_id',
  flagsVersion:
    'SELECT (SELECT MAX(id) FROM flag_audit) AS a, (SELECT MAX(updated_at) FROM flags) AS u, (SELECT COUNT(*) FROM flags) AS n',
  history: 'SELECT id, route_id, ts, actor, `from`, `to`, reason FROM flag_audit',
  insertAudit: 'INSERT INTO flag_audit (route_id, ts, actor, `from`, `to`, reason) VALUES (?, ?, ?, ?, ?, ?)',
} as const;

/** Build the WHERE clause and params of `shadowResults`/`events` reads. */
export function rangeWhere(opts: { sinceMs?: number; untilMs?: number; routeId?: string }): { where: string; params: unknown[] } {
  const parts: string[] = [];
  const params: unknown[] = [];
  if (opts.sinceMs !== undefined) { parts.push('ts >= ?'); params.push(opts.sinceMs); }
  if (opts.untilMs !== undefined) { parts.push('ts < ?'); params.push(opts.untilMs); }
  if (opts.routeId !== undefined) { parts.push('route_id = ?'); params.push(opts.routeId); }
  return { where: parts.length > 0 ? ` WHERE ${parts.join(' AND ')}` : '', params };
}
