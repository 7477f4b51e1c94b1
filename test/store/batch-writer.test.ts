import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { createBatchWriter, openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { bothDatabases, makeEvent, makeResult } from './fixtures.js';
import type { Fixture } from './fixtures.js';

async function until(cond: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function countRows(store: Store, table: string): Promise<number> {
  const [row] = await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`);
  return Number(row.n);
}

/** How each dialect makes its database unavailable for real, and brings it back. */
interface Outage {
  down(): Promise<void> | void;
  up(): Promise<void> | void;
}

describe.each(bothDatabases('batch'))('batch writer on %s', (dialect, makeFixture) => {
  let fx: Fixture;
  let store: Store;
  let outage: Outage;
  beforeAll(async () => {
    fx = await makeFixture();
    store = await openStore(fx.url, { busyTimeoutMs: 20, connectTimeoutMs: 1000 });
    if (dialect === 'mysql') {
      // The relay stops listening and drops every connection: MariaDB is gone until it listens again.
      outage = { down: () => fx.relay!.stop(), up: () => fx.relay!.start() };
    } else {
      // Another connection holding an exclusive lock: every write fails with SQLITE_BUSY until released.
      const holder = new Database(fx.url.slice('sqlite:'.length));
      outage = {
        down: () => void holder.exec('BEGIN EXCLUSIVE'),
        up: () => void holder.exec('ROLLBACK'),
      };
    }
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('writes by count and by time', async () => {
    const w = createBatchWriter(store, { batchSize: 10, flushIntervalMs: 50, maxBuffer: 1000 });
    const before = await countRows(store, 'request_events');
    for (let i = 0; i < 25; i++) w.push(makeEvent());
    w.pushResult(makeResult());
    // 20 go out by count at once; the last 5 and the result by the timer.
    await until(() => w.stats().written === 26);
    expect(await countRows(store, 'request_events')).toBe(before + 25);
    expect(w.stats()).toMatchObject({ buffered: 0, dropped: 0, failures: 0 });
    await w.close();
  });

  it('survives the database going away: bounded buffer, loss counted, nothing acknowledged lost, resumes on its own', async () => {
    const warnings: object[] = [];
    const w = createBatchWriter(store, {
      batchSize: 20, flushIntervalMs: 20, maxBuffer: 100, maxBackoffMs: 200,
      logger: { warn: (o) => warnings.push(o) },
    });
    const before = await countRows(store, 'request_events');
    const pushed: string[] = [];
    const push = (n: number) => {
      for (let i = 0; i < n; i++) {
        const e = makeEvent();
        pushed.push(e.id);
        w.push(e);
      }
    };
    push(60);
    await until(() => w.stats().written === 60);
    const acknowledged = w.stats().written;

    await outage.down();
    push(30);
    await until(() => w.stats().failures > 0);
    push(300);
    const during = w.stats();
    expect(during.buffered).toBeLessThanOrEqual(100);
    expect(during.dropped).toBeGreaterThan(0);
    expect(warnings.length).toBeGreaterThan(0);

    await outage.up();
    await until(() => w.stats().buffered === 0);
    const after = w.stats();
    expect(after.written + after.dropped).toBe(pushed.length);
    expect(after.written).toBeGreaterThanOrEqual(acknowledged);
    // Everything the writer counted as written is in the database, once.
    expect(await countRows(store, 'request_events')).toBe(before + after.written);
    const firstIds = pushed.slice(0, 60);
    const placeholders = firstIds.map(() => '?').join(', ');
    const [row] = await store.query<{ n: number }>(`SELECT COUNT(*) AS n FROM request_events WHERE id IN (${placeholders})`, firstIds);
    expect(Number(row.n)).toBe(60);
    await w.close();
  });

  it('flush rejects with a code while the database is down, and close counts what is left', async () => {
    const reported: string[] = [];
    const lines: { msg: string; obj: any }[] = [];
    const w = createBatchWriter(store, {
      batchSize: 50, flushIntervalMs: 10_000, maxBuffer: 100, closeTimeoutMs: 300,
      metrics: { dropped: (kind, n, reason) => reported.push(`${kind}:${n}:${reason}`) },
      logger: { warn: (obj, msg) => lines.push({ msg, obj }), info: (obj, msg) => lines.push({ msg, obj }) },
    });
    await outage.down();
    try {
      w.push(makeEvent());
      w.push(makeEvent());
      w.pushResult(makeResult());
      await expect(w.flush()).rejects.toMatchObject({ code: 'STORE_ERR_FLUSH_FAILED' });
      expect(await w.close()).toEqual({ events: { flushed: 0, lost: 2 }, results: { flushed: 0, lost: 1 } });
      expect(w.stats()).toMatchObject({ buffered: 0, written: 0, dropped: 3 });
    } finally {
      await outage.up();
    }
    // After close, pushes are counted as dropped, never thrown.
    expect(() => w.push(makeEvent())).not.toThrow();
    expect(w.stats().dropped).toBe(4);
    expect(w.stats().byKind.events.dropped).toEqual({ buffer_full: 0, closed: 1, shutdown: 2 });
    expect(w.stats().byKind.results.droppedTotal).toBe(1);
    expect(reported).toEqual(['events:2:shutdown', 'results:1:shutdown', 'events:1:closed']);
    const closed = lines.find((l) => l.msg === 'store writer closed');
    expect(closed?.obj).toMatchObject({ events: { flushed: 0, lost: 2 }, results: { flushed: 0, lost: 1 } });
  });

  it('close flushes what is buffered', async () => {
    const w = createBatchWriter(store, { batchSize: 1000, flushIntervalMs: 60_000, maxBuffer: 1000 });
    const before = await countRows(store, 'shadow_results');
    for (let i = 0; i < 7; i++) w.pushResult(makeResult());
    await w.close();
    expect(await countRows(store, 'shadow_results')).toBe(before + 7);
  });
});
