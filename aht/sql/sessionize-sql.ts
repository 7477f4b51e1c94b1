import type { Store, StoreDialect } from '../../store/store.js';
import type { AhtCaseConfig } from '../../config/strangler-config.js';
import type { ServedBy } from '../../store/request-event.js';
import { compileCases, type CompiledCase, type SessionizeOptions } from '../sessionize.js';
import { armOf, type Sessions } from '../handling.js';
import { anyPatternCondition, patternCondition } from './pattern-condition.js';

/** Time range of the events looked at (epoch ms, `untilMs` exclusive). */
export interface EventRange {
  sinceMs: number;
  untilMs?: number;
}

/** The statement that sessionises one case type where the data lives, with its parameters. */
export interface SessionizeStatement {
  /**
   * One row per request inside a handling window: operator_id, case_id, g (the window's number within
   * its operator and case), ts, route_id, method, served_by, kind (2 = the closing end), dwell (null for
   * the end and for the last request of a window never closed).
   */
  sql: string;
  params: unknown[];
}

/**
 * The window-function form of `sessionize()` (SQLite ≥ 3.28, MySQL 8, MariaDB 10.2+), two passes over
 * each operator-and-case stream in (ts, seq) order: the running count of ends numbers the windows
 * (`g` = ends before the row); a row is inside a handling once a start has come within its window;
 * its dwell runs to the next row unless it is the end, which is the window's last row.
 */
export function sessionizeStatement(c: CompiledCase, dialect: StoreDialect, range: EventRange): SessionizeStatement {
  const endCond = anyPatternCondition(c.end, dialect);
  const startCond = patternCondition(c.start, dialect);
  // Ties in ts break by `seq`, the store's insertion counter, as the in-process form keeps input order;
  // (operator_id, case_id, ts) is indexed and `seq` is the primary key.
  const w = 'PARTITION BY operator_id, case_id ORDER BY ts, seq';
  const sql = `WITH ev AS (
  SELECT seq, ts, operator_id, case_id, route_id, method, served_by,
    CASE WHEN ${endCond.sql} THEN 2 WHEN ${startCond.sql} THEN 1 ELSE 0 END AS kind
  FROM request_events
  WHERE ts >= ? AND ts < ? AND operator_id IS NOT NULL AND case_id IS NOT NULL
),
l1 AS (
  SELECT ev.*,
    SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END) OVER (${w}) AS cum_e,
    LEAD(ts) OVER (${w}) AS next_ts
  FROM ev
),
l2 AS (
  SELECT l1.*, cum_e - CASE WHEN kind = 2 THEN 1 ELSE 0 END AS g FROM l1
),
l3 AS (
  SELECT l2.*, SUM(CASE WHEN kind = 1 THEN 1 ELSE 0 END) OVER (PARTITION BY operator_id, case_id, g ORDER BY ts, seq) AS open_s
  FROM l2
)
SELECT operator_id, case_id, g, ts, route_id, method, served_by, kind,
  CASE WHEN kind = 2 THEN NULL ELSE next_ts - ts END AS dwell
FROM l3 WHERE open_s > 0`;
  return { sql, params: [...endCond.params, ...startCond.params, range.sinceMs, range.untilMs ?? Number.MAX_SAFE_INTEGER] };
}

interface WindowRow {
  operator_id: string;
  case_id: string;
  g: number | string;
  ts: number | string;
  route_id: string | null;
  method: string;
  served_by: ServedBy;
  dwell: number | string | null;
  kind: number | string;
}

/** Sessionise the events in `range` with SQL on the store (same result as `sessionize()`). */
export async function sessionizeInStore(
  store: Store,
  cases: readonly AhtCaseConfig[],
  range: EventRange,
  opts: SessionizeOptions,
): Promise<Sessions> {
  const out: Sessions = { handlings: [], dwells: [], abandoned: {}, overMaxDuration: {} };
  for (const c of compileCases(cases)) {
    const st = sessionizeStatement(c, store.dialect, range);
    out.abandoned[c.name] = 0;
    out.overMaxDuration[c.name] = 0;
    // SQL decided which requests form each handling; here its rows are only summed per window.
    // MySQL may return numbers as strings (DECIMAL, BIGINT): Number() every figure.
    const windows = new Map<string, WindowRow[]>();
    for (const r of await store.query<WindowRow>(st.sql, st.params)) {
      const key = `${r.operator_id}\u0000${r.case_id}\u0000${r.g}`;
      const list = windows.get(key);
      if (list === undefined) windows.set(key, [r]);
      else list.push(r);
    }
    for (const rows of windows.values()) {
      const first = rows[0];
      const end = rows.find((r) => Number(r.kind) === 2);
      if (end === undefined) {
        out.abandoned[c.name]++;
        continue;
      }
      let startTs = Number.MAX_SAFE_INTEGER;
      for (const r of rows) startTs = Math.min(startTs, Number(r.ts));
      const endTs = Number(end.ts);
      if (endTs - startTs > opts.maxDurationMs) {
        out.overMaxDuration[c.name]++;
        continue;
      }
      let activeMs = 0;
      let fresh = 0;
      for (const r of rows) {
        if (r.served_by === 'new') fresh++;
        if (r.dwell === null) continue;
        const dwellMs = Number(r.dwell);
        if (dwellMs <= opts.idleGapMs) activeMs += dwellMs;
        out.dwells.push({
          caseName: c.name,
          routeId: r.route_id === null ? null : String(r.route_id),
          method: String(r.method),
          servedBy: r.served_by,
          operatorId: String(r.operator_id),
          dwellMs,
        });
      }
      out.handlings.push({
        caseName: c.name,
        operatorId: String(first.operator_id),
        caseId: String(first.case_id),
        startTs,
        endTs,
        durationMs: endTs - startTs,
        activeMs,
        arm: armOf(rows.length - fresh, fresh),
        requests: rows.length,
      });
    }
  }
  return out;
}
