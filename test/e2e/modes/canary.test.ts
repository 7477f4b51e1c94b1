import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack.js';
import { pino } from 'pino';
import { canaryBucket, createModeHandlers, inCanary, startProxy, type ModeHandler } from '../../../proxy/index.js';
import { loadConfig } from '../../../config/index.js';
import { createGraphqlClient } from '../../../legacy-adapters/index.js';
import { exampleAdapters } from '../../../examples/adapters/index.js';
import type { RequestEvent } from '../../../model/request-event.js';
import { SAMPLE_ROUTES, call, eventsReach, startModesProxy, type ModesProxy } from './harness.js';

const OPERATORS = Array.from({ length: 150 }, (_, i) => `op-${i}`);
const routes = (percent: number) => SAMPLE_ROUTES.map((r) => ({ ...r, mode: 'canary', percent }));

let stack: SampleStack;
beforeAll(async () => {
  stack = await startSampleStack();
});
afterAll(async () => {
  await stack.close();
});

/** Which side served each operator on GET /api/users/1, from the proxy's events. */
async function sides(front: ModesProxy, operators: readonly string[]): Promise<Map<string, RequestEvent>> {
  const start = front.events.length;
  for (const op of operators) {
    const res = await call(front.base, 'GET', '/api/users/1', { headers: { 'x-operator-id': op } });
    expect(res.status).toBe(200);
  }
  await eventsReach(front.events, start + operators.length);
  return new Map(front.events.slice(start).map((e) => [e.operatorId!, e]));
}

describe('canary mode through the real proxy', () => {
  it('serves exactly the operators whose sticky bucket is below percent by the new stack, the same on two instances', async () => {
    const a = await startModesProxy({ legacyUrl: stack.legacy.url, graphqlUrl: stack.graphql.url, routes: routes(30) });
    const b = await startModesProxy({ legacyUrl: stack.legacy.url, graphqlUrl: stack.graphql.url, routes: routes(30) });
    try {
      const [onA, onB] = [await sides(a, OPERATORS), await sides(b, OPERATORS)];
      for (const op of OPERATORS) {
        const expectNew = inCanary(canaryBucket(op, 'user'), 30);
        const ev = onA.get(op)!;
        expect(ev.arm, op).toBe(expectNew ? 'canary-new' : 'canary-legacy');
        expect(ev.servedBy, op).toBe(expectNew ? 'new' : 'legacy');
        expect(onB.get(op)!.arm, op).toBe(ev.arm);
      }
      const share = [...onA.values()].filter((e) => e.arm === 'canary-new').length / OPERATORS.length;
      expect(share).toBeGreaterThan(0.15);
      expect(share).toBeLessThan(0.45);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('raising the live percent only moves operators from legacy to new; a request without an operator id goes to legacy', async () => {
    const front = await startModesProxy({ legacyUrl: stack.legacy.url, graphqlUrl: stack.graphql.url, routes: routes(20) });
    try {
      const before = await sides(front, OPERATORS);
      const flag = { routeId: 'user', mode: 'canary' as const, percent: 60, sample: 0, updatedAt: Date.now(), updatedBy: 'test' };
      expect(front.proxy.applyFlags([flag]).applied).toEqual(['user']);
      const after = await sides(front, OPERATORS);
      let moved = 0;
      for (const op of OPERATORS) {
        if (before.get(op)!.arm === 'canary-new') expect(after.get(op)!.arm, op).toBe('canary-new');
        else if (after.get(op)!.arm === 'canary-new') moved++;
      }
      expect(moved).toBeGreaterThan(0);

      front.proxy.applyFlags([{ ...flag, percent: 100 }]);
      const n = front.events.length;
      const anonymous = await call(front.base, 'GET', '/api/users/1');
      expect(anonymous.status).toBe(200);
      await eventsReach(front.events, n + 1);
      expect(front.events.at(-1)).toMatchObject({ operatorId: null, servedBy: 'legacy', arm: 'canary-legacy', fallback: false });
    } finally {
      await front.close();
    }
  });

  it('serves the legacy side through the shadow handler when one is given, keeping the canary arm', async () => {
    const config = loadConfig({
      overrides: {
        legacy: { url: stack.legacy.url },
        server: { port: 0, host: '127.0.0.1' },
        admin: { port: null },
        candidate: { url: stack.graphql.url },
        routes: routes(0),
      },
    });
    const client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 2000 });
    const shadowed: string[] = [];
    const shadow: ModeHandler = (ctx) => {
      shadowed.push(ctx.operatorId ?? '-');
      ctx.setOutcome({ servedBy: 'legacy', arm: 'shadow' });
      ctx.passthrough();
    };
    const { handlers } = createModeHandlers({ config, adapters: exampleAdapters, client, shadow });
    const events: RequestEvent[] = [];
    const proxy = await startProxy(config, { logger: pino({ level: 'silent' }), handlers, eventSink: { push: (e) => events.push(e) } });
    try {
      const res = await call(`http://127.0.0.1:${proxy.port}`, 'GET', '/api/users/1', { headers: { 'x-operator-id': 'op-7' } });
      expect(res.body.result).toBe('OK');
      await eventsReach(events, 1);
      expect(shadowed).toEqual(['op-7']);
      expect(events[0]).toMatchObject({ servedBy: 'legacy', arm: 'canary-legacy' });
      expect(handlers.shadow).toBe(shadow);
    } finally {
      await proxy.close();
      await client.close();
    }
  });
});
