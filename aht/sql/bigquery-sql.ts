import type { CasePattern } from '../case-pattern.js';
import type { CompiledCase } from '../sessionize.js';

/** BigQuery standard SQL for one case type over the exported `request_events` table. */
export interface BigQueryStatements {
  /**
   * One row per handling window: operator_id, case_id, start_ms, end_ms, duration_ms, active_ms, requests,
   * arm (legacy | new | mixed), outcome (`handled` | `abandoned` | `over_max_duration`).
   */
  handlings: string;
  /** Dwell per request of handled windows, per route and side: case_name, route_id, method, served_by, operator_id, dwell_ms. */
  dwells: string;
}

/**
 * Sessionisation of the BigQuery export (whose `ts` is a TIMESTAMP and which has no `seq`: ties in ts
 * break by `id`) by the earlier rules: per operator and case id, a start to the first end, exact
 * case-sensitive matching. It does not apply near-duplicates, abandonAfter, transfers, clock skew or the
 * proxy's path normalisation (docs/aht.md, "Handling rules"), so its figures can differ from the report's. Named parameters: @since_ms, @until_ms (INT64 epoch
 * ms), @idle_gap_ms, @max_duration_ms. `table` is `project.dataset.request_events`.
 */
export function bigQueryStatements(c: CompiledCase, table: string): BigQueryStatements {
  const end = c.end.map(regexCondition).join(' OR ') || 'FALSE';
  const start = regexCondition(c.start);
  const w = 'PARTITION BY operator_id, case_id ORDER BY ts_ms, id';
  const name = `'${c.name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const cte = `WITH ev AS (
  SELECT id, UNIX_MILLIS(ts) AS ts_ms, operator_id, case_id, route_id, method, served_by,
    CASE WHEN ${end} THEN 2 WHEN ${start} THEN 1 ELSE 0 END AS kind
  FROM \`${table.replace(/`/g, '')}\`
  WHERE ts >= TIMESTAMP_MILLIS(@since_ms) AND ts < TIMESTAMP_MILLIS(@until_ms)
    AND operator_id IS NOT NULL AND case_id IS NOT NULL
),
l1 AS (
  SELECT ev.*,
    SUM(IF(kind = 2, 1, 0)) OVER (${w}) - IF(kind = 2, 1, 0) AS g,
    LEAD(ts_ms) OVER (${w}) AS next_ms
  FROM ev
),
l2 AS (
  SELECT l1.*, SUM(IF(kind = 1, 1, 0)) OVER (PARTITION BY operator_id, case_id, g ORDER BY ts_ms, id) AS open_s
  FROM l1
),
win AS (
  SELECT operator_id, case_id, g, ts_ms, route_id, method, served_by, kind,
    IF(kind = 2, NULL, next_ms - ts_ms) AS dwell_ms
  FROM l2 WHERE open_s > 0
),
grouped AS (
  SELECT operator_id, case_id, g, MIN(ts_ms) AS start_ms, MAX(IF(kind = 2, ts_ms, NULL)) AS end_ms,
    SUM(IF(dwell_ms <= @idle_gap_ms, dwell_ms, 0)) AS active_ms, COUNT(*) AS requests,
    COUNTIF(served_by = 'new') AS n_new
  FROM win GROUP BY operator_id, case_id, g
)`;
  return {
    handlings: `${cte}
SELECT ${name} AS case_name, operator_id, case_id, start_ms, end_ms, end_ms - start_ms AS duration_ms, active_ms, requests,
  CASE WHEN n_new = 0 THEN 'legacy' WHEN n_new = requests THEN 'new' ELSE 'mixed' END AS arm,
  CASE WHEN end_ms IS NULL THEN 'abandoned' WHEN end_ms - start_ms > @max_duration_ms THEN 'over_max_duration' ELSE 'handled' END AS outcome
FROM grouped`,
    dwells: `${cte}
SELECT ${name} AS case_name, w.route_id, w.method, w.served_by, w.operator_id, w.dwell_ms
FROM win AS w JOIN grouped AS h USING (operator_id, case_id, g)
WHERE w.dwell_ms IS NOT NULL AND h.end_ms IS NOT NULL AND h.end_ms - h.start_ms <= @max_duration_ms`,
  };
}

/** `method = … AND REGEXP_CONTAINS(path, r'^…$')` for a case pattern (`:param` = one non-empty segment). */
function regexCondition(p: CasePattern): string {
  const re =
    '^/' +
    p.segments.map((s) => ('literal' in s ? s.literal.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : '[^/]+')).join('/') +
    '$';
  const path = `REGEXP_CONTAINS(path, r'${re.replace(/'/g, "\\'")}')`;
  return p.method === null ? `(${path})` : `(method = '${p.method}' AND ${path})`;
}
