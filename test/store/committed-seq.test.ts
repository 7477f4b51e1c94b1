import mysql from 'mysql2/promise';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { EVENT_COLUMNS, eventValues } from '../../store/rows.js';
import { makeEvent, mysqlFixture, sqliteFixture, MYSQL_ROOT, type Fixture } from './fixtures.js';

// Regression: with several instances writing to one MySQL, an AUTO_INCREMENT seq is handed out before
// its row commits, so an export could read seq 11, move its watermark past 10, and skip row 10 for good.
// Exports now read only up to committedSeq(), which waits for inserts in progress.
let fixture: Fixture | null = null;
let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  await fixture?.cleanup();
  store = null;
  fixture = null;
});

describe('committedSeq', () => {
  it('is the highest seq on SQLite (one writer: seq order is commit order)', async () => {
    fixture = sqliteFixture();
    store = await openStore(fixture.url);
    await store.insertEvents([makeEvent(), makeEvent(), makeEvent()]);
    expect(await store.committedSeq('request_events')).toBe(3);
    expect(await store.committedSeq('shadow_results')).toBe(0);
  });

  it('waits on MySQL for an insert in progress, so an export never passes a row that commits late', async () => {
    fixture = await mysqlFixture('seq');
    store = await openStore(fixture.url);
    await store.insertEvents([makeEvent(), makeEvent()]);
    expect(await store.committedSeq('request_events')).toBe(2);

    // Another instance in the middle of a batch insert: it holds the table's seq lock, its row has seq 3, uncommitted.
    const database = new URL(fixture.url).pathname.slice(1);
    const writer = await mysql.createConnection({ ...MYSQL_ROOT, database });
    await writer.query("SELECT GET_LOCK('strangler_seq_request_events', 5)");
    await writer.query('START TRANSACTION');
    await writer.query(`INSERT INTO request_events (${EVENT_COLUMNS.join(', ')}) VALUES ?`, [[eventValues(makeEvent())]]);

    let settled: number | null = null;
    const pending = store.committedSeq('request_events').then((v) => (settled = v));
    await new Promise((r) => setTimeout(r, 300));
    expect(settled).toBeNull();

    await writer.query('COMMIT');
    await writer.query("SELECT RELEASE_LOCK('strangler_seq_request_events')");
    await writer.end();
    await pending;
    expect(settled).toBe(3);
  });
});
