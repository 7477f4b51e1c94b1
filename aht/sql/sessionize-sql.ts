import type { Store, StoreDialect } from '../../store/store.js';
import type { AhtCaseConfig } from '../../config/strangler-config.js';
import type { ServedBy } from '../../model/request-event.js';
import { compileCases, type CompiledCase, type SessionizeOptions } from '../sessionize.js';
import { armOf, type Sessions } from '../handling.js';
import { anyPatternCondition, patternCondition } from './pattern-condition.js';
import { AHT_ERR_SQL_TRUNCATED } from '../errors.js';

/** Time range of the events looked at (epoch ms, `untilMs` exclusive). */
export interface EventRange {
  sinceMs: number;
  untilMs?: number;
}

/** The statement that sessionises one case type where the data lives, with its parameters. */
export interface SessionizeStatement {
  /**
   * One row per handling window: operator_id, case_id, start_ts, end_ts (null when never closed), n
   * (requests), n_new (served by new), active_ms, dwells (`route method served_by dwell_ms` items joined
   * by `,`; route `-` when none).
   */
  sql: string;
  params: unknown[];
}

/**
 * The window-function form of `sessionize()` (SQLite ≥ 3.28, MySQL 8, MariaDB 10.2+): one window pass
 * over each operator-and-case stream in (ts, seq) order, every function over the rows strictly before
 * the current one, then one GROUP BY. `g` (ends before the row) numbers the windows; a row belongs to a
 * handling when it is a start or the latest start-or-end before it is a start; its dwell runs to the next
 * row unless it is the end.
 */
export function sessionizeStatement(
  c: CompiledCase,
  dialect: StoreDialect,
  range: EventRange,
  idleGapMs: number,
  /** The range covers the whole table: read it in (operator_id, case_id, ts) index order, no sort. */
  wholeTable = false,
): SessionizeStatement {
  const endCond = anyPatternCondition(c.end, dialect);
  const startCond = patternCondition(c.start, dialect);
  const mysql = dialect === 'mysql';
  // Ties in ts break by `seq`, the store's insertion counter, as the in-process form keeps input order.
  // `mark` orders rows like (ts, seq) as one comparable string ending in the kind, so one MAX finds the
  // latest start or end before a row and tells which it was.
  const mark = mysql ? "CONCAT(LPAD(ts, 15, '0'), LPAD(seq, 15, '0'), kind)" : "printf('%015d%015d%d', ts, seq, kind)";
  const lastKind = mysql ? 'SUBSTRING(last_mark, 31, 1)' : 'substr(last_mark, 31, 1)';
  const w = 'PARTITION BY operator_id, case_id ORDER BY ts, seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING';
  const item = mysql
    ? "CONCAT(COALESCE(route_id, '-'), ' ', method, ' ', served_by, ' ', dwell)"
    : "COALESCE(route_id, '-') || ' ' || method || ' ' || served_by || ' ' || dwell";
  const concat = mysql ? `GROUP_CONCAT(${item} SEPARATOR ',')` : `GROUP_CONCAT(${item}, ',')`;
  // For the whole table the (operator_id, case_id, ts) index (rowid = seq last) already has the window's
  // order; for a narrow range the ts index finds the rows faster and they are sorted.
  const from = !wholeTable
    ? 'request_events\n  WHERE ts >= ? AND ts < ?'
    : mysql
      ? 'request_events FORCE INDEX (request_events_operator_case_ts)\n  WHERE ts >= ? AND ts < ?'
      : 'request_events INDEXED BY request_events_operator_case_ts\n  WHERE +ts >= ? AND +ts < ?';
  const sql = `WITH ev AS (
  SELECT seq, ts, operator_id, case_id, route_id, method, served_by,
    CASE WHEN ${endCond.sql} THEN 2 WHEN ${startCond.sql} THEN 1 ELSE 0 END AS kind
  FROM ${from} AND operator_id IS NOT NULL AND case_id IS NOT NULL
),
w AS (
  SELECT ev.*,
    COALESCE(SUM(CASE WHEN kind = 2 THEN 1 ELSE 0 END) OVER (${w}), 0) AS g,
    MAX(CASE WHEN kind > 0 THEN ${mark} END) OVER (${w}) AS last_mark,
    LEAD(ts) OVER (${w}) AS next_ts
  FROM ev
),
inw AS (
  SELECT operator_id, case_id, g, ts, route_id, method, served_by, kind,
    CASE WHEN kind = 2 THEN NULL ELSE next_ts - ts END AS dwell
  FROM w WHERE kind = 1 OR ${lastKind} = '1'
)
SELECT operator_id, case_id, MIN(ts) AS start_ts, MAX(CASE WHEN kind = 2 THEN ts END) AS end_ts, COUNT(*) AS n,
  SUM(CASE WHEN served_by = 'new' THEN 1 ELSE 0 END) AS n_new,
  SUM(CASE WHEN dwell <= ? THEN dwell ELSE 0 END) AS active_ms,
  ${concat} AS dwells
FROM inw GROUP BY operator_id, case_id, g`;
  return {
    sql,
    params: [...endCond.params, ...startCond.params, range.sinceMs, range.untilMs ?? Number.MAX_SAFE_INTEGER, idleGapMs],
  };
}

/**
 * The stream form: one index-order GROUP BY that hands over each operator-and-case stream holding a
 * start as one row, its requests in (ts, seq) order, with the match (kind) done where the data lives;
 * `sessionizeStreams()` then walks each stream once. Rows: operator_id, case_id, n (requests), items
 * (`KIND+SIDE ts route method` items joined by `,`, KIND 0|1|2 as in the window form, SIDE `n` for new,
 * `l` for legacy, route `-` when none). `operatorFrom`/`operatorTo` bound operator_id (`[from, to)`) so
 * two connections can share the work.
 */
export function streamsStatement(
  c: CompiledCase,
  dialect: StoreDialect,
  range: EventRange,
  wholeTable = false,
  operatorFrom: string | null = null,
  operatorTo: string | null = null,
): SessionizeStatement {
  const endCond = anyPatternCondition(c.end, dialect);
  const startCond = patternCondition(c.start, dialect);
  const mysql = dialect === 'mysql';
  const item = mysql
    ? "CONCAT(kind, IF(served_by = 'new', 'n', 'l'), ' ', ts, ' ', COALESCE(route_id, '-'), ' ', method)"
    : "kind || (CASE WHEN served_by = 'new' THEN 'n' ELSE 'l' END) || ' ' || ts || ' ' || COALESCE(route_id, '-') || ' ' || method";
  const concat = mysql ? `GROUP_CONCAT(${item} ORDER BY ts, seq SEPARATOR ',')` : `group_concat(${item}, ',' ORDER BY ts, seq)`;
  // MySQL 8 reads the hint (its group_concat_max_len defaults to 1 KiB); MariaDB takes SET STATEMENT instead.
  const hint = mysql ? '/*+ SET_VAR(group_concat_max_len = 67108864) */ ' : '';
  // The whole table is read in (operator_id, case_id, ts, seq) index order, so the GROUP BY needs no sort.
  const from = !wholeTable
    ? 'request_events\n    WHERE ts >= ? AND ts < ?'
    : mysql
      ? 'request_events FORCE INDEX (request_events_operator_case_ts)\n    WHERE ts >= ? AND ts < ?'
      : 'request_events INDEXED BY request_events_operator_case_ts\n    WHERE +ts >= ? AND +ts < ?';
  const bounds = `${operatorFrom === null ? '' : ' AND operator_id >= ?'}${operatorTo === null ? '' : ' AND operator_id < ?'}`;
  const sql = `SELECT ${hint}operator_id, case_id, COUNT(*) AS n, ${concat} AS items
FROM (
  SELECT operator_id, case_id, ts, seq, served_by, route_id, method,
    CASE WHEN ${endCond.sql} THEN 2 WHEN ${startCond.sql} THEN 1 ELSE 0 END AS kind
  FROM ${from} AND operator_id IS NOT NULL AND case_id IS NOT NULL${bounds}
) e
GROUP BY operator_id, case_id HAVING MAX(kind = 1) = 1`;
  const params: unknown[] = [...endCond.params, ...startCond.params, range.sinceMs, range.untilMs ?? Number.MAX_SAFE_INTEGER];
  if (operatorFrom !== null) params.push(operatorFrom);
  if (operatorTo !== null) params.push(operatorTo);
  return { sql, params };
}

/** One row of `streamsStatement()`. */
export interface StreamRow {
  operator_id: string;
  case_id: string;
  n: number | string;
  items: string | Buffer | null;
}

/**
 * Walk each stream of `streamsStatement()` as `sessionize()` does: a start opens a handling unless one
 * is open, the first end closes it; adds to `out` (throws AHT_ERR_SQL_TRUNCATED when a list was cut).
 */
export function sessionizeStreams(caseName: string, rows: readonly StreamRow[], opts: SessionizeOptions, out: Sessions): void {
  out.abandoned[caseName] ??= 0;
  out.overMaxDuration[caseName] ??= 0;
  for (const r of rows) {
    const operatorId = String(r.operator_id);
    const caseId = String(r.case_id);
    const items = r.items === null ? [] : String(r.items).split(',');
    if (items.length !== Number(r.n)) throw new AHT_ERR_SQL_TRUNCATED(caseName, Number(r.n), items.length);
    // Index of the open handling's first item, or -1.
    let open = -1;
    for (let i = 0; i < items.length; i++) {
      const kind = items[i].charCodeAt(0) - 48;
      if (open < 0) {
        if (kind === 1) open = i;
      } else if (kind === 2) {
        closeStream(caseName, operatorId, caseId, items, open, i, opts, out);
        open = -1;
      }
    }
    if (open >= 0) out.abandoned[caseName]++;
  }
}

function closeStream(
  caseName: string,
  operatorId: string,
  caseId: string,
  items: readonly string[],
  first: number,
  last: number,
  opts: SessionizeOptions,
  out: Sessions,
): void {
  // Items are `KS ts route method`: ts starts at offset 3; parsed with indexOf, no per-item arrays.
  const tsOf = (it: string): number => Number(it.slice(3, it.indexOf(' ', 3)));
  const startTs = tsOf(items[first]);
  const endTs = tsOf(items[last]);
  if (endTs - startTs > opts.maxDurationMs) {
    out.overMaxDuration[caseName]++;
    return;
  }
  let activeMs = 0;
  let fresh = 0;
  let ts = startTs;
  for (let i = first; i <= last; i++) {
    const it = items[i];
    const isNew = it.charCodeAt(1) === 110;
    if (isNew) fresh++;
    if (i === last) break;
    const routeAt = it.indexOf(' ', 3) + 1;
    const methodAt = it.indexOf(' ', routeAt) + 1;
    const route = it.slice(routeAt, methodAt - 1);
    const next = tsOf(items[i + 1]);
    const dwellMs = next - ts;
    if (dwellMs <= opts.idleGapMs) activeMs += dwellMs;
    out.dwells.push({ caseName, routeId: route === '-' ? null : route, method: it.slice(methodAt), servedBy: isNew ? 'new' : 'legacy', operatorId, dwellMs });
    ts = next;
  }
  const n = last - first + 1;
  out.handlings.push({ caseName, operatorId, caseId, startTs, endTs, durationMs: endTs - startTs, activeMs, arm: armOf(n - fresh, fresh), requests: n });
}

/**
 * MariaDB computes window functions in a temporary table and sorts it: with the defaults (16 MiB heap
 * table, 2 MiB sort buffer) a million rows spill to disk. `SET STATEMENT` raises them for this query only.
 */
export const MARIADB_STATEMENT_SETTINGS =
  'SET STATEMENT sort_buffer_size = 67108864, tmp_table_size = 536870912, max_heap_table_size = 536870912 FOR ';

/** Operator ids that cut the events into `parts` near-equal ranges (`[]` when there are too few). */
async function operatorSplits(store: Store, parts: number): Promise<string[]> {
  const [{ n }] = await store.query<{ n: number | string }>('SELECT COUNT(*) AS n FROM request_events WHERE operator_id IS NOT NULL');
  const out: string[] = [];
  for (let k = 1; k < parts; k++) {
    const [row] = await store.query<{ o: string }>(
      'SELECT operator_id AS o FROM request_events WHERE operator_id IS NOT NULL ORDER BY operator_id LIMIT 1 OFFSET ?',
      [Math.floor((Number(n) * k) / parts)],
    );
    if (row !== undefined && (out.length === 0 || String(row.o) > out[out.length - 1])) out.push(String(row.o));
  }
  return out;
}

async function isMariaDb(store: Store): Promise<boolean> {
  const [row] = await store.query<{ v: string }>('SELECT VERSION() AS v');
  return /mariadb/i.test(String(row.v));
}

interface WindowRow {
  operator_id: string;
  case_id: string;
  start_ts: number | string;
  end_ts: number | string | null;
  n: number | string;
  n_new: number | string;
  active_ms: number | string | null;
  dwells: string | Buffer | null;
}

/** The SQL form `sessionizeInStore()` runs: `streams` (default, faster) or the all-SQL `window` form. */
export type SessionizeForm = 'streams' | 'window';

/** Concurrent statements of the stream form on MySQL/MariaDB over the whole table (the target has 2 cores). */
export const STREAM_PARTS = 2;

/**
 * MariaDB settings of the stream form: GROUP_CONCAT lists up to 64 MiB (the default 1 MiB could cut a
 * long-lived case's stream).
 */
export const MARIADB_STREAM_SETTINGS = 'SET STATEMENT group_concat_max_len = 67108864 FOR ';

/** Sessionise the events in `range` with SQL on the store (same result as `sessionize()`). */
export async function sessionizeInStore(
  store: Store,
  cases: readonly AhtCaseConfig[],
  range: EventRange,
  opts: SessionizeOptions,
  form: SessionizeForm = 'streams',
): Promise<Sessions> {
  const out: Sessions = { handlings: [], dwells: [], abandoned: {}, overMaxDuration: {} };
  const [bounds] = await store.query<{ lo: number | string | null; hi: number | string | null }>(
    'SELECT MIN(ts) AS lo, MAX(ts) AS hi FROM request_events',
  );
  const wholeTable =
    bounds.lo !== null && range.sinceMs <= Number(bounds.lo) && (range.untilMs === undefined || range.untilMs > Number(bounds.hi));
  const maria = store.dialect === 'mysql' && (await isMariaDb(store));
  if (form === 'streams') {
    const splits = store.dialect === 'mysql' && wholeTable ? await operatorSplits(store, STREAM_PARTS) : [];
    const prefix = maria ? MARIADB_STREAM_SETTINGS : '';
    for (const c of compileCases(cases)) {
      const edges = [null, ...splits, null];
      // One statement per operator range, run side by side on the pool's connections; each part is walked
      // as soon as it and the parts before it are in, so the output order does not depend on timing.
      const parts = edges.slice(1).map((to, i) => {
        const st = streamsStatement(c, store.dialect, range, wholeTable, edges[i], to);
        return store.query<StreamRow>(prefix + st.sql, st.params);
      });
      // Every part gets a handler at once, so a later part's failure is never an unhandled rejection.
      for (const p of parts) p.catch(() => undefined);
      for (const p of parts) sessionizeStreams(c.name, await p, opts, out);
    }
    return out;
  }
  const prefix = maria ? MARIADB_STATEMENT_SETTINGS : '';
  for (const c of compileCases(cases)) {
    const st = sessionizeStatement(c, store.dialect, range, opts.idleGapMs, wholeTable);
    out.abandoned[c.name] = 0;
    out.overMaxDuration[c.name] = 0;
    // MySQL may return numbers as strings (DECIMAL, BIGINT): Number() every figure.
    for (const r of await store.query<WindowRow>(prefix + st.sql, st.params)) {
      if (r.end_ts === null) {
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
      const items = r.dwells === null ? [] : String(r.dwells).split(',');
      // A closed window has one dwell per request but the end; fewer means the server cut GROUP_CONCAT.
      if (items.length !== n - 1) throw new AHT_ERR_SQL_TRUNCATED(c.name, n - 1, items.length);
      for (const it of items) {
        const [route, method, servedBy, dwell] = it.split(' ');
        out.dwells.push({
          caseName: c.name,
          routeId: route === '-' ? null : route,
          method,
          servedBy: servedBy as ServedBy,
          operatorId: String(r.operator_id),
          dwellMs: Number(dwell),
        });
      }
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
  }
  return out;
}
