import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import type { Flag } from '../../model/index.js';
import { panic, seedFlags, setRouteFlag, watchFlags } from '../../flags/index.js';
import { bothDatabases } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';

const gate = { minSamples: 1, minMatch: 0.9, maxErrorRate: 0.1, windowMs: 60_000 };

describe.each(bothDatabases('watch'))('flag watcher on %s', (_dialect, makeFixture) => {
  let fx: Fixture;
  let a: Store;
  let b: Store;
  beforeAll(async () => {
    fx = await makeFixture();
    a = await openStore(fx.url);
    b = await openStore(fx.url);
    await seedFlags(a, [{ id: 'r1', mode: 'legacy', percent: 0, sample: 1 }, { id: 'r2', mode: 'shadow', percent: 0, sample: 1 }]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await fx?.cleanup();
  });

  it('a change through one store reaches a watcher on another within 2 s, panic too', async () => {
    const seen: Flag[][] = [];
    const w = watchFlags(b, { intervalMs: 200, onChange: (f) => seen.push(f) });
    try {
      const initial = await w.ready;
      expect(initial.map((f) => f.mode)).toEqual(['legacy', 'shadow']);

      const changedAt = Date.now();
      await setRouteFlag(a, { routeId: 'r1', mode: 'shadow', sample: 0.2, actor: 'cli:t', reason: 'go' }, gate);
      await waitFor(() => w.current().find((f) => f.routeId === 'r1')?.mode === 'shadow', 2000);
      expect(Date.now() - changedAt).toBeLessThan(2000);

      const panicAt = Date.now();
      await panic(a, 'admin', 'stop');
      await waitFor(() => w.current().every((f) => f.mode === 'legacy'), 2000);
      expect(Date.now() - panicAt).toBeLessThan(2000);
      // One call at start, one per change: polling without a change does not reload.
      const calls = seen.length;
      await new Promise((r) => setTimeout(r, 500));
      expect(seen.length).toBe(calls);
    } finally {
      w.close();
    }
  });
});

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
