import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore } from '../../store/sqlite-store.js';
import { createSqliteWriterThread } from '../../store/sqlite-writer-thread.js';
import { makeEvent, makeResult } from './fixtures.js';

const dirs: string[] = [];
const tempFile = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-writer-'));
  dirs.push(dir);
  return join(dir, 'strangler.db');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('sqlite writer thread', () => {
  it('commits batches on its own connection before it acknowledges them', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    await store.migrate();
    const events = Array.from({ length: 700 }, (_, i) => makeEvent({ ts: 1000 + i, operatorId: `op${i % 7}` }));
    await Promise.all([store.insertEvents(events.slice(0, 350)), store.insertEvents(events.slice(350))]);
    await store.insertShadowResults([makeResult({ ts: 5000 })]);
    // Read through the store's own (main) connection and through an unrelated one.
    expect(await store.events({ sinceMs: 0, untilMs: 10_000 })).toEqual(events);
    expect(await store.shadowResults({ sinceMs: 0 })).toHaveLength(1);
    const other = new Database(file, { readonly: true });
    expect((other.prepare('SELECT COUNT(*) AS n FROM request_events').get() as { n: number }).n).toBe(700);
    other.close();
    await store.close();
  });

  it('rejects a batch the database refuses, and keeps working after it', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    await store.migrate();
    const thread = createSqliteWriterThread(file, 1000);
    await expect(thread.write('INSERT INTO no_such_table (a) VALUES (?)', ['a'], [{ a: 1 }])).rejects.toThrow(/no such table/);
    await thread.write('INSERT INTO export_watermarks (name, value, updated_at) VALUES (?, ?, ?)', ['name', 'value', 'at'], [{ name: 'a', value: '1', at: 1 }, { name: 'b', value: '2', at: 2 }]);
    await thread.close();
    expect(await store.getWatermark('b')).toBe('2');
    await store.close();
  });

  it('close() waits for the writes already sent', async () => {
    const file = tempFile();
    const store = openSqliteStore(file);
    await store.migrate();
    const pending = store.insertEvents(Array.from({ length: 2000 }, (_, i) => makeEvent({ ts: i })));
    let settled = false;
    void pending.finally(() => (settled = true));
    await store.close();
    expect(settled).toBe(true);
    const db = new Database(file, { readonly: true });
    expect((db.prepare('SELECT COUNT(*) AS n FROM request_events').get() as { n: number }).n).toBe(2000);
    db.close();
    await pending;
  });

  it('can be turned off (writes on the main connection)', async () => {
    const store = openSqliteStore(tempFile(), { writerThread: false });
    await store.migrate();
    await store.insertEvents([makeEvent({ ts: 1 })]);
    expect(await store.events({ sinceMs: 0 })).toHaveLength(1);
    await store.close();
  });
});
