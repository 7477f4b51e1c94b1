import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildAhtReport, buildAhtReportFromEvents } from '../../aht/build-report.js';
import { openStore, type Store } from '../../store/index.js';
import { createConnection } from 'mysql2/promise';
import { simulateEvents, SIMULATED_CASE } from '../../aht/simulate.js';
import type { AhtReportConfig } from '../../aht/build-report.js';
import type { RouteConfig } from '../../config/strangler-config.js';

const AHT = { cases: [SIMULATED_CASE], maxDurationMs: 4 * 3600_000, idleGapMs: 300_000, equivalenceMarginS: 5 };
const CONFIG: AhtReportConfig = { aht: AHT, routes: [] };
const OPTS = { sinceMs: 0 };

function canaryRoute(percent: number): RouteConfig {
  return { id: 'inquiry', methods: ['GET'], path: '/api/inquiries/:inquiryId', mode: 'canary', percent, sample: 0, noise: 0, adapter: null, group: 'inquiry', timeoutMs: null, compare: {} as RouteConfig['compare'] };
}

describe('buildAhtReportFromEvents', () => {
  it('estimates match the generated data', () => {
    const sim = simulateEvents({ seed: 11, operators: 200, handlingsPerOperator: 40, effectS: -60, abandonRate: 0.05, mixedRate: 0.05, overMaxRate: 0.01 });
    const r = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, seed: 5 });
    const c = r.cases[0];
    expect(c.arms.legacy.mean_s).toBeGreaterThan(300 * 0.9);
    expect(c.arms.legacy.mean_s).toBeLessThan(300 * 1.1);
    expect(c.difference.mean_s).toBeGreaterThan(-60 - 20);
    expect(c.difference.mean_s).toBeLessThan(-60 + 20);
    expect(c.difference.ci_low_s).toBeLessThan(-60);
    expect(c.difference.ci_high_s).toBeGreaterThan(-60);
    expect(c.verdict).toBe('new-faster');
    expect(c.arms.legacy.n + c.arms.new.n).toBe(sim.truth.completed);
    expect(c.mixed).toBe(sim.truth.mixed);
    expect(c.abandoned).toBe(sim.truth.abandoned);
    expect(c.over_max_duration).toBe(sim.truth.overMax);
    expect(r.paths.map((p) => p.route_id)).toEqual(expect.arrayContaining(['inquiry', 'inquiry-history', 'inquiry-customer', 'inquiry-note']));
  });

  it('is reproducible: the same seed gives the same CI', () => {
    const sim = simulateEvents({ seed: 12, effectS: 20 });
    const a = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, seed: 9 });
    const b = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, seed: 9 });
    expect(b.cases).toEqual(a.cases);
    expect(b.paths).toEqual(a.paths);
  });

  it('the 95% CI covers the true difference in at least 90 of 100 seeded simulations', () => {
    let covered = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const sim = simulateEvents({ seed, operators: 40, handlingsPerOperator: 10, effectS: -30 });
      const d = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, seed }).cases[0].difference;
      if ((d.ci_low_s as number) <= -30 && -30 <= (d.ci_high_s as number)) covered++;
    }
    expect(covered).toBeGreaterThanOrEqual(90);
  });

  it('calls an A/A set (no effect) significant in at most 10 of 100', () => {
    let significant = 0;
    for (let seed = 101; seed <= 200; seed++) {
      const sim = simulateEvents({ seed, operators: 40, handlingsPerOperator: 10, effectS: 0 });
      const v = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, seed }).cases[0].verdict;
      if (v === 'new-faster' || v === 'new-slower') significant++;
    }
    expect(significant).toBeLessThanOrEqual(10);
  });

  it('says no-difference when the CI sits inside the margin, inconclusive with operators and days needed when it cannot tell', () => {
    const big = simulateEvents({ seed: 21, operators: 400, handlingsPerOperator: 50, effectS: 0, sigma: 0.3, operatorSigma: 0.05, legacyMeanS: 100 });
    expect(buildAhtReportFromEvents(big.events, { ...CONFIG, aht: { ...AHT, equivalenceMarginS: 5 } }, OPTS).cases[0].verdict).toBe('no-difference');
    const small = simulateEvents({ seed: 22, operators: 12, handlingsPerOperator: 3, effectS: -20 });
    const c = buildAhtReportFromEvents(small.events, CONFIG, OPTS).cases[0];
    expect(c.verdict).toBe('inconclusive');
    expect(c.reason).toBe('not-enough-evidence');
    // Advice is in operators and days, never in cases.
    expect(c.power?.more_operators_new === null || (c.power?.more_operators_new as number) > 0).toBe(true);
    expect(c.power?.power).toBeLessThan(0.8);
  });

  it('checks the split of operators against the canary percent', () => {
    const sim = simulateEvents({ seed: 31, operators: 200, handlingsPerOperator: 2, newShare: 0.5 });
    const fair = buildAhtReportFromEvents(sim.events, { ...CONFIG, routes: [canaryRoute(50)] }, OPTS).cases[0].srm;
    expect(fair).toMatchObject({ expected_new_share: 0.5, mismatch: false });
    const skewed = buildAhtReportFromEvents(sim.events, { ...CONFIG, routes: [canaryRoute(20)] }, OPTS).cases[0].srm;
    expect(skewed?.mismatch).toBe(true);
    const live = buildAhtReportFromEvents(sim.events, { ...CONFIG, routes: [canaryRoute(20)] }, {
      ...OPTS,
      flags: [{ routeId: 'inquiry', mode: 'canary', percent: 50, sample: 0, updatedAt: 0, updatedBy: 't' }],
    }).cases[0].srm;
    expect(live?.mismatch).toBe(false);
    expect(buildAhtReportFromEvents(sim.events, CONFIG, OPTS).cases[0].srm).toBeNull();
  });
});

describe('buildAhtReport', () => {
  const sim = simulateEvents({ seed: 21, operators: 24, handlingsPerOperator: 15, effectS: -30, abandonRate: 0.05, mixedRate: 0.05 });

  async function sameAsInProcess(store: Store): Promise<void> {
    await store.insertEvents(sim.events);
    const { generated_at: _a, ...fromStore } = await buildAhtReport(store, CONFIG, { ...OPTS, flags: [] });
    const { generated_at: _b, ...inProcess } = buildAhtReportFromEvents(sim.events, CONFIG, { ...OPTS, flags: [] });
    expect(fromStore.cases[0].arms.legacy.n).toBeGreaterThan(100);
    expect(fromStore).toEqual(inProcess);
  }

  it('gives the in-process report from a SQLite store (stream form)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aht-report-'));
    const store = await openStore(`sqlite:${join(dir, 'r.db')}`, { writerThread: false });
    try {
      await sameAsInProcess(store);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the in-process report from MariaDB (stream form, two operator ranges)', async () => {
    const db = `strangler_aht_report_${process.pid}`;
    const admin = await createConnection({ host: '127.0.0.1', port: 3306, user: 'root' });
    await admin.query(`CREATE DATABASE IF NOT EXISTS ${db}`);
    const store = await openStore(`mysql://root@127.0.0.1:3306/${db}`);
    try {
      await sameAsInProcess(store);
    } finally {
      await store.close();
      await admin.query(`DROP DATABASE IF EXISTS ${db}`);
      await admin.end();
    }
  });
});
