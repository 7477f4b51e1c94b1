import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { register } from '../../cli/report.js';
import { seedFlags } from '../../flags/index.js';
import { SHARED_THINK_TIMES_NOTE } from '../../reports/index.js';
import { openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import type { RequestEvent } from '../../model/index.js';
import { fixedResults } from '../reports/fixtures/shadow-results.js';
import { sqliteFixture } from '../store/fixtures.js';
import type { Fixture } from '../store/fixtures.js';
import { runCli } from './run-cli.js';
import { simulateEvents } from '../../aht/simulate.js';

describe('strangler report', () => {
  let fx: Fixture;
  let store: Store;
  let dir: string;
  beforeAll(async () => {
    fx = sqliteFixture();
    dir = mkdtempSync(join(tmpdir(), 'strangler-report-'));
    store = await openStore(fx.url);
    await seedFlags(store, [{ id: 'item-detail', mode: 'shadow', percent: 0, sample: 1 }]);
    await store.insertShadowResults(fixedResults());
  });
  afterAll(async () => {
    await store?.close();
    await fx?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('diff --format json loads the results from the store', async () => {
    // The fixed results are from 2023: reach back far enough.
    const r = await runCli(register, ['report', 'diff', '--db', fx.url, '--format', 'json', '--since', '20000d']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.routes.map((x: { routeId: string; samples: number }) => [x.routeId, x.samples])).toEqual([['item-detail', 6]]);
    expect(report.routes[0].topPaths[0].path).toBe('$.data.items[*].price');
  });

  it('diff --since leaves older results out, and --route narrows to one route', async () => {
    const r = await runCli(register, ['report', 'diff', '--db', fx.url, '--format', 'json', '--since', '1h', '--route', 'item-detail']);
    expect(JSON.parse(r.out).routes[0].samples).toBe(0);
  });

  it('diff --format html --out writes one self-contained file', async () => {
    const out = join(dir, 'sub', 'diff.html');
    const r = await runCli(register, ['report', 'diff', '--db', fx.url, '--format', 'html', '--out', out, '--since', '20000d']);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`wrote ${out}`);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('<svg ');
    expect(html).not.toMatch(/<script|https?:\/\//i);
  });

  it('refuses an unknown format with its code and exit 2', async () => {
    const r = await runCli(register, ['report', 'diff', '--db', fx.url, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.err).toContain('RPT_ERR_BAD_FORMAT');
  });

  it('aht --format json runs with a config that has no legacy, renders the shared think-times note and names the store it read', async () => {
    const config = join(dir, 'strangler.yaml');
    writeFileSync(config, `store: { url: "${fx.url}" }
aht:
  cases:
    - { name: inquiry, start: "GET /api/inquiries/:id", end: ["POST /api/inquiries/:id/reply"], param: id }
`);
    const t = Date.now() - 3_600_000;
    await store.insertEvents([event('h1', t, 'GET', '/api/inquiries/1'), event('h2', t + 60_000, 'POST', '/api/inquiries/1/reply')]);
    const r = await runCli(register, ['report', 'aht', '--config', config, '--format', 'json', '--think-times-shared']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.notes).toEqual([SHARED_THINK_TIMES_NOTE]);
    expect(report.method.equivalence_margin_s).toBe(5);
    expect(report.cases[0].arms.legacy.n).toBe(1);
    expect(report.store).toBe(fx.url);
    const md = await runCli(register, ['report', 'aht', '--config', config]);
    expect(md.out).toContain(`from the store ${fx.url}`);
  });

  it('regression: an empty window no longer prints an empty table with exit 0; it says so, with the events outside it, and writes no report', async () => {
    const config = join(dir, 'strangler.yaml');
    const r = await runCli(register, ['report', 'aht', '--config', config, '--format', 'json', '--since', '1m']);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    // The two events of the test above are an hour old; the window is the last minute.
    expect(r.err).toMatch(/^no handlings between \d{4}-\d\d-\d\dT[\d:.]+Z and \d{4}-\d\d-\d\dT[\d:.]+Z; 2 events outside the window/m);
  });

  it('diff names the store it read', async () => {
    const r = await runCli(register, ['report', 'diff', '--db', fx.url, '--format', 'md', '--since', '20000d']);
    expect(r.out).toContain(`from the store ${fx.url}`);
  });

  it('regression: a read-only command on a missing SQLite file no longer creates it; it fails with STORE_ERR_NO_DATABASE and exit 2', async () => {
    const missing = join(dir, 'none', 'missing.db');
    for (const args of [['report', 'aht'], ['report', 'diff']]) {
      const r = await runCli(register, [...args, '--db', `sqlite:${missing}`]);
      expect(r.code).toBe(2);
      expect(r.err).toContain('STORE_ERR_NO_DATABASE');
      expect(existsSync(missing)).toBe(false);
      expect(existsSync(join(dir, 'none'))).toBe(false);
    }
  });

  it('aht: --since/--until take dates, --pre-period feeds CUPED, and the operator settings reach the method', async () => {
    const t0 = Date.parse('2026-03-02T00:00:00Z');
    const sim = simulateEvents({ seed: 5, operators: 16, handlingsPerOperator: 6, preHandlingsPerOperator: 6, startMs: t0 });
    await store.insertEvents(sim.events);
    const config = join(dir, 'strangler-aht.yaml');
    writeFileSync(config, `legacy: { url: "http://127.0.0.1:9" }
store: { url: "${fx.url}" }
aht:
  cases:
    - { name: inquiry, start: "GET /api/inquiries/:id", end: ["POST /api/inquiries/:id/reply"], param: id }
`);
    const args = ['report', 'aht', '--config', config, '--format', 'json', '--since', '2026-03-01', '--until', '2026-04-01'];
    const r = await runCli(register, [...args, '--pre-period', '40d', '--min-operators', '3', '--looks', '10']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.out);
    expect(report.until).toBe('2026-04-01T00:00:00.000Z');
    expect(report.method.min_operators_per_arm).toBe(3);
    expect(report.method.looks).toBe(10);
    const c = report.cases[0];
    expect(c.arms.legacy.n + c.arms.new.n).toBeGreaterThan(50);
    expect(c.arms.legacy.operators + c.arms.new.operators).toBe(16);
    expect(c.cuped).not.toBeNull();
    expect(c.cuped.operators_with_covariate).toBe(16);
    // Without a pre-period, no CUPED figure.
    expect(JSON.parse((await runCli(register, args)).out).cases[0].cuped).toBeNull();
  });

  it('aht: a time that is neither a duration nor a date, or a reversed window, is a coded error', async () => {
    const bad = await runCli(register, ['report', 'aht', '--db', fx.url, '--since', 'yesterday']);
    expect(bad.code).not.toBe(0);
    expect(bad.err).toContain('RPT_ERR_BAD_TIME');
    const reversed = await runCli(register, ['report', 'aht', '--db', fx.url, '--since', '2026-03-02', '--until', '2026-03-01']);
    expect(reversed.err).toContain('RPT_ERR_BAD_PERIOD');
    const few = await runCli(register, ['report', 'aht', '--db', fx.url, '--min-operators', '1']);
    expect(few.err).toContain('RPT_ERR_BAD_PERIOD');
  });
});

function event(id: string, ts: number, method: string, path: string): RequestEvent {
  return { id, ts, operatorId: 'op', caseId: '1', method, routeId: null, path, status: 200, latencyMs: 1, servedBy: 'legacy', arm: null, fallback: false, instance: 't' };
}
