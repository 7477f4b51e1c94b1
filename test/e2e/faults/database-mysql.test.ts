import http from 'node:http';
import type { AddressInfo } from 'node:net';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, startRig, until, type FaultRig, relayedDatabase, type RelayedDatabase } from './harness.js';

// The MySQL store stopped and restarted under traffic. The machine's MariaDB is never stopped: the
// proxy reaches it through a TCP relay on port 0, and stopping the relay drops every connection and
// refuses new ones, as a database restart does. The database is this file's own and is dropped after.

const database = `strangler_faults_${process.pid}`;
let db: RelayedDatabase;
let legacy: http.Server;
let rig: FaultRig;
const figures: Record<string, number> = {};

beforeAll(async () => {
  db = await relayedDatabase(database);
  legacy = http.createServer((req, res) => res.end(JSON.stringify({ result: 'OK', path: req.url })));
  await new Promise<void>((resolve) => legacy.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
  rig = await startRig({
    legacyUrl: url,
    overrides: { store: { url: `mysql://root@127.0.0.1:${db.relay.port}/${database}`, flushIntervalMs: 20, batchSize: 50 } },
  });
}, 30_000);

afterAll(async () => {
  await rig?.close();
  await new Promise<void>((resolve) => {
    if (!legacy) return resolve();
    legacy.close(() => resolve());
    legacy.closeAllConnections();
  });
  await db?.drop();
  console.log('[faults] database-mysql', JSON.stringify(figures));
});

async function rowCount(where = '1 = 1'): Promise<number> {
  const [rows] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM ${database}.request_events WHERE ${where}`);
  return Number(rows[0].n);
}

/** Sequential requests until `ms` have passed (at most `max`). */
async function traffic(ms: number, max: number, tag: string): Promise<{ sent: number; ok: number }> {
  const end = Date.now() + ms;
  let sent = 0;
  let ok = 0;
  while (Date.now() < end && sent < max) {
    if ((await get(rig.base, `/${tag}/${sent}`)).status === 200) ok++;
    sent++;
  }
  return { sent, ok };
}

describe('the MySQL store stopped and restarted under traffic', () => {
  it('keeps serving, loses nothing acknowledged, and resumes writing by itself', async () => {
    const { writer } = rig.running;
    const warm = await traffic(300, 30, 'warm');
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === warm.sent)).toBe(true);

    await db.relay.stop();
    const during = await traffic(2000, 400, 'down');
    expect(during.ok).toBe(during.sent);
    expect(during.sent).toBeGreaterThanOrEqual(40);
    expect(writer.stats().buffered).toBeGreaterThan(0);
    expect(writer.stats().failures).toBeGreaterThan(0);
    figures.servedWhileDown = during.sent;
    figures.failedWrites = writer.stats().failures;

    await db.relay.start();
    const back = Date.now();
    const total = warm.sent + during.sent;
    // Retries back off from 100 ms doubling to 10 s: resuming waits at most the backoff reached.
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === total, 1200, 10)).toBe(true);
    figures.resumeMs = Date.now() - back;

    expect(writer.stats().dropped).toBe(0);
    expect(await rowCount()).toBe(writer.stats().written);
    expect(await rowCount("path LIKE '/down/%'")).toBe(during.sent);
    figures.rowsWritten = writer.stats().written;

    // Traffic after the restart is written as usual.
    const after = await traffic(200, 20, 'after');
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === total + after.sent)).toBe(true);
    expect(await rowCount()).toBe(total + after.sent);
  }, 25_000);

  it('keeps serving while the database hangs (connections open, no answer), and writes everything once it is restarted', async () => {
    const { writer } = rig.running;
    const start = writer.stats().written;
    const before = await rowCount();
    expect(before).toBe(start);

    db.relay.freeze();
    const during = await traffic(2000, 400, 'hung');
    expect(during.ok).toBe(during.sent);
    expect(during.sent).toBeGreaterThanOrEqual(40);
    expect(writer.stats().buffered).toBeGreaterThan(0);
    figures.servedWhileHung = during.sent;

    // The restart drops the hung connections; the write waiting on one fails and is retried.
    await db.relay.stop();
    await db.relay.start();
    const back = Date.now();
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === start + during.sent, 1200, 10)).toBe(true);
    figures.resumeAfterHangMs = Date.now() - back;
    expect(writer.stats().dropped).toBe(0);
    expect(await rowCount()).toBe(writer.stats().written);
    expect(await rowCount("path LIKE '/hung/%'")).toBe(during.sent);
  }, 25_000);

  it('regression: a database that went silent without closing its connections (a failover) stalled event writing for good; now the write is abandoned after 10 s and retried on a fresh connection', async () => {
    const { writer } = rig.running;
    const start = writer.stats().written;
    db.relay.freeze();
    const during = await traffic(500, 50, 'silent');
    expect(during.ok).toBe(during.sent);
    // The new primary answers new connections; the old ones stay silent, never reset.
    db.relay.failover();
    const failedOver = Date.now();
    expect(await until(() => writer.stats().buffered === 0 && writer.stats().written === start + during.sent, 700, 25)).toBe(true);
    figures.resumeAfterSilentFailoverMs = Date.now() - failedOver;
    expect(writer.stats().dropped).toBe(0);
    expect(await rowCount("path LIKE '/silent/%'")).toBe(during.sent);
    expect(await rowCount()).toBe(writer.stats().written);
  }, 20_000);
});
