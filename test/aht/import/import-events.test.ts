import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../../store/index.js';
import { importEventsFile, importFormat } from '../../../aht/import/import-events.js';
import { parseNdjsonLine } from '../../../aht/import/ndjson-line.js';
import { eventIdOf } from '../../../aht/import/derive-event.js';
import { buildAhtReport, SIMULATED_CASE } from '../../../aht/index.js';
import type { AhtReportConfig } from '../../../aht/index.js';
import type { RouteConfig } from '../../../config/strangler-config.js';

const dir = mkdtempSync(join(tmpdir(), 'aht-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function route(id: string, method: string, path: string): RouteConfig {
  return { id, methods: [method], path, mode: 'legacy', percent: 0, sample: 0, noise: 0, adapter: null, group: id, timeoutMs: null, compare: {} as RouteConfig['compare'] };
}
const CONFIG: AhtReportConfig = {
  aht: { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 },
  routes: [route('inquiry', 'GET', '/api/inquiries/:id'), route('history', 'GET', '/api/inquiries/:id/history'), route('reply', 'POST', '/api/inquiries/:id/reply')],
};

describe('importEventsFile', () => {
  it('imports NDJSON, derives route and case, reports bad lines by number, and adds nothing on re-import', async () => {
    const file = join(dir, 'events.ndjson');
    const line = (ts: string, method: string, path: string, extra = '') =>
      `{"ts":"${ts}","operator_id":"alice","method":"${method}","path":"${path}","status":200,"latency_ms":12,"served_by":"legacy"${extra}}`;
    writeFileSync(
      file,
      [
        line('2024-05-01T09:00:00Z', 'GET', '/api/inquiries/7?tab=1'),
        line('2024-05-01T09:01:00Z', 'GET', '/api/inquiries/7/history'),
        '{"ts":"yesterday","operator_id":"alice"}',
        'not json',
        line('2024-05-01T09:03:30Z', 'POST', '/api/inquiries/7/reply'),
        '',
      ].join('\n'),
    );
    const store = await openStore(`sqlite:${join(dir, 'n.db')}`);
    try {
      const out = await importEventsFile(store, file, CONFIG, { format: 'ndjson' });
      expect(out).toMatchObject({ lines: 5, valid: 3, added: 3 });
      expect(out.issues.map((e) => [e.code, e.line])).toEqual([
        ['AHT_ERR_BAD_EVENT_LINE', 3],
        ['AHT_ERR_BAD_EVENT_LINE', 4],
      ]);
      const events = await store.events({});
      expect(events.map((e) => [e.routeId, e.caseId, e.path])).toEqual([
        ['inquiry', '7', '/api/inquiries/7'],
        ['history', '7', '/api/inquiries/7/history'],
        ['reply', '7', '/api/inquiries/7/reply'],
      ]);
      expect((await importEventsFile(store, file, CONFIG, { format: 'ndjson' })).added).toBe(0);
      const report = await buildAhtReport(store, CONFIG, { sinceMs: 0 });
      expect(report.cases[0].arms.legacy).toMatchObject({ n: 1, mean_s: 210 });
    } finally {
      await store.close();
    }
  });

  it('imports a combined-format access log with an op= field, for a baseline before the proxy', async () => {
    const file = join(dir, 'access.log');
    writeFileSync(
      file,
      [
        '10.0.0.1 - - [01/May/2024:18:00:00 +0900] "GET /api/inquiries/9 HTTP/1.1" 200 512 "-" "Mozilla/5.0 (X11)" op=bob rt=0.045',
        '10.0.0.1 - - [01/May/2024:18:02:00 +0900] "POST /api/inquiries/9/reply HTTP/1.1" 201 20 "https://cs/x" "Mozilla/5.0" op=bob',
        '10.0.0.1 - - [01/May/2024:18:03:00 +0900] "GET /api/inquiries/9 HTTP/1.1" 200 512 "-" "Mozilla/5.0"',
      ].join('\n'),
    );
    const store = await openStore(`sqlite:${join(dir, 'a.db')}`);
    try {
      const out = await importEventsFile(store, file, CONFIG, { format: 'access-log' });
      expect(out).toMatchObject({ valid: 2, added: 2 });
      expect(out.issues.map((e) => [e.code, e.line])).toEqual([['AHT_ERR_BAD_ACCESS_LOG_LINE', 3]]);
      const events = await store.events({});
      expect(events[0]).toMatchObject({ ts: Date.UTC(2024, 4, 1, 9, 0, 0), operatorId: 'bob', caseId: '9', latencyMs: 45, servedBy: 'legacy' });
      const report = await buildAhtReport(store, CONFIG, { sinceMs: 0 });
      expect(report.cases[0].arms.legacy).toMatchObject({ n: 1, mean_s: 120 });
    } finally {
      await store.close();
    }
  });

  it('rejects an unknown format with a code', () => {
    expect(() => importFormat('csv')).toThrow(expect.objectContaining({ code: 'AHT_ERR_UNKNOWN_FORMAT' }));
  });

  it('refuses a line whose path or operator holds a control character (the SQL sessionisation separates fields with them)', () => {
    const line = (path: string, op = 'a'): string => JSON.stringify({ ts: '2024-05-01T09:00:00Z', operator_id: op, method: 'GET', path, status: 200, latency_ms: 1, served_by: 'legacy' });
    expect(parseNdjsonLine(line('/api/inquiries/1'))).not.toHaveProperty('problem');
    expect(parseNdjsonLine(line('/api/inquiries/1\u001f2'))).toHaveProperty('problem');
    expect(parseNdjsonLine(line('/api/inquiries/1', 'a\u001eb'))).toHaveProperty('problem');
  });

  it('gives an imported line an id that starts with its time, so a large import appends to the id index', () => {
    const a = eventIdOf(1_700_000_000_000, 'x');
    const b = eventIdOf(1_700_000_000_001, 'w');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(a < b).toBe(true);
    expect(eventIdOf(1_700_000_000_000, 'x')).toBe(a);
    expect(eventIdOf(1_700_000_000_000, 'y')).not.toBe(a);
  });
});
