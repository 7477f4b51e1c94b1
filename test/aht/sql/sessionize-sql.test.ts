import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openStore } from '../../../store/index.js';
import type { Store } from '../../../store/index.js';
import { sessionize } from '../../../aht/sessionize.js';
import { sessionizeInStore, sessionizeCaseRows } from '../../../aht/sql/sessionize-sql.js';
import { compileCases } from '../../../aht/sessionize.js';
import { emptySessions, sortSessions } from '../../../aht/handling.js';
import { simulateEvents, SIMULATED_CASE } from '../../../aht/simulate.js';
import { edgeCaseEvents, EDGE_CASES } from '../edge-events.js';

const OPTS = { maxDurationMs: 4 * 3600_000, idleGapMs: 300_000 };
const sim = simulateEvents({ seed: 7, operators: 30, handlingsPerOperator: 12, abandonRate: 0.1, mixedRate: 0.1, overMaxRate: 0.03 });
const events = [...sim.events, ...edgeCaseEvents()];
const cases = [SIMULATED_CASE, ...EDGE_CASES];
const expected = sortSessions(sessionize(events, cases, OPTS));
// A range inside the data: the SQL reads it through the ts index instead of the whole table.
const cut = sim.events[Math.floor(sim.events.length / 3)].ts;
const expectedFromCut = sortSessions(sessionize(events.filter((e) => e.ts >= cut), cases, OPTS));

const dir = mkdtempSync(join(tmpdir(), 'aht-sql-'));
const dbName = `strangler_aht_test_${process.pid}`;

async function check(store: Store): Promise<void> {
  await store.insertEvents(events);
  const got = sortSessions(await sessionizeInStore(store, cases, { sinceMs: 0 }, OPTS));
  expect(got.handlings.length).toBeGreaterThan(100);
  expect(got.abandoned).toEqual(expected.abandoned);
  expect(got.overMaxDuration).toEqual(expected.overMaxDuration);
  expect(got.handlings).toEqual(expected.handlings);
  expect(got.dwells).toEqual(expected.dwells);
  expect(got).toEqual(expected);
  const part = sortSessions(await sessionizeInStore(store, cases, { sinceMs: cut }, OPTS));
  expect(part.handlings.length).toBeLessThan(got.handlings.length);
  expect(part).toEqual(expectedFromCut);
}

describe('SQL sessionisation gives the in-process handlings', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('on SQLite', async () => {
    const store = await openStore(`sqlite:${join(dir, 'a.db')}`);
    try {
      await check(store);
    } finally {
      await store.close();
    }
  });

  describe('on MariaDB', () => {
    beforeAll(async () => {
      const c = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`CREATE DATABASE IF NOT EXISTS ${dbName}`);
      await c.end();
    });
    afterAll(async () => {
      const c = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await c.end();
    });

    it('on MariaDB', async () => {
      const store = await openStore(`mysql://root@127.0.0.1:3306/${dbName}`);
      try {
        await check(store);
      } finally {
        await store.close();
      }
    });
  });
});

describe('sessionizeCaseRows', () => {
  const compiled = compileCases([SIMULATED_CASE]);
  const item = (ts: number, op: string, method: string, path: string, side = 'l', route = '=r', instance = 'i'): string =>
    [ts, op, method, 200, side, route, instance, path].join('\u001f');

  it('refuses a stream list the database cut short', () => {
    const rows = [{ cid: '1', n: 3, items: [item(1000, 'a', 'GET', '/api/inquiries/1'), item(2000, 'a', 'POST', '/api/inquiries/1/reply')].join('\u001e') }];
    expect(() => sessionizeCaseRows(compiled, rows, OPTS, emptySessions())).toThrow(expect.objectContaining({ code: 'AHT_ERR_SQL_TRUNCATED' }));
  });

  it('reads each field of an item: no route, the side, a path holding the field separator', () => {
    const out = emptySessions();
    const items = [item(1000, 'o', 'GET', '/api/inquiries/9', 'n', ''), item(4000, 'o', 'POST', '/api/inquiries/9/reply', 'n')];
    sessionizeCaseRows(compiled, [{ cid: Buffer.from('9'), n: 2, items: items.join('\u001e') }], OPTS, out);
    expect(out.handlings).toEqual([
      { caseName: 'inquiry', operatorId: 'o', caseId: '9', startTs: 1000, endTs: 4000, durationMs: 3000, activeMs: 3000, arm: 'new', requests: 2, outcome: 'completed', transferredTo: null },
    ]);
    expect(out.dwells.map((d) => [d.routeId, d.servedBy, d.dwellMs])).toEqual([[null, 'new', 3000]]);
  });
});
