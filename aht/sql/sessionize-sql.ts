import type { Store, StoreDialect } from '../../store/store.js';
import type { AhtCaseConfig } from '../../config/strangler-config.js';
import { byCaseId, compileCases, initCounts, sessionizeStream, type CompiledCase, type SessionizeOptions, type StreamEvent } from '../sessionize.js';
import { emptySessions, type Sessions } from '../handling.js';
import { AHT_ERR_SQL_TRUNCATED } from '../errors.js';

/** Time range of the events looked at (epoch ms, `untilMs` exclusive). */
export interface EventRange {
  sinceMs: number;
  untilMs?: number;
}

/** A statement with its `?` parameters. */
export interface SessionizeStatement {
  sql: string;
  params: unknown[];
}

// Control characters separate fields and items: the proxy never logs them (Node's HTTP parser refuses
// them in a request target) and the importers refuse them, so no path or id can hold one.
const FIELD = '\u001f';
const ITEM = '\u001e';

/**
 * One row per case id with its requests in (ts, seq) order, every operator: cid (the case id), n (requests), items
 * (`ts operator method status side route instance path` joined by U+001F; items joined by U+001E; side
 * `n` new, `l` legacy; route `=ID`, empty when none). The database filters, orders and groups; the
 * handling rules run in `sessionizeStream()`, the walk the in-process form uses, so the two cannot drift.
 * `part` (MySQL) takes the case ids whose CRC32 is `index` modulo `of`, so several connections can share
 * the work without sorting the table to find split points.
 */
export function caseStreamsStatement(
  dialect: StoreDialect,
  range: EventRange,
  part: { index: number; of: number } | null = null,
): SessionizeStatement {
  const mysql = dialect === 'mysql';
  const route = `CASE WHEN route_id IS NULL THEN '' ELSE ${mysql ? "CONCAT('=', route_id)" : "'=' || route_id"} END`;
  const side = "CASE WHEN served_by = 'new' THEN 'n' ELSE 'l' END";
  const fields = ['ts', 'operator_id', 'method', 'status', side, route, 'instance', 'path'];
  const item = mysql ? `CONCAT(${fields.join(`, '${FIELD}', `)})` : fields.join(` || '${FIELD}' || `);
  const concat = mysql
    ? `GROUP_CONCAT(${item} ORDER BY ts, seq SEPARATOR '${ITEM}')`
    : `group_concat(${item}, '${ITEM}' ORDER BY ts, seq)`;
  // MySQL 8 reads the hint (its group_concat_max_len defaults to 1 KiB); MariaDB takes SET STATEMENT instead.
  const hint = mysql ? '/*+ SET_VAR(group_concat_max_len = 67108864) */ ' : '';
  // Case ids compare byte for byte, as in-process (MySQL's default collation would merge `A1` and `a1`).
  const cid = mysql ? 'case_id COLLATE utf8mb4_bin' : 'case_id';
  const bounds = part === null ? '' : ' AND CRC32(case_id) % ? = ?';
  const sql = `SELECT ${hint}${cid} AS cid, COUNT(*) AS n, ${concat} AS items
FROM request_events
WHERE ts >= ? AND ts < ? AND operator_id IS NOT NULL AND case_id IS NOT NULL${bounds}
GROUP BY cid`;
  const params: unknown[] = [range.sinceMs, range.untilMs ?? Number.MAX_SAFE_INTEGER];
  if (part !== null) params.push(part.of, part.index);
  return { sql, params };
}

/** One row of `caseStreamsStatement()`. */
export interface CaseStreamRow {
  cid: string | Buffer;
  n: number | string;
  items: string | Buffer | null;
}

/**
 * Walk each row of `caseStreamsStatement()` with the handling rules; adds to `out` (throws
 * AHT_ERR_SQL_TRUNCATED when the database cut a list short).
 */
export function sessionizeCaseRows(compiled: readonly CompiledCase[], rows: readonly CaseStreamRow[], opts: SessionizeOptions, out: Sessions): void {
  initCounts(compiled, out);
  const ids = rows.map((r, i) => ({ caseId: String(r.cid), i }));
  // The in-process order of case ids, whatever order the database grouped them in.
  ids.sort((a, b) => byCaseId(a.caseId, b.caseId));
  for (const { caseId, i: at } of ids) {
    const r = rows[at];
    const items = r.items === null ? [] : String(r.items).split(ITEM);
    if (items.length !== Number(r.n)) throw new AHT_ERR_SQL_TRUNCATED(caseId, Number(r.n), items.length);
    const evs: StreamEvent[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) {
      const f = items[i].split(FIELD);
      if (f.length < 8) throw new AHT_ERR_SQL_TRUNCATED(caseId, Number(r.n), i);
      evs[i] = {
        ts: Number(f[0]),
        operatorId: f[1],
        method: f[2],
        status: Number(f[3]),
        servedBy: f[4] === 'n' ? 'new' : 'legacy',
        routeId: f[5] === '' ? null : f[5].slice(1),
        instance: f[6],
        // The path is last: whatever it holds, the fields before it stay in place.
        path: f.length === 8 ? f[7] : f.slice(7).join(FIELD),
      };
    }
    sessionizeStream(compiled, caseId, evs, opts, out);
  }
}

/** MariaDB settings: GROUP_CONCAT lists up to 64 MiB (the default 1 MiB could cut a long-lived case's stream). */
export const MARIADB_STREAM_SETTINGS = 'SET STATEMENT group_concat_max_len = 67108864 FOR ';

/** Concurrent statements on MySQL/MariaDB (the target has 2 cores). */
export const STREAM_PARTS = 2;

async function isMariaDb(store: Store): Promise<boolean> {
  const [row] = await store.query<{ v: string }>('SELECT VERSION() AS v');
  return /mariadb/i.test(String(row.v));
}

/**
 * Sessionise the events in `range` where they live: the database hands over each case id's stream and
 * the handling rules walk it (same result as `sessionize()` on the same events).
 */
export async function sessionizeInStore(store: Store, cases: readonly AhtCaseConfig[], range: EventRange, opts: SessionizeOptions): Promise<Sessions> {
  const out = emptySessions();
  const compiled = compileCases(cases);
  initCounts(compiled, out);
  if (compiled.length === 0) return out;
  const mysql = store.dialect === 'mysql';
  const prefix = mysql && (await isMariaDb(store)) ? MARIADB_STREAM_SETTINGS : '';
  // MySQL: one statement per share of the case ids, side by side on the pool's connections.
  const shares = mysql ? Array.from({ length: STREAM_PARTS }, (_, index) => ({ index, of: STREAM_PARTS })) : [null];
  const parts = shares.map((part) => {
    const st = caseStreamsStatement(store.dialect, range, part);
    return store.query<CaseStreamRow>(prefix + st.sql, st.params);
  });
  sessionizeCaseRows(compiled, (await Promise.all(parts)).flat(), opts, out);
  return out;
}
