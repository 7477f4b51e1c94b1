import { describe, expect, it } from 'vitest';
import { bigQueryStatements } from '../../../aht/sql/bigquery-sql.js';
import { compileCases } from '../../../aht/sessionize.js';
import { SIMULATED_CASE } from '../../../aht/simulate.js';
import { EDGE_CASES } from '../edge-events.js';

describe('bigQueryStatements', () => {
  const [inquiry] = compileCases([SIMULATED_CASE]);
  const st = bigQueryStatements(inquiry, 'proj.cs.request_events');

  it('reads the exported table with named parameters only', () => {
    for (const sql of [st.handlings, st.dwells]) {
      expect(sql).toContain('FROM `proj.cs.request_events`');
      expect(sql).not.toMatch(/\?/);
      for (const p of ['@since_ms', '@until_ms', '@idle_gap_ms', '@max_duration_ms']) expect(sql).toContain(p);
      expect(sql).toContain('UNIX_MILLIS(ts)');
    }
  });

  it('matches the case patterns with anchored regular expressions and numbers windows with window functions', () => {
    expect(st.handlings).toContain("(method = 'POST' AND REGEXP_CONTAINS(path, r'^/api/inquiries/[^/]+/reply$'))");
    expect(st.handlings).toContain("(method = 'GET' AND REGEXP_CONTAINS(path, r'^/api/inquiries/[^/]+$'))");
    expect(st.handlings).toContain('OVER (PARTITION BY operator_id, case_id ORDER BY ts_ms, id)');
    expect(st.handlings).toContain('LEAD(ts_ms)');
    expect(st.handlings).toMatch(/'abandoned'.*'over_max_duration'.*'handled'/s);
    expect(st.dwells).toContain('JOIN grouped');
  });

  it('escapes literal regex characters and quotes', () => {
    const [edge] = compileCases([{ ...EDGE_CASES[0], name: "it's", start: 'GET /api/items/:itemId/review.v2' }]);
    const sql = bigQueryStatements(edge, 'p.d.t').handlings;
    expect(sql).toContain('review\\.v2$');
    expect(sql).toContain("'it\\'s' AS case_name");
    // Balanced parentheses: a cheap check that the text is well formed.
    expect(sql.split('(').length).toBe(sql.split(')').length);
  });
});
