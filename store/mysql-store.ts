import mysql from 'mysql2/promise';
import type { Pool, PoolConnection, RowDataPacket, ResultSetHeader } from 'mysql2/promise';
import type { Store, FlagChange } from './store.js';
import type { Flag, FlagAudit } from '../model/flag.js';
import { MIGRATIONS } from './migrations.js';
import { STORE_ERR_MIGRATION, STORE_ERR_TIMEOUT } from './errors.js';
import {
  EVENT_COLUMNS, RESULT_COLUMNS, SQL, auditFromRow, eventFromRow, eventValues, flagFromRow, flagState, gateFromRow,
  rangeWhere, resultFromRow, resultValues,
} from './rows.js';

/** Options of the MySQL store. */
export interface MysqlStoreOptions {
  /** Pool size (default 4: writes are batched, reads are few). */
  connectionLimit?: number;
  /** TCP connect timeout, ms (default 5000), so a dead database fails fast instead of hanging writers. */
  connectTimeoutMs?: number;
  /**
   * Longest wait for a batch insert, ms (default 10000). Past it the connection is dropped and the batch
   * fails, so the writer retries on a fresh connection: a database that went silent without closing the
   * connection (a failover, a paused VM) would otherwise hold every later write until TCP gives up.
   */
  writeTimeoutMs?: number;
  /** Longest wait for the flag watcher's reads, ms (default 5000), for the same reason: a poll that never returns would stop flag changes (`flags panic`) from arriving. */
  flagReadTimeoutMs?: number;
}

type Row = Record<string, unknown>;

async function inTransaction<T>(pool: Pool, work: (conn: PoolConnection) => Promise<T>): Promise<T> {
  // A first flag insert takes gap locks; two racing writers can deadlock, and the loser simply retries.
  for (let attempt = 1; ; attempt++) {
    const conn = await pool.getConnection();
    try {
      await conn.beginTransaction();
      const out = await work(conn);
      await conn.commit();
      return out;
    } catch (err) {
      await conn.rollback().catch(() => undefined);
      const code = (err as { code?: string }).code;
      if (attempt < 3 && (code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT')) continue;
      throw err;
    } finally {
      conn.release();
    }
  }
}

/** Open a MySQL/MariaDB store from a `mysql://user:pass@host:port/db` URL; run `migrate()` before use. */
export function openMysqlStore(url: string, opts: MysqlStoreOptions = {}): Store {
  const pool = mysql.createPool({
    uri: url,
    connectionLimit: opts.connectionLimit ?? 4,
    connectTimeout: opts.connectTimeoutMs ?? 5000,
    // SUM/AVG come back as DECIMAL: numbers are what analytics expect.
    decimalNumbers: true,
    enableKeepAlive: true,
    charset: 'utf8mb4',
  });
  // An idle connection that dies (database restart) must not crash the process.
  pool.on('connection', (conn) => {
    (conn as unknown as { on(e: string, f: () => void): void }).on('error', () => undefined);
  });

  const writeTimeoutMs = opts.writeTimeoutMs ?? 10_000;

  const flagReadTimeoutMs = opts.flagReadTimeoutMs ?? 5_000;

  // One statement with a deadline, on a connection of its own: past the deadline the connection is
  // dropped (never returned to the pool) and the statement fails, so the caller's retry uses a fresh one.
  // Batch inserts carry stable ids (INSERT IGNORE), so retrying one that did commit changes nothing.
  async function withDeadline<T>(what: string, ms: number, sql: string, params: unknown[], lock: string | null = null): Promise<T> {
    const conn = await pool.getConnection();
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    const run = async () => {
      if (lock === null) return conn.query(sql, params);
      // Inserts and committedSeq() of one table take turns on a named lock (see committedSeq); an
      // autocommitted INSERT has committed when it returns, before the lock is released.
      await conn.query('SELECT GET_LOCK(?, ?)', [lock, Math.ceil(ms / 1000)]);
      try {
        return await conn.query(sql, params);
      } finally {
        await conn.query('SELECT RELEASE_LOCK(?)', [lock]);
      }
    };
    try {
      const [out] = await Promise.race([
        run(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => {
            timedOut = true;
            reject(new STORE_ERR_TIMEOUT(what, ms));
          }, ms);
        }),
      ]);
      return out as T;
    } finally {
      clearTimeout(timer);
      if (timedOut) conn.destroy();
      else conn.release();
    }
  }

  async function insertRows(table: string, sql: string, values: unknown[][]): Promise<void> {
    await withDeadline('a batch insert', writeTimeoutMs, sql, [values], seqLock(table));
  }

  async function rows(sql: string, params: unknown[] = []): Promise<Row[]> {
    const [out] = await pool.query<RowDataPacket[]>(sql, params);
    return out as Row[];
  }

  async function writeFlag(change: FlagChange, onlyIfMissing: boolean): Promise<Flag | null> {
    return inTransaction(pool, async (conn) => {
      const [prevRows] = await conn.query<RowDataPacket[]>(
        'SELECT route_id, mode, percent, sample, updated_at, updated_by FROM flags WHERE route_id = ? FOR UPDATE',
        [change.routeId],
      );
      const prev = prevRows[0] as Row | undefined;
      if (onlyIfMissing && prev !== undefined) return null;
      const now = Date.now();
      const flag: Flag = {
        routeId: change.routeId, mode: change.mode, percent: change.percent, sample: change.sample,
        updatedAt: now, updatedBy: change.actor,
      };
      await conn.query(
        `INSERT INTO flags (route_id, mode, percent, sample, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE mode = VALUES(mode), percent = VALUES(percent), sample = VALUES(sample),
         updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)`,
        [flag.routeId, flag.mode, flag.percent, flag.sample, flag.updatedAt, flag.updatedBy],
      );
      const from = prev === undefined ? null : JSON.stringify(flagState(flagFromRow(prev)));
      await conn.query(SQL.insertAudit, [flag.routeId, now, change.actor, from, JSON.stringify(flagState(flag)), change.reason]);
      return flag;
    });
  }

  return {
    dialect: 'mysql',
    async migrate() {
      const conn = await pool.getConnection();
      try {
        // DDL is not transactional in MySQL: a named lock keeps two instances from migrating at once.
        await conn.query("SELECT GET_LOCK('strangler_migrate', 60)");
        await conn.query(
          'CREATE TABLE IF NOT EXISTS schema_migrations (version INT NOT NULL PRIMARY KEY, name VARCHAR(191) NOT NULL, applied_at BIGINT NOT NULL) ENGINE=InnoDB',
        );
        for (const m of MIGRATIONS) {
          const [done] = await conn.query<RowDataPacket[]>('SELECT 1 FROM schema_migrations WHERE version = ?', [m.version]);
          if (done.length > 0) continue;
          try {
            for (const stmt of m.sql.mysql) await conn.query(stmt);
            await conn.query('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [m.version, m.name, Date.now()]);
          } catch (err) {
            throw new STORE_ERR_MIGRATION(m.version, m.name, (err as Error).message, err);
          }
        }
      } finally {
        await conn.query("SELECT RELEASE_LOCK('strangler_migrate')").catch(() => undefined);
        conn.release();
      }
    },
    async insertEvents(events) {
      if (events.length === 0) return;
      await insertRows('request_events', `INSERT IGNORE INTO request_events (${EVENT_COLUMNS.join(', ')}) VALUES ?`, events.map(eventValues));
    },
    async insertShadowResults(results) {
      if (results.length === 0) return;
      await insertRows('shadow_results', `INSERT IGNORE INTO shadow_results (${RESULT_COLUMNS.join(', ')}) VALUES ?`, results.map(resultValues));
    },
    async committedSeq(table) {
      // AUTO_INCREMENT values are handed out before commit: with several instances writing, seq 10 may
      // commit after seq 11 was read. Under the lock every insert has either committed or not begun.
      const out = await withDeadline<Row[]>('the committed seq', writeTimeoutMs, `SELECT COALESCE(MAX(seq), 0) AS seq FROM ${table}`, [], seqLock(table));
      return Number(out[0]?.seq ?? 0);
    },
    async listFlags() {
      return (await withDeadline<Row[]>('the flag list', flagReadTimeoutMs, SQL.listFlags, [])).map(flagFromRow);
    },
    async setFlag(change) {
      return (await writeFlag(change, false)) as Flag;
    },
    async seedFlag(change) {
      return (await writeFlag(change, true)) !== null;
    },
    async flagsVersion() {
      const [row] = await withDeadline<Row[]>('the flag version', flagReadTimeoutMs, SQL.flagsVersion, []);
      return `${row.a}:${row.u}:${row.n}`;
    },
    async flagHistory(routeId) {
      const out = routeId === undefined
        ? await rows(`${SQL.history} ORDER BY id`)
        : await rows(`${SQL.history} WHERE route_id = ? ORDER BY id`, [routeId]);
      return out.map(auditFromRow) as FlagAudit[];
    },
    async shadowResults(opts) {
      const { where, params } = rangeWhere(opts);
      const limit = opts.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(opts.limit))}` : '';
      return (await rows(`SELECT * FROM shadow_results${where} ORDER BY ts DESC, seq DESC${limit}`, params)).map(resultFromRow);
    },
    async events(opts) {
      const { where, params } = rangeWhere(opts);
      const limit = opts.limit !== undefined ? ` LIMIT ${Math.max(0, Math.floor(opts.limit))}` : '';
      return (await rows(`SELECT * FROM request_events${where} ORDER BY ts, seq${limit}`, params)).map(eventFromRow);
    },
    async query<T>(sql: string, params: unknown[] = []) {
      return (await rows(sql, params)) as T[];
    },
    async prune(beforeMs) {
      const [a] = await pool.query<ResultSetHeader>('DELETE FROM request_events WHERE ts < ?', [beforeMs]);
      const [b] = await pool.query<ResultSetHeader>('DELETE FROM shadow_results WHERE ts < ?', [beforeMs]);
      return { requestEvents: a.affectedRows, shadowResults: b.affectedRows };
    },
    async getWatermark(name) {
      const [row] = await rows('SELECT value FROM export_watermarks WHERE name = ?', [name]);
      return row === undefined ? null : String(row.value);
    },
    async setWatermark(name, value, opts) {
      await pool.query(
        opts?.onlyIfMissing
          ? 'INSERT IGNORE INTO export_watermarks (name, value, updated_at) VALUES (?, ?, ?)'
          : `INSERT INTO export_watermarks (name, value, updated_at) VALUES (?, ?, ?)
         ON DUPLICATE KEY UPDATE value = VALUES(value), updated_at = VALUES(updated_at)`,
        [name, value, Date.now()],
      );
    },
    async bindSession(b) {
      await pool.query(
        `INSERT INTO operator_sessions (session_hash, operator_id, source, bound_at, expires_at) VALUES (?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE operator_id = VALUES(operator_id), source = VALUES(source),
           bound_at = VALUES(bound_at), expires_at = VALUES(expires_at)`,
        [b.sessionHash, b.operatorId, b.source, b.boundAt, b.expiresAt],
      );
    },
    async findSession(sessionHash, nowMs) {
      const [row] = await rows('SELECT operator_id FROM operator_sessions WHERE session_hash = ? AND expires_at > ?', [sessionHash, nowMs]);
      return row === undefined ? null : String(row.operator_id);
    },
    async saveGate(g) {
      await pool.query(
        `INSERT INTO gate_settings (scope, min_samples, min_match, max_error_rate, window_ms, updated_at, updated_by) VALUES ('*', ?, ?, ?, ?, ?, ?)
         ON DUPLICATE KEY UPDATE min_samples = VALUES(min_samples), min_match = VALUES(min_match), max_error_rate = VALUES(max_error_rate),
           window_ms = VALUES(window_ms), updated_at = VALUES(updated_at), updated_by = VALUES(updated_by)`,
        [g.minSamples, g.minMatch, g.maxErrorRate, g.windowMs, g.updatedAt, g.updatedBy],
      );
    },
    async readGate() {
      const [row] = await rows("SELECT * FROM gate_settings WHERE scope = '*'");
      return row === undefined ? null : gateFromRow(row);
    },
    async close() {
      await pool.end();
    },
  };
}

/** The named lock that orders inserts into `table` with reads of its committed seq. */
function seqLock(table: string): string {
  return `strangler_seq_${table}`;
}
