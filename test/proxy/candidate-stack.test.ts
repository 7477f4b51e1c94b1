import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../config/index.js';
import { createModeHandlers, prepareCandidateStack, startProxy } from '../../proxy/index.js';
import { exampleAdapters } from '../../examples/adapters/index.js';
import { sampleSchemaFile } from '../../examples/graphql-service/index.js';
import type { RequestEvent } from '../../model/request-event.js';
import { startSampleStack, type SampleStack } from '../examples/sample-stack.js';
import { call, eventsReach, metricValue } from '../e2e/modes/harness.js';

// A plain adapter definition asking for a field the schema does not have.
const BROKEN = `export const broken = {
  name: 'broken-user',
  route: 'GET /api/users/:id',
  document: 'query U($id: ID!) { user(id: $id) { id shoeSize } }',
  variables: (req) => ({ id: req.params.id }),
  toLegacy: () => ({ status: 200, body: {} }),
};
`;

let dir: string;
let stack: SampleStack;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'strangler-adapters-'));
  writeFileSync(join(dir, 'broken.mjs'), BROKEN);
  stack = await startSampleStack();
});
afterAll(async () => {
  await stack.close();
  rmSync(dir, { recursive: true, force: true });
});

const configWith = (onInvalidAdapter: 'fail' | 'legacy-only', adapters: string | null, adapter = 'user') =>
  loadConfig({
    overrides: {
      legacy: { url: stack.legacy.url },
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: null },
      candidate: { url: stack.graphql.url, schema: { from: 'sdl', file: sampleSchemaFile() }, onInvalidAdapter },
      adapters,
      routes: [{ id: 'user', method: 'GET', path: '/api/users/:id', mode: 'new', adapter }],
    },
  });

describe('prepareCandidateStack', () => {
  it('loads the built-in adapters, validates them against the SDL and opens a client', async () => {
    const stackOf = await prepareCandidateStack(configWith('fail', null), { builtIn: exampleAdapters });
    try {
      expect([...stackOf!.adapters.keys()]).toContain('user');
      expect(stackOf!.issues).toEqual([]);
      expect(stackOf!.legacyOnly.size).toBe(0);
    } finally {
      await stackOf?.close();
    }
  });

  it('stops the start on a document that does not validate (ADP_ERR_INVALID_DOCUMENT)', async () => {
    await expect(prepareCandidateStack(configWith('fail', dir, 'broken-user'), { builtIn: exampleAdapters })).rejects.toMatchObject({ code: 'ADP_ERR_INVALID_DOCUMENT' });
  });

  it('stops the start when a route names an adapter nobody defines (ADP_ERR_UNKNOWN_ADAPTER)', async () => {
    await expect(prepareCandidateStack(configWith('fail', null, 'nope'), { builtIn: exampleAdapters })).rejects.toMatchObject({ code: 'ADP_ERR_UNKNOWN_ADAPTER' });
  });

  it('with legacy-only, keeps the broken route on legacy and counts it', async () => {
    const config = configWith('legacy-only', dir, 'broken-user');
    const warned: string[] = [];
    const candidate = (await prepareCandidateStack(config, { builtIn: exampleAdapters, warn: (i) => warned.push(i.adapter) }))!;
    expect(warned).toContain('broken-user');
    const { handlers } = createModeHandlers({ config, adapters: candidate.adapters, client: candidate.client, legacyOnly: candidate.legacyOnly });
    const events: RequestEvent[] = [];
    const proxy = await startProxy(config, { logger: pino({ level: 'silent' }), handlers, eventSink: { push: (e) => events.push(e) } });
    try {
      const gqlBefore = stack.graphql.requestCount();
      const res = await call(`http://127.0.0.1:${proxy.port}`, 'GET', '/api/users/1');
      expect(res.body).toEqual((await call(stack.legacy.url, 'GET', '/api/users/1')).body);
      expect(stack.graphql.requestCount()).toBe(gqlBefore);
      await eventsReach(events, 1);
      expect(events[0]).toMatchObject({ servedBy: 'legacy', fallback: true, arm: 'new' });
      expect(metricValue(await proxy.metrics.registry.metrics(), 'strangler_fallbacks_total', { route: 'user', reason: 'legacy-only' })).toBe(1);
    } finally {
      await proxy.close();
      await candidate.close();
    }
  });
});
