import { describe, expect, it } from 'vitest';
import { openStore, resolveStoreUrl } from '../../store/index.js';
import { MIGRATIONS } from '../../store/migrations.js';
import { bothDatabases, makeEvent, makeResult, useStore } from './fixtures.js';

// One suite, two real databases.
describe.each(bothDatabases('open'))('store on %s', (dialect, makeFixture) => {
  const db = useStore(makeFixture);

  it('migrates up from empty, and again as a no-op', async () => {
    expect(db.store.dialect).toBe(dialect);
    await db.store.migrate();
    const again = await openStore(db.fx.url);
    await again.migrate();
    await again.close();
    const versions = await db.store.query<{ version: number }>('SELECT version FROM schema_migrations ORDER BY version');
    expect(versions.map((v) => Number(v.version))).toEqual(MIGRATIONS.map((m) => m.version));
  });

  it('inserts events, ignores a re-sent batch, and answers `?` queries', async () => {
    const batch = [makeEvent({ ts: 1000, operatorId: 'a' }), makeEvent({ ts: 2000, operatorId: 'b', fallback: true, caseId: null })];
    await db.store.insertEvents(batch);
    await db.store.insertEvents(batch);
    const back = await db.store.events({ sinceMs: 0, untilMs: 3000 });
    expect(back).toEqual(batch);
    const rows = await db.store.query<{ n: number }>('SELECT COUNT(*) AS n FROM request_events WHERE ts >= ? AND operator_id = ?', [1500, 'b']);
    expect(Number(rows[0].n)).toBe(1);
  });

  it('stores shadow results with their JSON columns, newest first', async () => {
    const a = makeResult({ ts: 5000, equal: false, differences: [{ path: '$.x', kind: 'changed', legacy: 1, candidate: 2 }], noise: ['$.x'] });
    const b = makeResult({ ts: 6000, routeId: 'other', statusCandidate: null, candidateError: 'SHD_ERR_TIMEOUT', latencyCandidateMs: null });
    await db.store.insertShadowResults([a, b]);
    await db.store.insertShadowResults([a]);
    expect(await db.store.shadowResults({ sinceMs: 4000 })).toEqual([b, a]);
    expect(await db.store.shadowResults({ sinceMs: 4000, routeId: 'inquiry' })).toEqual([a]);
  });

  it('binds sessions by their hash, replaces a rebinding, and ignores an expired binding', async () => {
    await db.store.bindSession({ sessionHash: 'h1', operatorId: 'alice', source: 'login', boundAt: 1000, expiresAt: 5000 });
    expect(await db.store.findSession('h1', 4999)).toBe('alice');
    expect(await db.store.findSession('h1', 5000)).toBeNull();
    expect(await db.store.findSession('h2', 1000)).toBeNull();
    await db.store.bindSession({ sessionHash: 'h1', operatorId: 'bob', source: 'whoami', boundAt: 6000, expiresAt: 9000 });
    expect(await db.store.findSession('h1', 7000)).toBe('bob');
  });

  it('stores the gate thresholds a server runs with, the latest replacing the earlier', async () => {
    expect(await db.store.readGate()).toBeNull();
    const g = { minSamples: 3, minMatch: 0.9, maxErrorRate: 0.05, windowMs: 3_600_000, updatedAt: 1000, updatedBy: 'config:a' };
    await db.store.saveGate(g);
    expect(await db.store.readGate()).toEqual(g);
    await db.store.saveGate({ ...g, minSamples: 1000, updatedBy: 'config:b' });
    expect(await db.store.readGate()).toEqual({ ...g, minSamples: 1000, updatedBy: 'config:b' });
  });

  it('sets flags with an audit row each and reports a new version', async () => {
    const v0 = await db.store.flagsVersion();
    const f = await db.store.setFlag({ routeId: 'r1', mode: 'shadow', percent: 0, sample: 0.5, actor: 'cli:test', reason: 'start shadowing' });
    expect(f).toMatchObject({ routeId: 'r1', mode: 'shadow', sample: 0.5, updatedBy: 'cli:test' });
    const v1 = await db.store.flagsVersion();
    expect(v1).not.toBe(v0);
    await db.store.setFlag({ routeId: 'r1', mode: 'canary', percent: 10, sample: 0.5, actor: 'admin', reason: 'go' });
    expect(await db.store.seedFlag({ routeId: 'r1', mode: 'legacy', percent: 0, sample: 0, actor: 'config', reason: 'seed' })).toBe(false);
    expect(await db.store.seedFlag({ routeId: 'r2', mode: 'legacy', percent: 0, sample: 0, actor: 'config', reason: 'seed' })).toBe(true);
    expect((await db.store.listFlags()).map((x) => [x.routeId, x.mode, x.percent])).toEqual([['r1', 'canary', 10], ['r2', 'legacy', 0]]);
    const history = await db.store.flagHistory('r1');
    expect(history.map((h) => [h.actor, h.from?.mode ?? null, h.to.mode, h.reason])).toEqual([
      ['cli:test', null, 'shadow', 'start shadowing'],
      ['admin', 'shadow', 'canary', 'go'],
    ]);
    expect(await db.store.flagHistory()).toHaveLength(3);
    expect(await db.store.flagsVersion()).not.toBe(v1);
  });

  it('keeps watermarks', async () => {
    expect(await db.store.getWatermark('x')).toBeNull();
    await db.store.setWatermark('x', '10');
    await db.store.setWatermark('x', '12');
    expect(await db.store.getWatermark('x')).toBe('12');
  });

  it('keeps the first value written with onlyIfMissing (instances racing for one per-store key agree)', async () => {
    await db.store.setWatermark('first-wins', 'a', { onlyIfMissing: true });
    await db.store.setWatermark('first-wins', 'b', { onlyIfMissing: true });
    expect(await db.store.getWatermark('first-wins')).toBe('a');
  });

  it('prunes rows older than a cut-off', async () => {
    await db.store.insertEvents([makeEvent({ ts: 10 }), makeEvent({ ts: 9_000_000 })]);
    await db.store.insertShadowResults([makeResult({ ts: 10 })]);
    const out = await db.store.prune(100);
    expect(out).toEqual({ requestEvents: 1, shadowResults: 1 });
    expect(await db.store.events({ untilMs: 100 })).toEqual([]);
  });
});

describe('openStore URLs', () => {
  it('refuses an unknown scheme with a code', async () => {
    await expect(openStore('postgres://x')).rejects.toMatchObject({ code: 'STORE_ERR_BAD_URL' });
  });
  it('resolves --db, then STRANGLER_DB, then config, then the default', () => {
    expect(resolveStoreUrl({ db: 'sqlite:a', env: { STRANGLER_DB: 'sqlite:b' } })).toBe('sqlite:a');
    expect(resolveStoreUrl({ env: { STRANGLER_DB: 'sqlite:b' }, configUrl: 'sqlite:c' })).toBe('sqlite:b');
    expect(resolveStoreUrl({ env: {}, configUrl: 'sqlite:c' })).toBe('sqlite:c');
    expect(resolveStoreUrl({ env: {} })).toBe('sqlite:.strangler/strangler.db');
  });
});
