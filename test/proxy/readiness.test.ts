import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assessReadiness } from '../../admin/readiness.js';
import { get, sleep, startRig, type FaultRig } from '../e2e/faults/harness.js';

describe('assessReadiness', () => {
  it('regression: legacy unreachable is reported but never makes the instance unready', async () => {
    const report = await assessReadiness({ draining: () => false, checks: [], legacyReachable: async () => false });
    expect(report).toMatchObject({ ready: true, reasons: [], legacy: { reachable: false } });
  });

  it('is unready while draining or when a check fails, and says why', async () => {
    const report = await assessReadiness({
      draining: () => true,
      checks: [
        { name: 'store', check: () => ({ ok: false, reason: 'store buffer full' }) },
        { name: 'flags', check: () => { throw new Error('boom'); } },
        { name: 'other', check: async () => ({ ok: true, n: 1 }) },
      ],
      legacyReachable: async () => true,
    });
    expect(report.ready).toBe(false);
    expect(report.reasons).toEqual([expect.stringMatching(/^draining: /), 'store: store buffer full', 'flags: check failed: boom']);
    expect(report.checks.other).toEqual({ ok: true, n: 1 });
  });
});

describe('/readyz of the runtime', () => {
  let rig: FaultRig;
  beforeAll(async () => {
    // No poll after the first within the test: the flags go stale after 400 ms.
    rig = await startRig({ legacyUrl: 'http://127.0.0.1:9', overrides: { admin: { port: 0 }, flags: { pollIntervalMs: 60_000, maxStaleMs: 400 } } });
  }, 30_000);
  afterAll(async () => {
    await rig?.close();
  });

  it('turns unready once the flags were not read within flags.maxStaleMs, legacy down or not', async () => {
    const admin = `http://127.0.0.1:${rig.running.proxy.adminPort}`;
    const fresh = await get(admin, '/readyz');
    expect(fresh.status).toBe(200);
    expect(fresh.body).toMatchObject({ status: 'ready', legacy: 'unreachable', checks: { flags: { ok: true, maxStaleMs: 400 }, store: { ok: true } } });
    await sleep(600);
    const stale = await get(admin, '/readyz');
    expect(stale.status).toBe(503);
    expect(stale.body.checks.flags.ok).toBe(false);
    expect(stale.body.reasons).toEqual([expect.stringMatching(/^flags: flags not read from the store/)]);
    await rig.running.reloadFlags(); // not a poll: freshness is the watcher's
    expect((await get(admin, '/readyz')).status).toBe(503);
  });
});
