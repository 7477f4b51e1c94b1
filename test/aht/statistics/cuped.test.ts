import { describe, expect, it } from 'vitest';
import { cupedAdjust } from '../../../aht/statistics/cuped.js';
import { buildAhtReportFromEvents } from '../../../aht/build-report.js';
import { simulateEvents, SIMULATED_CASE, PRE_PERIOD_OFFSET_MS } from '../../../aht/simulate.js';

describe('cupedAdjust', () => {
  it('removes the part explained by the covariate and keeps the mean', () => {
    const all = [1, 2, 3, 4, 5].map((x) => ({ y: 10 + 2 * x + (x % 2 === 0 ? 0.5 : -0.5), x }));
    const r = cupedAdjust(all);
    expect(r?.theta).toBeCloseTo(2, 1);
    expect(r?.varianceReduction).toBeGreaterThan(0.9);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean(r?.adjusted ?? [])).toBeCloseTo(mean(all.map((v) => v.y)), 9);
    expect(cupedAdjust([{ y: 1, x: null }, { y: 2, x: 3 }])).toBeNull();
  });
});

describe('CUPED in the AHT report', () => {
  it("narrows the CI with each operator's pre-period AHT and still covers the true effect", () => {
    const t0 = 1_700_000_000_000;
    const sim = simulateEvents({ seed: 77, operators: 60, handlingsPerOperator: 10, preHandlingsPerOperator: 10, operatorSigma: 0.5, effectS: -30, startMs: t0 });
    const config = { aht: { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 }, routes: [] };
    const c = buildAhtReportFromEvents(sim.events, config, { sinceMs: t0 - 3600_000, preSinceMs: t0 - PRE_PERIOD_OFFSET_MS - 3600_000 }).cases[0];
    const plainWidth = (c.difference.ci_high_s as number) - (c.difference.ci_low_s as number);
    expect(c.cuped).not.toBeNull();
    const cupedWidth = (c.cuped?.ci_high_s as number) - (c.cuped?.ci_low_s as number);
    expect(c.cuped?.variance_reduction).toBeGreaterThan(0.1);
    expect(cupedWidth).toBeLessThan(plainWidth);
    expect(c.cuped?.ci_low_s).toBeLessThan(-30);
    expect(c.cuped?.ci_high_s).toBeGreaterThan(-30);
    // Without a pre-period there is no CUPED figure.
    expect(buildAhtReportFromEvents(sim.events, config, { sinceMs: t0 - 3600_000 }).cases[0].cuped).toBeNull();
  });
});
