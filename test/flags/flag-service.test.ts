import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { flagHistory, listFlags, panic, seedFlags, setRouteFlag } from '../../flags/index.js';
import type { GateFailedError } from '../../flags/index.js';
import { makeResult, mysqlFixture, sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';

const gate = { minSamples: 5, minMatch: 0.9, maxErrorRate: 0.1, windowMs: 3_600_000 };
const routes = [
  { id: 'inquiry', mode: 'shadow' as const, percent: 0, sample: 1 },
  { id: 'items', mode: 'legacy' as const, percent: 0, sample: 0.5 },
];

describe.each([
  ['sqlite', async () => sqliteFixture()],
  ['mysql', async () => mysqlFixture('flags')],
] as const)('flag service on %s', (_dialect, makeFixture) => {
  let fx: Fixture;
  let store: Store;
  beforeAll(async () => {
    fx = await makeFixture();
    store = await openStore(fx.url);
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
  });

  it('seeds missing routes once, and reports (keeping the store) when the file disagrees', async () => {
    const first = await seedFlags(store, routes);
    expect(first).toEqual({ inserted: ['inquiry', 'items'], disagreements: [] });
    await store.setFlag({ routeId: 'items', mode: 'shadow', percent: 0, sample: 0.5, actor: 'admin', reason: 'try' });
    const warned: object[] = [];
    const second = await seedFlags(store, [...routes, { id: 'users', mode: 'legacy', percent: 0, sample: 0 }], { logger: { warn: (o) => warned.push(o) } });
    expect(second.inserted).toEqual(['users']);
    expect(second.disagreements).toEqual([
      { routeId: 'items', store: { mode: 'shadow', percent: 0, sample: 0.5 }, config: { mode: 'legacy', percent: 0, sample: 0.5 } },
    ]);
    expect(warned).toHaveLength(1);
    expect((await listFlags(store)).find((f) => f.routeId === 'items')?.mode).toBe('shadow');
    const seeded = await flagHistory(store, 'users');
    expect(seeded).toHaveLength(1);
    expect(seeded[0]).toMatchObject({ actor: 'config', from: null, to: { mode: 'legacy' } });
  });

  it('refuses bad input with codes', async () => {
    const base = { routeId: 'inquiry', mode: 'shadow', actor: 'cli:t', reason: 'x' };
    await expect(setRouteFlag(store, { ...base, mode: 'sideways' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_BAD_MODE' });
    await expect(setRouteFlag(store, { ...base, reason: '  ' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_REASON_REQUIRED' });
    await expect(setRouteFlag(store, { ...base, sample: 2 }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_BAD_VALUE' });
    await expect(setRouteFlag(store, { ...base, routeId: 'nope' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_UNKNOWN_ROUTE' });
  });

  it('runs the gate before canary, refuses with reasons, and lets force through with an audited reason', async () => {
    const now = Date.now();
    const req = { routeId: 'inquiry', mode: 'canary', percent: 10, actor: 'cli:t', reason: 'first canary' };
    const err = (await setRouteFlag(store, req, gate, now).catch((e: unknown) => e)) as GateFailedError;
    expect(err.code).toBe('FLAG_ERR_GATE_FAILED');
    expect(err.verdict.reasons.length).toBeGreaterThan(0);

    const forced = await setRouteFlag(store, { ...req, force: true }, gate, now);
    expect(forced).toMatchObject({ forced: true, flag: { mode: 'canary', percent: 10 } });
    const last = (await flagHistory(store, 'inquiry')).at(-1)!;
    expect(last.reason).toContain('first canary');
    expect(last.reason).toContain('forced');

    // Stepping back needs no gate.
    await setRouteFlag(store, { ...req, percent: 5, reason: 'less' }, gate, now);
    // With good results in the window the gate passes.
    await store.insertShadowResults(Array.from({ length: 6 }, () => makeResult({ routeId: 'inquiry', ts: now - 1000 })));
    const ok = await setRouteFlag(store, { routeId: 'inquiry', mode: 'new', actor: 'cli:t', reason: 'all good' }, gate, now);
    expect(ok).toMatchObject({ forced: false, gate: { ready: true, samples: 6 }, flag: { mode: 'new', percent: 100 } });
    const h = (await flagHistory(store, 'inquiry')).slice(-3);
    expect(h.map((a) => [a.from?.mode, a.from?.percent, a.to.mode, a.to.percent, a.actor])).toEqual([
      ['shadow', 0, 'canary', 10, 'cli:t'],
      ['canary', 10, 'canary', 5, 'cli:t'],
      ['canary', 5, 'new', 100, 'cli:t'],
    ]);
  });

  it('panics every route to legacy with one audit row each', async () => {
    const flagsBefore = await listFlags(store);
    const auditBefore = (await flagHistory(store)).length;
    const out = await panic(store, 'admin', 'candidate is down');
    expect(out).toHaveLength(flagsBefore.length);
    expect((await listFlags(store)).every((f) => f.mode === 'legacy')).toBe(true);
    const rows = (await flagHistory(store)).slice(auditBefore);
    expect(rows).toHaveLength(flagsBefore.length);
    expect(rows.every((r) => r.actor === 'admin' && r.to.mode === 'legacy' && r.reason.includes('candidate is down'))).toBe(true);
    await expect(panic(store, 'admin', '')).rejects.toMatchObject({ code: 'FLAG_ERR_REASON_REQUIRED' });
  });
});
