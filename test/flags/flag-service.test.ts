import { describe, expect, it } from 'vitest';
import { flagHistory, listFlags, panic, seedFlags, setRouteFlag } from '../../flags/index.js';
import type { GateFailedError } from '../../flags/index.js';
import { bothDatabases, makeResult, useStore } from '../store/fixtures.js';

const gate = { minSamples: 5, minMatch: 0.9, maxErrorRate: 0.1, windowMs: 3_600_000 };
const routes = [
  { id: 'inquiry', mode: 'shadow' as const, percent: 0, sample: 1 },
  { id: 'items', mode: 'legacy' as const, percent: 0, sample: 0.5 },
];

describe.each(bothDatabases('flags'))('flag service on %s', (_dialect, makeFixture) => {
  const db = useStore(makeFixture);

  it('seeds missing routes once, and reports (keeping the store) when the file disagrees', async () => {
    const first = await seedFlags(db.store, routes);
    expect(first).toEqual({ inserted: ['inquiry', 'items'], disagreements: [] });
    await db.store.setFlag({ routeId: 'items', mode: 'shadow', percent: 0, sample: 0.5, actor: 'admin', reason: 'try' });
    const warned: object[] = [];
    const second = await seedFlags(db.store, [...routes, { id: 'users', mode: 'legacy', percent: 0, sample: 0 }], { logger: { warn: (o) => warned.push(o) } });
    expect(second.inserted).toEqual(['users']);
    expect(second.disagreements).toEqual([
      { routeId: 'items', store: { mode: 'shadow', percent: 0, sample: 0.5 }, config: { mode: 'legacy', percent: 0, sample: 0.5 } },
    ]);
    expect(warned).toHaveLength(1);
    expect((await listFlags(db.store)).find((f) => f.routeId === 'items')?.mode).toBe('shadow');
    const seeded = await flagHistory(db.store, 'users');
    expect(seeded).toHaveLength(1);
    expect(seeded[0]).toMatchObject({ actor: 'config', from: null, to: { mode: 'legacy' } });
  });

  it('refuses bad input with codes', async () => {
    const base = { routeId: 'inquiry', mode: 'shadow', actor: 'cli:t', reason: 'x' };
    await expect(setRouteFlag(db.store, { ...base, mode: 'sideways' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_BAD_MODE' });
    await expect(setRouteFlag(db.store, { ...base, reason: '  ' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_REASON_REQUIRED' });
    await expect(setRouteFlag(db.store, { ...base, sample: 2 }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_BAD_VALUE' });
    await expect(setRouteFlag(db.store, { ...base, routeId: 'nope' }, gate)).rejects.toMatchObject({ code: 'FLAG_ERR_UNKNOWN_ROUTE' });
  });

  it('runs the gate before canary, refuses with reasons, and lets force through with an audited reason', async () => {
    const now = Date.now();
    const req = { routeId: 'inquiry', mode: 'canary', percent: 10, actor: 'cli:t', reason: 'first canary' };
    const err = (await setRouteFlag(db.store, req, gate, now).catch((e: unknown) => e)) as GateFailedError;
    expect(err.code).toBe('FLAG_ERR_GATE_FAILED');
    expect(err.verdict.reasons.length).toBeGreaterThan(0);

    const forced = await setRouteFlag(db.store, { ...req, force: true }, gate, now);
    expect(forced).toMatchObject({ forced: true, flag: { mode: 'canary', percent: 10 } });
    const last = (await flagHistory(db.store, 'inquiry')).at(-1)!;
    expect(last.reason).toContain('first canary');
    expect(last.reason).toContain('forced');

    // Stepping back needs no gate.
    await setRouteFlag(db.store, { ...req, percent: 5, reason: 'less' }, gate, now);
    // With good results in the window the gate passes.
    await db.store.insertShadowResults(Array.from({ length: 6 }, () => makeResult({ routeId: 'inquiry', ts: now - 1000 })));
    const ok = await setRouteFlag(db.store, { routeId: 'inquiry', mode: 'new', actor: 'cli:t', reason: 'all good' }, gate, now);
    expect(ok).toMatchObject({ forced: false, gate: { ready: true, samples: 6 }, flag: { mode: 'new', percent: 100 } });
    const h = (await flagHistory(db.store, 'inquiry')).slice(-3);
    expect(h.map((a) => [a.from?.mode, a.from?.percent, a.to.mode, a.to.percent, a.actor])).toEqual([
      ['shadow', 0, 'canary', 10, 'cli:t'],
      ['canary', 10, 'canary', 5, 'cli:t'],
      ['canary', 5, 'new', 100, 'cli:t'],
    ]);
  });

  it('panics every route to legacy with one audit row each', async () => {
    const flagsBefore = await listFlags(db.store);
    const auditBefore = (await flagHistory(db.store)).length;
    const out = await panic(db.store, 'admin', 'candidate is down');
    expect(out).toHaveLength(flagsBefore.length);
    expect((await listFlags(db.store)).every((f) => f.mode === 'legacy')).toBe(true);
    const rows = (await flagHistory(db.store)).slice(auditBefore);
    expect(rows).toHaveLength(flagsBefore.length);
    expect(rows.every((r) => r.actor === 'admin' && r.to.mode === 'legacy' && r.reason.includes('candidate is down'))).toBe(true);
    await expect(panic(db.store, 'admin', '')).rejects.toMatchObject({ code: 'FLAG_ERR_REASON_REQUIRED' });
  });
});
