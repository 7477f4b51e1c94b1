import http from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleStack, type SampleStack } from '../../../examples/sample-stack/index.js';
import type { FailMode } from '../../../examples/graphql-service/index.js';
import { get, metricValue, startRelay, startRig, until, type FaultRig, type TcpRelay } from './harness.js';
import { OPERATOR, PATHS, ROUTES, lastEvent } from './candidate-fixture.js';

// The GraphQL service failing while routes are in shadow, canary (100 %) and new: the operator must
// see legacy's own answer every time; the failures are counted and recorded, and the new stack serves
// again by itself once the service is healthy.

type Fault = 'down' | 'slow' | Exclude<FailMode, 'none'>;
/** Each fault and the fallback reason it must be counted under. */
const FAULTS: [Fault, string][] = [
  ['down', 'connect'], ['slow', 'timeout'], ['http-500', 'http-5xx'], ['html-502', 'http-5xx'],
  ['invalid-json', 'invalid-response'], ['graphql-error', 'graphql-fatal'], ['reset', 'connect'],
];

let dir: string;
let stack: SampleStack;
let relay: TcpRelay;
const legacyAnswer: Record<string, string> = {};
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-gql-'));
  stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
  const gql = new URL(stack.graphql.url);
  relay = await startRelay('127.0.0.1', Number(gql.port));
  for (const path of Object.values(PATHS)) {
    const direct = await get(stack.legacy.url, path, OPERATOR);
    expect(direct.status).toBe(200);
    legacyAnswer[path] = direct.text;
  }
});

afterAll(async () => {
  await relay?.close();
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('[faults] candidate', JSON.stringify(figures));
});

function inject(fault: Fault, on: boolean): Promise<void> | void {
  if (fault === 'down') return on ? relay.stop() : relay.start();
  if (fault === 'slow') return stack.graphql.setDelay(on ? 2500 : 0);
  stack.graphql.setFailMode(on ? fault : 'none');
}

async function rigFor(): Promise<FaultRig> {
  const gql = new URL(stack.graphql.url);
  gql.port = String(relay.port);
  return startRig({
    stack,
    candidateUrl: gql.toString(),
    routes: [...ROUTES, { id: 'reply', methods: ['POST'], path: '/api/inquiries/:id/reply', adapter: 'reply-to-inquiry', mode: 'new' }],
    overrides: { shadow: { timeoutMs: 1000 } },
  });
}


describe.each(FAULTS)('the GraphQL service %s', (fault, reason) => {
  it('the operator gets legacy\'s answer in shadow, canary and new; fallbacks and shadow errors are counted and recorded; it recovers by itself', async () => {
    const rig = await rigFor();
    try {
      const since = Date.now() - 1000;
      await inject(fault, true);
      const rounds = 2;
      for (let i = 0; i < rounds; i++) {
        const seen = await Promise.all(Object.values(PATHS).map((p) => get(rig.base, p, OPERATOR)));
        for (const [k, path] of Object.values(PATHS).entries()) {
          expect(seen[k].status, `${fault} ${path}`).toBe(200);
          expect(seen[k].text, `${fault} ${path}`).toBe(legacyAnswer[path]);
        }
      }
      await rig.running.shadow!.runner.idle();
      await rig.running.writer.flush();

      const text = await rig.metrics();
      const reasons = new Map<string, number>();
      for (const line of text.split('\n')) {
        const m = /^strangler_fallbacks_total\{route="([^"]+)",reason="([^"]+)"\} (\d+)/.exec(line);
        if (m) reasons.set(`${m[1]}:${m[2]}`, Number(m[3]));
      }
      expect(metricValue(text, 'strangler_fallbacks_total', { route: 'item', reason })).toBe(rounds);
      expect(metricValue(text, 'strangler_fallbacks_total', { route: 'inquiry-detail', reason })).toBe(rounds);
      expect(metricValue(text, 'strangler_shadow_results_total', { route: 'user', outcome: 'candidate_error' })).toBe(rounds);

      const events = await rig.running.store.query<{ route_id: string; served_by: string; fallback: number; arm: string }>(
        'SELECT route_id, served_by, fallback, arm FROM request_events WHERE ts >= ? ORDER BY seq', [since],
      );
      const fallbacks = events.filter((e) => Number(e.fallback) === 1 && e.served_by === 'legacy');
      expect(fallbacks.filter((e) => e.route_id === 'item' && e.arm === 'canary-new')).toHaveLength(rounds);
      expect(fallbacks.filter((e) => e.route_id === 'inquiry-detail' && e.arm === 'new')).toHaveLength(rounds);
      const results = await rig.running.store.shadowResults({ sinceMs: since, routeId: 'user' });
      expect(results).toHaveLength(rounds);
      const errors = results.map((r) => r.candidateError);
      for (const e of errors) expect(e).toMatch(/^(SHD|ADP)_ERR_/);

      // Healthy again: time until the `new` route is served by the new stack once more.
      await inject(fault, false);
      const healed = Date.now();
      const recovered = await until(async () => {
        const s = await get(rig.base, PATHS.new, OPERATOR);
        expect(s.status).toBe(200);
        return (await lastEvent(rig, 'inquiry-detail'))?.served_by === 'new';
      }, 400, 10);
      expect(recovered).toBe(true);
      figures[fault] = { reasons: Object.fromEntries(reasons), shadowErrors: [...new Set(errors)], recoveryMs: Date.now() - healed };
    } finally {
      await inject(fault, false);
      await rig.close();
    }
  });
});

describe('a write in new mode while the GraphQL service fails', () => {
  const reply = { id: 'reply', methods: ['POST'], path: '/api/inquiries/:id/reply', adapter: 'reply-to-inquiry', mode: 'new' };
  const post = (rig: FaultRig) =>
    get(rig.base, '/api/inquiries/5/reply', { ...OPERATOR, 'content-type': 'application/json' }, 'POST', JSON.stringify({ body: 'faults test reply' }));

  it('goes to legacy once when the service refused the connection (it never saw the write)', async () => {
    const gql = new URL(stack.graphql.url);
    gql.port = String(relay.port);
    const rig = await startRig({ stack, candidateUrl: gql.toString(), routes: [reply] });
    try {
      await relay.stop();
      const seen = await post(rig);
      expect(seen.status).toBe(200);
      expect(seen.body.result).toBe('OK');
      const e = await lastEvent(rig, 'reply');
      expect(e).toMatchObject({ served_by: 'legacy', status: 200 });
      expect(Number(e!.fallback)).toBe(1);
    } finally {
      await relay.start();
      await rig.close();
    }
  });

  it('is not repeated on legacy after a 5xx (the service may have acted): the operator gets a coded NG envelope', async () => {
    const rig = await rigFor();
    try {
      stack.graphql.setFailMode('http-500');
      const seen = await post(rig);
      expect(seen.status).toBe(502);
      expect(seen.body.result).toBe('NG');
      expect(seen.body.error.code).toBe('ADP_ERR_HTTP_5XX');
      const e = await lastEvent(rig, 'reply');
      expect(e).toMatchObject({ served_by: 'new', status: 502 });
      expect(Number(e!.fallback)).toBe(0);
      figures.writeAfter5xx = { status: seen.status, code: seen.body.error.code };
    } finally {
      stack.graphql.setFailMode('none');
      await rig.close();
    }
  });
});

describe('legacy failing while its route is in shadow', () => {
  it('the cut or failed legacy answer reaches the operator as it is; the shadow job ends at once without a result and is counted', async () => {
    const resetting = http.createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '50000' });
      res.write('{"result":"OK","data":"', () => setTimeout(() => res.socket?.destroy(), 20));
      void req;
    });
    await new Promise<void>((ok) => resetting.listen(0, '127.0.0.1', ok));
    const url = `http://127.0.0.1:${(resetting.address() as AddressInfo).port}`;
    const rig = await startRig({ stack, legacyUrl: url, routes: ROUTES.slice(0, 1), overrides: { legacy: { url, timeoutMs: 2000 } } });
    try {
      const seen = await get(rig.base, PATHS.shadow, OPERATOR);
      expect(seen.cut).toBe(true);
      const t0 = Date.now();
      await rig.running.shadow!.runner.idle();
      figures.shadowJobEndedAfterCutMs = Date.now() - t0;
      expect(Date.now() - t0).toBeLessThan(2000);
      await rig.running.writer.flush();
      const text = await rig.metrics();
      expect(metricValue(text, 'strangler_shadow_dropped_total', { route: 'user', reason: 'primary_incomplete' })).toBe(1);
      expect(await rig.running.store.shadowResults({ routeId: 'user' })).toHaveLength(0);
    } finally {
      await rig.close();
      await new Promise<void>((ok) => {
        resetting.close(() => ok());
        resetting.closeAllConnections();
      });
    }
  });
});

describe('legacy down while routes are in canary and new', () => {
  it('routes served by the new stack keep working; only what legacy serves fails, with a coded 502', async () => {
    const legacyRelay = await startRelay('127.0.0.1', Number(new URL(stack.legacy.url).port));
    const legacyUrl = `http://127.0.0.1:${legacyRelay.port}`;
    const rig = await startRig({ stack, legacyUrl, routes: ROUTES, overrides: { legacy: { url: legacyUrl } } });
    try {
      await legacyRelay.stop();
      const [shadow, canary, fresh] = await Promise.all(Object.values(PATHS).map((p) => get(rig.base, p, OPERATOR)));
      expect(shadow.status).toBe(502);
      expect(shadow.body.error.code).toBe('PRX_ERR_UPSTREAM');
      expect(canary.status).toBe(200);
      expect(fresh.status).toBe(200);
      expect(await lastEvent(rig, 'item')).toMatchObject({ served_by: 'new', status: 200 });
      expect(await lastEvent(rig, 'inquiry-detail')).toMatchObject({ served_by: 'new', status: 200 });
    } finally {
      await rig.close();
      await legacyRelay.close();
    }
  });
});
