import mysql from 'mysql2/promise';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, metricValue, startRig, until, relayedDatabase, type FaultRig, type RelayedDatabase } from './harness.js';
import { ROUTES, PATHS, OPERATOR } from './candidate-fixture.js';

// Regression: with a small store buffer and the database away, 390 events and 60 shadow results were
// lost and the only trace was one rate-limited "dropped: 1" line. Every drop must now be counted in
// /metrics, by reason, and the count must be exactly what is missing from the database.

const database = `strangler_drops_${process.pid}`;
let db: RelayedDatabase;
let rig: FaultRig;
const lines: Record<string, any>[] = [];
const figures: Record<string, number> = {};

beforeAll(async () => {
  db = await relayedDatabase(database);
  const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  rig = await startRig({
    routes: ROUTES.slice(0, 1),
    logger,
    overrides: {
      admin: { port: 0 },
      store: { url: `mysql://root@127.0.0.1:${db.relay.port}/${database}`, flushIntervalMs: 20, batchSize: 10, maxBuffer: 20 },
    },
  });
}, 30_000);

afterAll(async () => {
  await rig?.close();
  await db?.drop();
  console.log('[faults] drops', JSON.stringify(figures));
});

async function rows(table: string): Promise<number> {
  const [r] = await db.admin.query<mysql.RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${database}\`.${table}`);
  return Number(r[0].n);
}

/** /metrics as a scraper reads it, from the admin port. */
async function scrape(): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${rig.running.proxy.adminPort}/metrics`);
  return res.text();
}

/** A metric's samples summed over every label set (an unlabelled counter is one sample). */
function sum(text: string, name: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith(`${name}{`)) total += Number(line.slice(line.indexOf('}') + 1).trim());
    else if (line.startsWith(`${name} `)) total += Number(line.slice(name.length + 1).trim());
  }
  return total;
}

describe('drops are counted', () => {
  it('regression: with the database away and a 20-row buffer, the drop counters equal what is missing from the store', async () => {
    const { writer } = rig.running;
    let sent = 0;
    for (let i = 0; i < 5; i++, sent++) expect((await get(rig.base, PATHS.shadow, OPERATOR)).status).toBe(200);
    expect(await until(() => writer.stats().byKind.results.written === 5 && writer.stats().byKind.events.written === 5)).toBe(true);

    await db.relay.stop();
    for (let i = 0; i < 60; i++, sent++) expect((await get(rig.base, PATHS.shadow, OPERATOR)).status).toBe(200);
    // Paths no route names (the sample legacy answers 404): events all the same.
    for (let i = 0; i < 30; i++, sent++) expect((await get(rig.base, `/legacy-only/${i}`, OPERATOR)).status).toBe(404);
    // Every shadow comparison has finished (stored, buffered or dropped).
    const compared = async () => sum(await scrape(), 'strangler_shadow_results_total');
    expect(await until(async () => (await compared()) === 65)).toBe(true);
    const during = await scrape();
    expect(metricValue(during, 'strangler_store_buffer_depth', { kind: 'events' })).toBe(20);
    // A full buffer is losing events: this instance says so on /readyz.
    const full = await get(`http://127.0.0.1:${rig.running.proxy.adminPort}`, '/readyz');
    expect(full.status).toBe(503);
    expect(full.body.checks.store).toMatchObject({ ok: false, buffered: { events: 20 }, maxBuffer: 20 });
    expect(metricValue(during, 'strangler_store_events_dropped_total', { reason: 'buffer_full' })).toBeGreaterThan(0);

    await db.relay.start();
    expect(await until(() => writer.stats().buffered === 0, 400)).toBe(true);
    const text = await scrape();
    const storedEvents = await rows('request_events');
    const storedResults = await rows('shadow_results');
    const eventsDropped = sum(text, 'strangler_store_events_dropped_total');
    const resultsDropped = sum(text, 'strangler_store_shadow_results_dropped_total');
    expect(eventsDropped).toBeGreaterThan(0);
    expect(resultsDropped).toBeGreaterThan(0);
    expect(eventsDropped).toBe(sent - storedEvents);
    expect(resultsDropped).toBe((await compared()) - storedResults);
    expect(sum(text, 'strangler_store_events_written_total')).toBe(storedEvents);
    expect(sum(text, 'strangler_store_shadow_results_written_total')).toBe(storedResults);
    expect(metricValue(text, 'strangler_store_buffer_depth', { kind: 'events' })).toBe(0);
    expect((await get(`http://127.0.0.1:${rig.running.proxy.adminPort}`, '/readyz')).status).toBe(200);

    // The rate-limited warning carries the running totals (no longer only "dropped: 1").
    const warnings = lines.filter((l) => l.msg?.startsWith('store writer dropped rows'));
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.at(-1)!.totalDropped).toBeGreaterThan(1);
    Object.assign(figures, { sent, storedEvents, eventsDropped, storedResults, resultsDropped, warningLines: warnings.length });
  }, 30_000);

  it('the shutdown line counts what was flushed and what was lost, events and shadow results apart', async () => {
    const { writer } = rig.running;
    await db.relay.stop();
    for (let i = 0; i < 4; i++) expect((await get(rig.base, PATHS.shadow, OPERATOR)).status).toBe(200);
    expect(await until(() => writer.stats().byKind.results.buffered === 4)).toBe(true);
    const before = writer.stats();
    await rig.close();
    const closed = lines.find((l) => l.msg === 'store writer closed');
    expect(closed).toBeDefined();
    expect(closed!.events).toEqual({ flushed: 0, lost: 4 });
    expect(closed!.results).toEqual({ flushed: 0, lost: 4 });
    expect(closed!.totals.events.droppedTotal).toBe(before.byKind.events.droppedTotal + 4);
    expect(closed!.totals.events.dropped.shutdown).toBe(4);
    expect(closed!.totals.results.dropped.shutdown).toBe(4);
    rig = undefined as unknown as FaultRig;
  }, 30_000);
});
