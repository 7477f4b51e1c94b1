import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { DEFAULT_GATE, publishGate, resolveGate } from '../../flags/index.js';
import { sqliteFixture, type Fixture } from '../store/fixtures.js';

describe('resolveGate', () => {
  let fx: Fixture;
  let store: Store;
  beforeEach(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
  });
  afterEach(async () => {
    await store.close();
    await fx.cleanup();
  });

  const server = { minSamples: 3, minMatch: 0.9, maxErrorRate: 0.1, windowMs: 3_600_000 };

  it('with nothing stored: the config, else the defaults with a note', async () => {
    expect(await resolveGate(store, server)).toEqual({ options: server, source: 'config', notes: [] });
    const fallback = await resolveGate(store, null);
    expect(fallback.options).toEqual(DEFAULT_GATE);
    expect(fallback.source).toBe('default');
    expect(fallback.notes).toHaveLength(1);
  });

  it('the stored thresholds win over a config that differs, and the note names each difference', async () => {
    await publishGate(store, server, 'config:a', 1_700_000_000_000);
    const r = await resolveGate(store, { ...server, minSamples: 1000 });
    expect(r.options).toEqual(server);
    expect(r.source).toBe('server');
    expect(r.notes).toEqual([expect.stringContaining('minSamples (1000 there, 3 on the server)')]);
    expect((await resolveGate(store, server)).notes).toEqual([]);
  });

  it('the latest server to start wins', async () => {
    await publishGate(store, server, 'config:a');
    await publishGate(store, { ...server, minMatch: 0.99 }, 'config:b');
    expect((await resolveGate(store, null)).options.minMatch).toBe(0.99);
    expect((await store.readGate())?.updatedBy).toBe('config:b');
  });
});
