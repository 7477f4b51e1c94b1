import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../store/index.js';
import { publishGate, seedFlags } from '../../flags/index.js';
import { register as registerGate } from '../../cli/gate.js';
import { register as registerReport } from '../../cli/report.js';
import { makeResult, sqliteFixture, type Fixture } from '../store/fixtures.js';
import { runCli } from './run-cli.js';

// The gate the server judges with is stored beside the flags: `gate` and `report diff` give its verdict
// with or without --config, a mistyped route is a usage error, and a route in `new` says so.
describe('strangler gate and report diff agree with the server', () => {
  let fx: Fixture;
  let store: Store;
  let dir: string;
  let otherConfig: string;
  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    await seedFlags(store, [
      { id: 'item', mode: 'shadow', percent: 0, sample: 1 },
      { id: 'inquiry-list', mode: 'shadow', percent: 0, sample: 1 },
      { id: 'user', mode: 'new', percent: 0, sample: 0 },
    ]);
    // What a demo-sized server stores: 3 samples in a 1 h window are enough.
    await publishGate(store, { minSamples: 3, minMatch: 0.9, maxErrorRate: 0.1, windowMs: 3_600_000 }, 'config:demo');
    const now = Date.now();
    await store.insertShadowResults([
      ...[1, 2, 3].map((i) => makeResult({ routeId: 'item', ts: now - i * 1000 })),
      ...[1, 2, 3].map((i) => makeResult({ routeId: 'inquiry-list', ts: now - i * 1000, equal: false, differences: [{ path: '$.x', kind: 'changed', legacy: 1, candidate: 2 }] })),
    ]);
    dir = mkdtempSync(join(tmpdir(), 'strangler-gate-'));
    // A config file with the shipped defaults (1,000 samples over 24 h): a reader's, not the server's.
    otherConfig = join(dir, 'strangler.yaml');
    writeFileSync(otherConfig, 'legacy: http://127.0.0.1:1\n');
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('regression: the verdict is the server\'s with or without --config (the CLI said 0 ready where the demo said 3)', async () => {
    const bare = await runCli(registerGate, ['gate', 'item', '--db', fx.url, '--json']);
    const withConfig = await runCli(registerGate, ['gate', 'item', '--db', fx.url, '--config', otherConfig, '--json']);
    expect(bare.code).toBe(0);
    expect(withConfig.code).toBe(0);
    const a = JSON.parse(bare.out);
    const b = JSON.parse(withConfig.out);
    expect(a).toMatchObject({ status: 'ready', samples: 3, thresholdsFrom: 'server' });
    expect({ ...b, notes: [] }).toEqual({ ...a, notes: [] });
    expect(b.notes.join(' ')).toMatch(/server's gate thresholds .* are used/);
  });

  it('report diff gives the same verdicts as gate, whatever its --since', async () => {
    const report = await runCli(registerReport, ['report', 'diff', '--db', fx.url, '--format', 'json', '--config', otherConfig, '--since', '2s']);
    expect(report.code).toBe(0);
    const routes = JSON.parse(report.out).routes as { routeId: string; status: string; gate: { samples: number; ready: boolean } }[];
    const byId = Object.fromEntries(routes.map((r) => [r.routeId, r]));
    expect(byId.item).toMatchObject({ status: 'ready', gate: { samples: 3, ready: true } });
    expect(byId['inquiry-list']).toMatchObject({ status: 'not ready', gate: { samples: 3, ready: false } });
    const gate = await runCli(registerGate, ['gate', 'inquiry-list', '--db', fx.url]);
    expect(gate.code).toBe(1);
    expect(gate.out).toContain('match rate after noise 0.00% (0/3)');
  });

  it('a route already in new is shown as such, exit 0, not "not ready"', async () => {
    const r = await runCli(registerGate, ['gate', 'user', '--db', fx.url]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^route user is in new \(served by the new stack\)/);
    const report = await runCli(registerReport, ['report', 'diff', '--db', fx.url, '--format', 'md']);
    expect(report.out).toMatch(/\| user \| new \| 0 \| .* \| ➡️ in new \|/);
  });

  it('regression: a mistyped route is a usage error (exit 2, FLAG_ERR_UNKNOWN_ROUTE), not "not ready"', async () => {
    const r = await runCli(registerGate, ['gate', 'itme', '--db', fx.url]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('FLAG_ERR_UNKNOWN_ROUTE');
    expect(r.err).toContain('known: inquiry-list, item, user');
  });

  it('explicit thresholds override the server\'s and say so', async () => {
    const r = await runCli(registerGate, ['gate', 'item', '--db', fx.url, '--min-samples', '10']);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/note: overridden by options: minSamples = 10/);
  });
});
