import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../../store/index.js';
import { type Flag } from '../../../model/index.js';
import { watchFlags, type FlagWatcher } from '../../../flags/index.js';
import { until, relayedDatabase, type RelayedDatabase } from './harness.js';

// Route flags must keep following the database through its failures: `flags panic` is how CS is
// sent back to legacy, and an instance that stops polling would never hear it. Through a TCP relay
// in front of the machine's MariaDB, on a database of this file's own.

const database = `strangler_faults_flags_${process.pid}`;
let db: RelayedDatabase;
let store: Store;
let watcher: FlagWatcher | null = null;
const figures: Record<string, number> = {};

beforeAll(async () => {
  db = await relayedDatabase(database);
  store = await openStore(`mysql://root@127.0.0.1:${db.relay.port}/${database}`);
  await store.seedFlag({ routeId: 'user', mode: 'new', percent: 0, sample: 0, actor: 'test', reason: 'seed' });
});

afterAll(async () => {
  watcher?.close();
  await store?.close();
  await db?.drop();
  console.log('[faults] database-flags', JSON.stringify(figures));
});

async function panicDirectly(): Promise<void> {
  await db.admin.query(`UPDATE ${database}.flags SET mode = 'legacy', updated_at = ?, updated_by = 'test' WHERE route_id = 'user'`, [Date.now()]);
}

describe('the flag watcher on MySQL', () => {
  it('regression: a silent failover left the poll waiting forever (a panic never arrived); now the poll is abandoned after 5 s and the next one sees the change', async () => {
    let seen: Flag[] = [];
    watcher = watchFlags(store, { intervalMs: 100, onChange: (flags) => (seen = flags), onError: () => undefined });
    await watcher.ready;
    expect(seen.find((f) => f.routeId === 'user')?.mode).toBe('new');

    db.relay.freeze();
    await new Promise((r) => setTimeout(r, 300)); // a poll is now waiting on a silent connection
    db.relay.failover();
    await panicDirectly();
    const changed = Date.now();
    const followed = await until(() => seen.find((f) => f.routeId === 'user')?.mode === 'legacy', 400, 25);
    expect(followed).toBe(true);
    figures.flagFollowedAfterFailoverMs = Date.now() - changed;
  }, 20_000);
});
