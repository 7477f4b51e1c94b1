import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openStore } from '../../../store/index.js';
import type { Store } from '../../../store/index.js';
import { sessionize } from '../../../aht/sessionize.js';
import { sessionizeInStore, sessionizeStreams, type SessionizeForm } from '../../../aht/sql/sessionize-sql.js';
import type { Sessions } from '../../../aht/handling.js';
import { sortSessions } from '../../../aht/handling.js';
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
  for (const form of ['streams', 'window'] as const) await checkForm(store, form);
}

async function checkForm(store: Store, form: SessionizeForm): Promise<void> {
  const got = sortSessions(await sessionizeInStore(store, cases, { sinceMs: 0 }, OPTS, form));
  expect(got.handlings.length).toBeGreaterThan(100);
  expect(got.abandoned).toEqual(expected.abandoned);
  expect(got.overMaxDuration).toEqual(expected.overMaxDuration);
  expect(got.handlings).toEqual(expected.handlings);
  expect(got.dwells).toEqual(expected.dwells);
  const part = sortSessions(await sessionizeInStore(store, cases, { sinceMs: cut }, OPTS, form));
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

describe('sessionizeStreams', () => {
  it('refuses a stream list the database cut short', () => {
    const out: Sessions = { handlings: [], dwells: [], abandoned: {}, overMaxDuration: {} };
    const rows = [{ operator_id: 'a', case_id: '1', n: 3, items: '1l 1000 r GET,2l 2000 r POST' }];
    expect(() => sessionizeStreams('c', rows, OPTS, out)).toThrow(expect.objectContaining({ code: 'AHT_ERR_SQL_TRUNCATED' }));
  });

  it('walks a stream as the in-process form does: the first end after a start closes it', () => {
    const out: Sessions = { handlings: [], dwells: [], abandoned: {}, overMaxDuration: {} };
    const items = ['2l 500 r POST', '1n 1000 a GET', '1n 1500 a GET', '0n 2000 - GET', '2n 4000 b POST', '2n 5000 b POST', '1l 6000 a GET'];
    sessionizeStreams('c', [{ operator_id: 'o', case_id: '9', n: items.length, items: items.join(',') }], OPTS, out);
    expect(out.handlings).toEqual([
      { caseName: 'c', operatorId: 'o', caseId: '9', startTs: 1000, endTs: 4000, durationMs: 3000, activeMs: 3000, arm: 'new', requests: 4 },
    ]);
    expect(out.dwells.map((d) => [d.routeId, d.dwellMs])).toEqual([['a', 500], ['a', 500], [null, 2000]]);
    expect(out.abandoned).toEqual({ c: 1 });
  });
});
