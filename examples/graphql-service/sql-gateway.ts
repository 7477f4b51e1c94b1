import type { Database, Statement } from 'better-sqlite3';

/** SQL statements run so far, in total and per entity type (what the N+1 test counts). */
export interface QueryCounts {
  total: number;
  byType: Record<string, number>;
}

/**
 * The only way the services touch SQLite: every statement names the entity type it reads or
 * writes, so that batching can be proved by counting.
 */
export interface SqlGateway {
  all<T>(type: string, sql: string, params?: unknown[]): T[];
  get<T>(type: string, sql: string, params?: unknown[]): T | undefined;
  run(type: string, sql: string, params?: unknown[]): { changes: number; lastInsertRowid: number };
  /** Run `fn` in a transaction; when `rollback` is true the changes are undone after `fn` returns. */
  transaction<T>(fn: () => T, rollback: boolean): T;
  counts(): QueryCounts;
  resetCounts(): void;
}

/** Marks a transaction body that must be undone (dry run). */
class Rollback<T> {
  constructor(readonly value: T) {}
}

/** A counting gateway over one better-sqlite3 connection (statements are cached by text). */
export function createSqlGateway(db: Database): SqlGateway {
  const cache = new Map<string, Statement>();
  let byType: Record<string, number> = {};
  let total = 0;
  const prepare = (type: string, sql: string): Statement => {
    total++;
    byType[type] = (byType[type] ?? 0) + 1;
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
  return {
    all: <T>(type: string, sql: string, params: unknown[] = []) => prepare(type, sql).all(...params) as T[],
    get: <T>(type: string, sql: string, params: unknown[] = []) => prepare(type, sql).get(...params) as T | undefined,
    run: (type, sql, params = []) => {
      const info = prepare(type, sql).run(...params);
      return { changes: info.changes, lastInsertRowid: Number(info.lastInsertRowid) };
    },
    transaction<T>(fn: () => T, rollback: boolean): T {
      // better-sqlite3 rolls a transaction back when its function throws; a dry run throws on purpose.
      try {
        return db.transaction(() => {
          const value = fn();
          if (rollback) throw new Rollback(value);
          return value;
        })();
      } catch (err) {
        if (err instanceof Rollback) return err.value as T;
        throw err;
      }
    },
    counts: () => ({ total, byType: { ...byType } }),
    resetCounts: () => {
      total = 0;
      byType = {};
    },
  };
}
