import { describe, expect, it } from 'vitest';
import { runSoak } from '../../../bench/soak.js';

// The test-suite version of bench/soak.ts: shorter, and bounds with wide margins (other suites share
// the cores), nothing about speed. The bench reports the figures of the 60 s run.
describe('load and soak: shadow on, candidate slowed, then dead', () => {
  it('keeps memory bounded, leaks no descriptors or sockets, and operators only ever see legacy answers', async () => {
    const f = await runSoak({ steadySeconds: 8, rate: 100, candidateDelayMs: 50, overloadSeconds: 2, connections: 16, settleMs: 1000 });
    // Every request answered 200 by legacy, whatever the candidate did.
    expect(f.requests).toBeGreaterThan(600);
    expect(f.nonOk).toBe(0);
    expect(f.clientErrors).toBe(0);
    // The shadow really ran, and the overload really overloaded it.
    expect(f.shadowResultsSteady).toBeGreaterThan(0);
    expect(f.shadowDroppedOverload).toBeGreaterThan(0);
    expect(f.eventsDropped).toBe(0);
    // Memory: bounded growth steady, and under overload far below the runner's stated bound.
    expect(f.rssGrowthSteadyMb).toBeLessThan(150);
    expect(f.rssGrowthOverloadMb).toBeLessThan(Math.min(300, f.shadowMemoryBoundMb));
    // The loop keeps turning (a generous bound: the cores are shared with other suites).
    expect(f.loopDelayP99Ms).toBeLessThan(1000);
    // Once the proxy and the stack are closed, no descriptor or socket is left over.
    expect(f.fdsAfter - f.fdsBefore).toBeLessThanOrEqual(2);
    expect(f.socketsAfter - f.socketsBefore).toBeLessThanOrEqual(2);
  }, 90_000);
});
