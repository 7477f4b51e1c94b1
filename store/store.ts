import type { RequestEvent } from '../model/request-event.js';
import type { ShadowResult } from '../model/shadow-result.js';
import type { Flag, FlagAudit } from '../model/flag.js';

/** The SQL dialect behind a store, for the analytics that run as SQL where the data lives (aht/). */
export type StoreDialect = 'sqlite' | 'mysql';

/** A flag change as requested by a person or tool; the store writes `flags` and `flag_audit` in one transaction. */
export interface FlagChange {
  routeId: string;
  mode: Flag['mode'];
  percent: number;
  sample: number;
  actor: string;
  reason: string;
}

/** A legacy session bound to an operator (operator.from: session); the session id only as a keyed hash. */
export interface SessionBinding {
  sessionHash: string;
  operatorId: string;
  /** How the binding was learned: `login` (legacy's own login through the proxy) or `whoami`. */
  source: 'login' | 'whoami';
  boundAt: number;
  expiresAt: number;
}

/** The gate thresholds a server runs with (its config's `gate.*`), as stored for every other reader. */
export interface StoredGate {
  minSamples: number;
  minMatch: number;
  maxErrorRate: number;
  windowMs: number;
  updatedAt: number;
  /** `config:INSTANCE` of the server that wrote them. */
  updatedBy: string;
}

/**
 * Persistence behind one interface: SQLite (embedded default) and MySQL.
 * All methods are async so both implementations share one shape; the request path never awaits them
 * (events go through the batch writer).
 */
export interface Store {
  readonly dialect: StoreDialect;
  /** Run pending migrations; idempotent. */
  migrate(): Promise<void>;
  insertEvents(events: RequestEvent[]): Promise<void>;
  insertShadowResults(results: ShadowResult[]): Promise<void>;
  listFlags(): Promise<Flag[]>;
  /** Apply a change and its audit row atomically; returns the new flag. */
  setFlag(change: FlagChange): Promise<Flag>;
  flagHistory(routeId?: string): Promise<FlagAudit[]>;
  /** Shadow results since `sinceMs` (epoch ms), optionally for one route, newest first. */
  shadowResults(opts: { sinceMs?: number; routeId?: string; limit?: number }): Promise<ShadowResult[]>;
  /** Request events since `sinceMs`, oldest first (small data and tests; analytics use `query`). */
  events(opts: { sinceMs?: number; untilMs?: number; limit?: number }): Promise<RequestEvent[]>;
  /**
   * The highest insertion counter (`seq`) of `table` below which every row is committed: exports read up
   * to it, so a row whose lower `seq` commits after a higher one (concurrent writers) is never skipped.
   */
  committedSeq(table: 'request_events' | 'shadow_results'): Promise<number>;
  /** Raw read-only SQL for analytics (aht/, reports/): `?` placeholders on both dialects. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Delete events and shadow results older than `beforeMs`; returns rows deleted per table. */
  prune(beforeMs: number): Promise<{ requestEvents: number; shadowResults: number }>;
  /** Insert the flag and its audit row only when the route has no flag yet; true when inserted. */
  seedFlag(change: FlagChange): Promise<boolean>;
  /** A cheap token that changes whenever any flag changes (watchers poll it). */
  flagsVersion(): Promise<string>;
  /** Read a named export watermark (e.g. `bigquery:request_events`); null when never set. */
  getWatermark(name: string): Promise<string | null>;
  /** Write a named export watermark; with `onlyIfMissing`, an existing value is kept (first writer wins). */
  setWatermark(name: string, value: string, opts?: { onlyIfMissing?: boolean }): Promise<void>;
  /** Bind a session to an operator (a newer binding of the same session replaces the older one). */
  bindSession(binding: SessionBinding): Promise<void>;
  /** The operator a session is bound to, if the binding has not expired at `nowMs`; expired rows are ignored. */
  findSession(sessionHash: string, nowMs: number): Promise<string | null>;
  /** Store the gate thresholds a server runs with (replacing the previous ones). */
  saveGate(gate: StoredGate): Promise<void>;
  /** The stored gate thresholds, or null when no server has stored any. */
  readGate(): Promise<StoredGate | null>;
  close(): Promise<void>;
}
