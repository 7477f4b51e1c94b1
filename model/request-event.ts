/** Which side answered the operator (**contract**). */
export type ServedBy = 'legacy' | 'new';

/**
 * One request through the proxy, as stored in `request_events` (**contract** for the column names:
 * ts, operator_id, case_id, method, route_id, path, status, latency_ms, served_by, arm, instance; more may follow).
 */
export interface RequestEvent {
  /** Unique id (also the BigQuery insert id): UUID or ULID string. */
  id: string;
  /** Epoch milliseconds when the request arrived. */
  ts: number;
  operatorId: string | null;
  /** Case id derived from the AHT case config (`param` of the matched route), when any. */
  caseId: string | null;
  method: string;
  /** The matched route id, or null for paths no route names. */
  routeId: string | null;
  /** Raw path as the client sent it (query string stripped; e-mail addresses and phone numbers in it replaced by a keyed hash). */
  path: string;
  status: number;
  latencyMs: number;
  servedBy: ServedBy;
  /** The experiment arm: the route mode that decided (`legacy`, `shadow`, `canary-new`, `canary-legacy`, `new`). */
  arm: string | null;
  /** True when `new` failed and legacy served instead. */
  fallback: boolean;
  /** Proxy instance name (host:pid by default). */
  instance: string;
}
