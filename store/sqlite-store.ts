import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { Store, FlagChange } from './store.js';
import type { RequestEvent } from '../model/request-event.js';
import type { ShadowResult } from '../model/shadow-result.js';
import type { Flag, FlagAudit } from '../model/flag.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteWriterThread } from './sqlite-writer-thread.js';
import { STORE_ERR_MIGRATION } from './errors.js';
import {
  EVENT_COLUMNS, RESULT_COLUMNS, SQL, auditFromRow, eventFromRow, eventValues, flagFromRow, flagState, gateFromRow,
  rangeWhere, resultFromRow, resultValues,
} from './rows.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** How long a write waits for another connection's lock before failing, ms (default 5000). */
  busyTimeoutMs?: number;
  /**
   * Write request events and shadow results from a worker thread on a second connection, so batch
   * inserts never block the event loop (default true for a file; a `:memory:` database cannot be shared).
   */
  writerThread?: boolean;
}

// better-sqlite3 binds numbers, strings, bigints, buffers and null only.
function bind(params: unknown[]): unknown[] {
  return params.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p === undefined ? null : p));
}

// Property names in the order of EVENT_COLUMNS and RESULT_COLUMNS, for the writer thread.
const EVENT_KEYS: readonly (keyof RequestEvent)[] = [
  'id', 'ts', 'operatorId', 'caseId', 'method', 'routeId', 'path', 'status', 'latencyMs', 'servedBy', 'arm', 'fallback', 'instance',
];
const RESULT_KEYS: readonly (keyof ShadowResult)[] = [
  'id', 'ts', 'routeId', 'method', 'path', 'kind', 'statusPrimary', 'statusCandidate', 'equal', 'differences', 'noise',
  'latencyPrimaryMs', 'latencyCandidateMs', 'candidateError', 'tooLarge',
];

function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Open (and create) a SQLite store at `file` in WAL mode; run `migrate()` before use. */
export function openSqliteStore(file: string, opts: SqliteStoreOptions = {}): Store {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const busyTimeoutMs = opts.busyTimeoutMs ?? 5000;
  const db = new Database(file, { timeout: busyTimeoutMs });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  const writer = file !== ':memory:' && opts.writerThread !== false ? createSqliteWriterThread(file, busyTimeoutMs) : null;
  const insertEventSql = `INSERT OR IGNORE INTO request_events (${EVENT_COLUMNS.join(', ')}) VALUES (${EVENT_COLUMNS.map(() => '?').join(', ')})`;
  const insertResultSql = `INSERT OR IGNORE INTO shadow_results (${RESULT_COLUMNS.join(', ')}) VALUES (${RESULT_COLUMNS.map(() => '?').join(', ')})`;

  // Statements are prepared on first use: the tables exist only after migrate().
  const insertEvents = lazy(() => {
    const stmt = db.prepare(insertEventSql);
    return db.transaction((events: RequestEvent[]) => {
      for (const e of events) stmt.run(...eventValues(e));
    });
  });
  const insertResults = lazy(() => {
    const stmt = db.prepare(insertResultSql);
    return db.transaction((results: ShadowResult[]) => {
      for (const r of results) stmt.run(...resultValues(r));
    });
  });

  function writeFlag(change: FlagChange, onlyIfMissing: boolean): Flag | null {
    const prev = db.prepare('SELECT route_id, mode, percent, sample, updated_at, updated_by FROM flags WHERE route_id = ?')
      .get(change.routeId) as Record<string, unknown> | undefined;
    if (onlyIfMissing && prev !== undefined) return null;
    const now = Date.now();
    const flag: Flag = {
      routeId: change.routeId, mode: change.mode, percent: change.percent, sample: change.sample,
      updatedAt: now, updatedBy: change.actor,
    };
    db.prepare(
      `INSERT INTO flags (route_id, mode, percent, sample, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (route_id) DO UPDATE SET mode = excluded.mode, percent = excluded.percent,
       sample = excluded.sample, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    ).run(flag.routeId, flag.mode, flag.percent, flag.sample, flag.updatedAt, flag.updatedBy);
    const from = prev === undefined ? null : JSON.stringify(flagState(flagFromRow(prev)));
    db.prepare(SQL.insertAudit).run(flag.routeId, now, change.actor, from, JSON.stringify(flagState(flag)), change.reason);
    return flag;
  }
  // IMMEDIATE takes the write lock first, so two writers cannot both read the same `from`.
  const setFlagTx = db.transaction(writeFlag);

  return {
    dialect: 'sqlite',
    async migrate() {
      db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)');
      for (const m of MIGRATIONS) {
        const run = db.transaction(() => {
          const done = db.prepare('SELECT 1 FROM schema_migrations WHERE version = ?').get(m.version);
          if (done !== undefined) return;
          for (const stmt of m.sql.sqlite) db.exec(stmt);
          db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, Date.now());
        });
        try {
          run.immediate();
        } catch (err) {
          throw new STORE_ERR_MIGRATION(m.version, m.name, (err as Error).message, err);
        }
      }
    },
    async insertEvents(events) {
      if (events.length === 0) return;
      if (writer === null) insertEvents().immediate(events);
      else await writer.write(insertEventSql, EVENT_KEYS, events);
    },
    async insertShadowResults(results) {
      if (results.length === 0) return;
      if (writer === null) insertResults().immediate(results);
      else await writer.write(insertResultSql, RESULT_KEYS, results);
    },
    async listFlags() {
      return (db.prepare(SQL.listFlags).all() as Record<string, unknown>[]).map(flagFromRow);
    },
    async setFlag(change) {
      return setFlagTx.immediate(change, false) as Flag;
    },
    async seedFlag(change) {
      return setFlagTx.immediate(change, true) !== null;
    },
    async flagsVersion() {
      const row = db.prepare(SQL.flagsVersion).get() as Record<string, unknown>;
      return `${row.a}:${row.u}:${row.n}`;
    },
    async flagHistory(routeId) {
      const sql = routeId === undefined ? `${SQL.history} ORDER BY id` : `${SQL.history} WHERE route_id = ? ORDER BY id`;
      const rows = db.prepare(sql).all(...(routeId === undefined ? [] : [routeId])) as Record<string, unknown>[];
      return rows.map(auditFromRow) as FlagAudit[];
    },
    async shadowResults(opts) {
      const { where, params } = rangeWhere(opts);
      const limit = opts.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(opts.limit))}` : '';
      const rows = db.prepare(`SELECT * FROM shadow_results${where} ORDER BY ts DESC, seq DESC${limit}`).all(...params);
      return (rows as Record<string, unknown>[]).map(resultFromRow);
    },
    async events(opts) {
      const { where, params } = rangeWhere(opts);
      const limit = opts.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(opts.limit))}` : '';
      const rows = db.prepare(`SELECT * FROM request_events${where} ORDER BY ts, seq${limit}`).all(...params);
      return (rows as Record<string, unknown>[]).map(eventFromRow);
    },
    async committedSeq(table) {
      // One writer at a time (SQLite's write lock): seq order is commit order, and a reader sees only commits.
      const row = db.prepare(`SELECT COALESCE(MAX(seq), 0) AS seq FROM ${table}`).get() as { seq: number };
      return Number(row.seq);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return db.prepare(sql).all(...bind(params)) as T[];
    },
    async prune(beforeMs) {
      const tx = db.transaction(() => ({
        requestEvents: db.prepare('DELETE FROM request_events WHERE ts < ?').run(beforeMs).changes,
        shadowResults: db.prepare('DELETE FROM shadow_results WHERE ts < ?').run(beforeMs).changes,
      }));
      return tx.immediate();
    },
    async getWatermark(name) {
      const row = db.prepare('SELECT value FROM export_watermarks WHERE name = ?').get(name) as { value: string } | undefined;
      return row === undefined ? null : row.value;
    },
    async setWatermark(name, value, opts) {
      db.prepare(
        opts?.onlyIfMissing
          ? 'INSERT INTO export_watermarks (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO NOTHING'
          : `INSERT INTO export_watermarks (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
      ).run(name, value, Date.now());
    },
    async bindSession(b) {
      db.prepare(
        `INSERT INTO operator_sessions (session_hash, operator_id, source, bound_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (session_hash) DO UPDATE SET operator_id = excluded.operator_id, source = excluded.source,
           bound_at = excluded.bound_at, expires_at = excluded.expires_at`,
      ).run(b.sessionHash, b.operatorId, b.source, b.boundAt, b.expiresAt);
    },
    async findSession(sessionHash, nowMs) {
      const row = db.prepare('SELECT operator_id FROM operator_sessions WHERE session_hash = ? AND expires_at > ?')
        .get(sessionHash, nowMs) as { operator_id: string } | undefined;
      return row === undefined ? null : row.operator_id;
    },
    async saveGate(g) {
      db.prepare(
        `INSERT INTO gate_settings (scope, min_samples, min_match, max_error_rate, window_ms, updated_at, updated_by) VALUES ('*', ?, ?, ?, ?, ?, ?)
         ON CONFLICT (scope) DO UPDATE SET min_samples = excluded.min_samples, min_match = excluded.min_match,
           max_error_rate = excluded.max_error_rate, window_ms = excluded.window_ms, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      ).run(g.minSamples, g.minMatch, g.maxErrorRate, g.windowMs, g.updatedAt, g.updatedBy);
    },
    async readGate() {
      const row = db.prepare("SELECT * FROM gate_settings WHERE scope = '*'").get() as Record<string, unknown> | undefined;
      return row === undefined ? null : gateFromRow(row);
    },
    async close() {
      await writer?.close();
      if (db.open) db.close();
    },
  };
}
