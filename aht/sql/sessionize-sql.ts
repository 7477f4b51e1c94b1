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

/** The two statements that sessionise one case type where the data lives, with their parameters. */
export interface SessionizeStatements {
  /** One row per handling window: operator_id, case_id, start_ts, end_ts, closed (2 = closed), active_ms, n_new, n. */
  handlings: { sql: string; params: unknown[] };
  /** One row per dwell of a closed handling within maxDuration: operator_id, route_id, method, served_by, dwell. */
  dwells: { sql: string; params: unknown[] };
}

/**
 * The window-function form of `sessionize()` (SQLite ≥ 3.28, MySQL 8, MariaDB 10.2+): number each
 * operator-and-case stream by ends seen before each row (`g`), keep the rows from the group's first
 * start on (`started`), and the group's last row is its end.
 */
export function sessionizeStatements(
  c: CompiledCase,
  dialect: StoreDialect,
  range: EventRange,
  opts: SessionizeOptions,
): SessionizeStatements {
  const endCond = anyPatternCondition(c.end, dialect);
  const startCond = patternCondition(c.start, dialect);
  // MySQL's default collation ignores case; order ids by bytes as JavaScript does.
  const id = dialect === 'mysql' ? 'BINARY id' : 'id';
  const cte = `WITH ev AS (
  SELECT id, ts, operator_id, case_id, route_id, method, served_by,
    CASE WHEN ${endCond.sql} THEN 2 WHEN ${startCond.sql} THEN 1 ELSE 0 END AS kind
  FROM request_events
  WHERE ts >= ? AND ts < ? AND operator_id IS NOT NULL AND case_id IS NOT NULL
),
grp AS (
  SELECT ev.*, COALESCE(SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END) OVER (
    PARTITION BY operator_id, case_id ORDER BY ts, ${id} ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS g
  FROM ev
),
win AS (
  SELECT grp.*, MAX(CASE WHEN kind = 1 THEN 1 ELSE 0 END) OVER (
    PARTITION BY operator_id, case_id, g ORDER BY ts, ${id} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS started
  FROM grp
),
h AS (
  SELECT operator_id, case_id, g, ts, route_id, method, served_by,
    LEAD(ts) OVER (PARTITION BY operator_id, case_id, g ORDER BY ts, ${id}) - ts AS dwell,
    MAX(kind) OVER (PARTITION BY operator_id, case_id, g) AS closed,
    MAX(ts) OVER (PARTITION BY operator_id, case_id, g) - MIN(ts) OVER (PARTITION BY operator_id, case_id, g) AS duration
  FROM win WHERE started = 1
)`;
  const base = [...endCond.params, ...startCond.params, range.sinceMs, range.untilMs ?? Number.MAX_SAFE_INTEGER];
  return {
    handlings: {
      sql: `${cte}
SELECT operator_id, case_id, MIN(ts) AS start_ts, MAX(ts) AS end_ts, MAX(closed) AS closed,
  SUM(CASE WHEN dwell <= ? THEN dwell ELSE 0 END) AS active_ms,
  SUM(CASE WHEN served_by = 'new' THEN 1 ELSE 0 END) AS n_new, COUNT(*) AS n
FROM h GROUP BY operator_id, case_id, g`,
      params: [...base, opts.idleGapMs],
    },
    dwells: {
      sql: `${cte}
SELECT operator_id, route_id, method, served_by, dwell FROM h
WHERE closed = 2 AND duration <= ? AND dwell IS NOT NULL`,
      params: [...base, opts.maxDurationMs],
    },
  };
}

interface HandlingRow {
  operator_id: string;
  case_id: string;
  start_ts: number | string;
  end_ts: number | string;
  closed: number | string;
  active_ms: number | string | null;
  n_new: number | string;
  n: number | string;
}

interface DwellRow {
  operator_id: string;
  route_id: string | null;
  method: string;
  served_by: ServedBy;
  dwell: number | string;
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
    const st = sessionizeStatements(c, store.dialect, range, opts);
    out.abandoned[c.name] = 0;
    out.overMaxDuration[c.name] = 0;
    // MySQL returns SUM() as DECIMAL strings: Number() every figure.
    for (const r of await store.query<HandlingRow>(st.handlings.sql, st.handlings.params)) {
      if (Number(r.closed) !== 2) {
        out.abandoned[c.name]++;
        continue;
      }
      const startTs = Number(r.start_ts);
      const endTs = Number(r.end_ts);
      if (endTs - startTs > opts.maxDurationMs) {
        out.overMaxDuration[c.name]++;
        continue;
      }
      const n = Number(r.n);
      const fresh = Number(r.n_new);
      out.handlings.push({
        caseName: c.name,
        operatorId: String(r.operator_id),
        caseId: String(r.case_id),
        startTs,
        endTs,
        durationMs: endTs - startTs,
        activeMs: Number(r.active_ms ?? 0),
        arm: armOf(n - fresh, fresh),
        requests: n,
      });
    }
    for (const r of await store.query<DwellRow>(st.dwells.sql, st.dwells.params)) {
      out.dwells.push({
        caseName: c.name,
        routeId: r.route_id === null ? null : String(r.route_id),
        method: String(r.method),
        servedBy: r.served_by,
        operatorId: String(r.operator_id),
        dwellMs: Number(r.dwell),
      });
    }
  }
  return out;
}
