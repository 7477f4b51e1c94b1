import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startRig, until, type FaultRig } from './harness.js';

// The SQLite store made unwritable under traffic: a second connection holds an exclusive lock (what a
// backup tool or an `sqlite3` shell left in a transaction does). The proxy must keep serving, nothing
// acknowledged may be lost, and writing must resume by itself once the lock is released.

let legacy: http.Server;
let rig: FaultRig;
const figures: Record<string, number> = {};

beforeAll(async () => {
  legacy = http.createServer((req, res) => res.end(JSON.stringify({ result: 'OK', path: req.url })));
  await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
  rig = await startRig({ legacyUrl: url, overrides: { store: { flushIntervalMs: 20, batchSize: 50 } } });
});

afterAll(async () => {
  await rig?.close();
  await new Promise<void>((resolve) => {
    legacy.close(() => resolve());
    legacy.closeAllConnections();
  });
  console.log('[faults] database-sqlite', JSON.stringify(figures));
});

/** Sequential requests until `ms` have passed (at most `max`); returns how many got 200 and the slowest. */
async function traffic(ms: number, max: number, tag: string): Promise<{ sent: number; ok: number; slowestMs: number }> {
  const end = Date.now() + ms;
  let sent = 0;
  let ok = 0;
  let slowestMs = 0;
  while (Date.now() < end && sent < max) {
    const t0 = Date.now();
    const seen = await get(rig.base, `/${tag}/${sent}`);
    slowestMs = Math.max(slowestMs, Date.now() - t0);
    sent++;
    if (seen.status === 200) ok++;
  }
  return { sent, ok, slowestMs };
}

describe('the SQLite store locked by another connection under traffic', () => {
  it('keeps serving, loses nothing acknowledged, and resumes writing by itself when the lock goes', async () => {
    const { writer, store } = rig.running;
    const warm = await traffic(300, 30, 'warm');
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === warm.sent)).toBe(true);

    const locker = new Database(join(rig.dir, 'strangler.db'), { timeout: 0 });
    locker.exec('BEGIN EXCLUSIVE');
    locker.prepare("INSERT INTO export_watermarks (name, value, updated_at) VALUES ('faults-lock', '1', 0)").run();
    let during: Awaited<ReturnType<typeof traffic>>;
    try {
      during = await traffic(2000, 400, 'locked');
      // Requests kept being answered while no row could be written.
      expect(during.ok).toBe(during.sent);
      expect(during.sent).toBeGreaterThanOrEqual(40);
      expect(writer.stats().buffered).toBeGreaterThan(0);
      figures.servedWhileLocked = during.sent;
      figures.slowestWhileLockedMs = during.slowestMs;
      // The writer thread waits on the lock (busy timeout) instead of failing at once: either way, rows wait.
      figures.failedWrites = writer.stats().failures;
      figures.bufferedWhileLocked = writer.stats().buffered;
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
    }
    const released = Date.now();
    const total = warm.sent + during.sent;
    // Backoff doubles from 100 ms while failing: resuming takes at most the current backoff.
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === total, 600, 10)).toBe(true);
    figures.resumeMs = Date.now() - released;

    const rows = await store.query<{ n: number }>('SELECT COUNT(*) AS n FROM request_events');
    expect(Number(rows[0].n)).toBe(writer.stats().written);
    expect(writer.stats().dropped).toBe(0);
    const locked = await store.query<{ n: number }>("SELECT COUNT(*) AS n FROM request_events WHERE path LIKE '/locked/%'");
    expect(Number(locked[0].n)).toBe(during.sent);
    figures.rowsWritten = Number(rows[0].n);
  });

  it('counts what it drops once the bounded buffer is full, and still writes the rest afterwards', async () => {
    const { writer } = rig.running;
    // A second rig with a tiny buffer, so the bound is reached in a short bounded run.
    const url = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
    const small = await startRig({ legacyUrl: url, overrides: { store: { flushIntervalMs: 20, batchSize: 10, maxBuffer: 20 } } });
    try {
      const w = small.running.writer;
      const locker = new Database(join(small.dir, 'strangler.db'), { timeout: 0 });
      locker.exec('BEGIN EXCLUSIVE');
      locker.prepare("INSERT INTO export_watermarks (name, value, updated_at) VALUES ('faults-lock', '1', 0)").run();
      let sent = 0;
      try {
        for (; sent < 60; sent++) expect((await get(small.base, `/flood/${sent}`)).status).toBe(200);
        expect(await until(() => w.stats().buffered + w.stats().dropped + w.stats().written === sent)).toBe(true);
      } finally {
        locker.exec('ROLLBACK');
        locker.close();
      }
      expect(await until(() => w.stats().buffered === 0, 600, 10)).toBe(true);
      const s = w.stats();
      expect(s.dropped).toBeGreaterThan(0);
      expect(s.written + s.dropped).toBe(sent);
      const rows = await small.running.store.query<{ n: number }>('SELECT COUNT(*) AS n FROM request_events');
      expect(Number(rows[0].n)).toBe(s.written);
      figures.floodSent = sent;
      figures.floodDropped = s.dropped;
    } finally {
      await small.close();
    }
    expect(writer.stats().dropped).toBe(0);
  });
});
