import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleStack, type SampleStack } from '../../../examples/sample-stack/index.js';
import { get, metricValue, sleep, startRig, until, type FaultRig } from './harness.js';
import { OPERATOR, PATHS, ROUTES, lastEvent } from './candidate-fixture.js';

// The GraphQL service failing for longer: long enough to open a route's circuit, or frozen so that
// connections hang. The operator still gets legacy's own answer; the new stack returns by itself.

let dir: string;
let stack: SampleStack;
const legacyAnswer: Record<string, string> = {};
const figures: Record<string, unknown> = {};

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-gql-long-'));
  stack = await startSampleStack({ dbFile: join(dir, 'sample.db') });
  for (const path of Object.values(PATHS)) {
    const direct = await get(stack.legacy.url, path, OPERATOR);
    expect(direct.status).toBe(200);
    legacyAnswer[path] = direct.text;
  }
});

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
  console.log('[faults] candidate-lasting', JSON.stringify(figures));
});

function rigFor(): Promise<FaultRig> {
  return startRig({ stack, routes: ROUTES, overrides: { shadow: { timeoutMs: 1000 } } });
}

describe('the GraphQL service failing long enough to open the circuit', () => {
  it('serves legacy while the circuit is open and returns to the new stack by itself after the open period', async () => {
    const rig = await rigFor();
    try {
      stack.graphql.setFailMode('http-500');
      for (let i = 0; i < 7; i++) {
        const s = await get(rig.base, PATHS.new, OPERATOR);
        expect(s.text).toBe(legacyAnswer[PATHS.new]);
      }
      const text = await rig.metrics();
      expect(metricValue(text, 'strangler_fallbacks_total', { route: 'inquiry-detail', reason: 'circuit-open' })).toBeGreaterThan(0);
      stack.graphql.setFailMode('none');
      const healed = Date.now();
      const recovered = await until(async () => {
        expect((await get(rig.base, PATHS.new, OPERATOR)).status).toBe(200);
        return (await lastEvent(rig, 'inquiry-detail'))?.served_by === 'new';
      }, 400, 25);
      expect(recovered).toBe(true);
      figures.circuitRecoveryMs = Date.now() - healed;
    } finally {
      stack.graphql.setFailMode('none');
      await rig.close();
    }
  });
});

describe('the GraphQL service frozen (process stopped, accept queue full: connects hang)', () => {
  it('the operator still gets legacy\'s answer after the candidate timeout; fallbacks and shadow errors are recorded', async () => {
    const script = "const s=require('node:http').createServer((q,r)=>r.end('{}'));" +
      "s.listen({port:0,host:'127.0.0.1',backlog:1},()=>console.log(s.address().port));";
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const fillers: net.Socket[] = [];
    let rig: FaultRig | null = null;
    try {
      const port = await new Promise<number>((ok) => child.stdout!.once('data', (d: Buffer) => ok(Number(d.toString().trim()))));
      child.kill('SIGSTOP');
      for (let i = 0; i < 4; i++) fillers.push(net.connect({ host: '127.0.0.1', port }).on('error', () => undefined));
      await sleep(200);
      rig = await startRig({ stack, candidateUrl: `http://127.0.0.1:${port}/graphql`, routes: ROUTES, overrides: { shadow: { timeoutMs: 1000 } } });
      const since = Date.now() - 1000;
      const t0 = Date.now();
      const seen = await Promise.all(Object.values(PATHS).map((p) => get(rig!.base, p, OPERATOR)));
      figures.frozenNewAnsweredMs = Date.now() - t0;
      for (const [k, path] of Object.values(PATHS).entries()) {
        expect(seen[k].status, path).toBe(200);
        expect(seen[k].text, path).toBe(legacyAnswer[path]);
      }
      await rig.running.shadow!.runner.idle();
      await rig.running.writer.flush();
      const text = await rig.metrics();
      expect(metricValue(text, 'strangler_fallbacks_total', { route: 'inquiry-detail' })).toBe(1);
      expect(metricValue(text, 'strangler_fallbacks_total', { route: 'item' })).toBe(1);
      const results = await rig.running.store.shadowResults({ sinceMs: since, routeId: 'user' });
      expect(results).toHaveLength(1);
      expect(results[0].candidateError).toMatch(/^(SHD|ADP)_ERR_/);
      const reasons: string[] = [];
      for (const line of text.split('\n')) if (line.startsWith('strangler_fallbacks_total{')) reasons.push(line);
      figures.frozen = { reasons, shadowError: results[0].candidateError };
    } finally {
      for (const f of fillers) f.destroy();
      await rig?.close();
      child.kill('SIGKILL');
    }
  });
});
