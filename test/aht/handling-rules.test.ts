import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createConnection } from 'mysql2/promise';
import { openStore, type Store } from '../../store/index.js';
import { sessionize } from '../../aht/sessionize.js';
import { sessionizeInStore } from '../../aht/sql/sessionize-sql.js';
import { sortSessions, type Sessions } from '../../aht/handling.js';
import { handlingsOf, scenarios, SCENARIO_CASES, SCENARIO_OPTS, type Scenario } from './handling-scenarios.js';

// Each edge case of the handling rules as a hand-made event set with the handlings it must give, run
// in-process and as SQL on SQLite and MariaDB (docs/aht.md, "Handling rules").
const all = scenarios();
const allEvents = all.flatMap((s) => s.events);
const inProcess = sortSessions(sessionize(allEvents, SCENARIO_CASES, SCENARIO_OPTS));

function dwellsOf(s: Sessions, sc: Scenario): number[] {
  // Scenario operators are unique to their scenario.
  const ops = new Set(sc.events.map((e) => e.operatorId));
  return s.dwells.filter((d) => ops.has(d.operatorId)).map((d) => d.dwellMs).sort((a, b) => a - b);
}

function checkScenarios(got: Sessions): void {
  for (const sc of all) {
    expect(handlingsOf(got, sc), sc.name).toEqual(sc.handlings);
    expect(dwellsOf(got, sc), sc.name).toEqual(sc.dwellsMs);
  }
  expect(got.duplicates.inquiry).toBe(all.reduce((a, s) => a + s.duplicates, 0));
  expect(got.transferred.inquiry).toBe(1);
  expect(got.abandoned.inquiry).toBe(all.flatMap((s) => s.handlings).filter((h) => h.outcome === 'abandoned').length);
}

describe('handling rules in-process', () => {
  for (const sc of scenarios()) {
    it(sc.name, () => {
      const s = sessionize(sc.events, SCENARIO_CASES, SCENARIO_OPTS);
      expect(handlingsOf(s, sc)).toEqual(sc.handlings);
      expect(dwellsOf(s, sc)).toEqual(sc.dwellsMs);
      expect(s.duplicates.inquiry).toBe(sc.duplicates);
    });
  }

  it('gives every scenario the same handlings when they share one event set', () => {
    checkScenarios(inProcess);
  });

  it('keeps the handlings of a transfer on the arm each part was served by', () => {
    const t = inProcess.handlings.filter((h) => h.caseId === 't1');
    expect(t.map((h) => [h.operatorId, h.arm])).toEqual([['fay', 'legacy'], ['gus', 'new']]);
  });
});

describe('handling rules as SQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aht-rules-'));
  const dbName = `strangler_aht_rules_${process.pid}`;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function check(store: Store): Promise<void> {
    await store.insertEvents(allEvents);
    const got = sortSessions(await sessionizeInStore(store, SCENARIO_CASES, { sinceMs: 0 }, SCENARIO_OPTS));
    checkScenarios(got);
    expect(got).toEqual(inProcess);
  }

  it('on SQLite', async () => {
    const store = await openStore(`sqlite:${join(dir, 'rules.db')}`);
    try {
      await check(store);
    } finally {
      await store.close();
    }
  });

  describe('on MariaDB', () => {
    beforeAll(async () => {
      const c = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
      await c.query(`DROP DATABASE IF EXISTS ${dbName}`);
      await c.query(`CREATE DATABASE ${dbName}`);
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
