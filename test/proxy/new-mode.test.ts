import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import Database from 'better-sqlite3';
import type { SampleStack } from '../examples/sample-stack.js';
import { SAMPLE_ROUTES, call, eventsReach, metricValue, startModesProxy, startRelayedModes, type CountingRelay, type ModesProxy, type RelayedModes } from '../e2e/modes/harness.js';

const newRoutes = (extra: Record<string, unknown> = {}) => SAMPLE_ROUTES.map((r) => ({ ...r, mode: 'new', ...extra }));
const JSON_TYPE = { 'content-type': 'application/json' };

function messageCount(file: string, inquiryId: number): number {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare('SELECT COUNT(*) AS n FROM messages WHERE inquiry_id = ?').get(inquiryId) as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('new mode against the sample stack', () => {
  let running: RelayedModes;
  let stack: SampleStack;
  let relay: CountingRelay;
  let front: ModesProxy;
  beforeAll(async () => {
    running = await startRelayedModes({ routes: newRoutes(), breaker: { failureThreshold: 3, windowMs: 60_000, openMs: 300 } });
    ({ stack, relay, front } = running);
  });
  afterAll(() => running.close());

  it('answers users and items like legacy does (parsed JSON deep-equal), served by the candidate', async () => {
    const before = stack.graphql.requestCount();
    const legacyBefore = relay.seen.length;
    const paths = [...[1, 2, 3, 5, 8, 13, 999999].map((id) => `/api/users/${id}`), ...[1, 4, 9, 16, 0].map((id) => `/api/items/${id}`)];
    for (const path of paths) {
      const viaProxy = await call(front.base, 'GET', path);
      const legacy = await call(stack.legacy.url, 'GET', path);
      expect(viaProxy.status, path).toBe(legacy.status);
      expect(viaProxy.body, path).toEqual(legacy.body);
    }
    expect(stack.graphql.requestCount() - before).toBe(paths.length);
    expect(relay.seen.length).toBe(legacyBefore);
    await eventsReach(front.events, paths.length);
    expect(front.events.slice(-paths.length).every((e) => e.servedBy === 'new' && e.arm === 'new' && !e.fallback)).toBe(true);
  });

  it('answers a reply POST like legacy does, writing only to the new stack', async () => {
    const body = JSON.stringify({ body: 'ご連絡ありがとうございます', status: 'closed' });
    const legacyBefore = relay.count('POST', '/api/inquiries/');
    const viaProxy = await call(front.base, 'POST', '/api/inquiries/3/reply', { headers: { ...JSON_TYPE, 'x-operator-id': 'op-1' }, body });
    const legacy = await call(stack.legacy.url, 'POST', '/api/inquiries/3/reply', { headers: { ...JSON_TYPE, 'x-operator-id': 'op-1' }, body });
    expect(viaProxy.status).toBe(200);
    expect(viaProxy.body).toEqual(legacy.body);
    expect(relay.count('POST', '/api/inquiries/')).toBe(legacyBefore);
  });

  it('a non-idempotent request is never sent twice: a candidate 5xx gives the legacy-shaped error, and legacy never sees it', async () => {
    const legacyBefore = relay.count('POST', '/api/inquiries/');
    const gqlBefore = stack.graphql.requestCount();
    stack.graphql.setFailMode('http-500');
    try {
      const res = await call(front.base, 'POST', '/api/inquiries/6/reply', { headers: JSON_TYPE, body: JSON.stringify({ body: '確認します' }) });
      expect(res.status).toBe(502);
      expect(res.body).toMatchObject({ result: 'NG', error: { code: 'ADP_ERR_HTTP_5XX' } });
      expect(res.text).not.toMatch(/\bat .*:\d+:\d+/);
    } finally {
      stack.graphql.setFailMode('none');
    }
    expect(stack.graphql.requestCount() - gqlBefore).toBe(1);
    expect(relay.count('POST', '/api/inquiries/')).toBe(legacyBefore);
    await eventsReach(front.events, front.events.length);
    const last = front.events.at(-1)!;
    expect(last).toMatchObject({ routeId: 'reply', servedBy: 'new', fallback: false, status: 502 });
  });

  it('a non-idempotent request that times out on the candidate is not retried anywhere', async () => {
    const legacyRows = messageCount(stack.legacyDb, 7);
    const gqlRows = messageCount(stack.graphqlDb, 7);
    const gqlBefore = stack.graphql.requestCount();
    const legacyBefore = relay.count('POST', '/api/inquiries/');
    const slow = await startModesProxy({ legacyUrl: relay.url, graphqlUrl: stack.graphql.url, routes: newRoutes({ timeoutMs: 50 }) });
    stack.graphql.setDelay(300);
    try {
      const res = await call(slow.base, 'POST', '/api/inquiries/7/reply', { headers: JSON_TYPE, body: JSON.stringify({ body: '遅い返信' }) });
      expect(res.status).toBe(504);
      expect(res.body).toMatchObject({ result: 'NG', error: { code: 'ADP_ERR_TIMEOUT' } });
      await new Promise((r) => setTimeout(r, 400)); // long enough for any retry to show
    } finally {
      stack.graphql.setDelay(0);
      await slow.close();
    }
    expect(relay.count('POST', '/api/inquiries/')).toBe(legacyBefore);
    expect(messageCount(stack.legacyDb, 7)).toBe(legacyRows);
    expect(stack.graphql.requestCount() - gqlBefore).toBe(1);
    expect(messageCount(stack.graphqlDb, 7) - gqlRows).toBeLessThanOrEqual(1);
  });

  it('falls back to legacy on candidate failures for GETs, then the breaker opens, then a probe closes it', async () => {
    const path = '/api/users/2';
    const expected = await call(stack.legacy.url, 'GET', path);
    const m0 = await front.metrics();
    const gqlBefore = stack.graphql.requestCount();
    stack.graphql.setFailMode('graphql-error');
    try {
      for (let i = 0; i < 8; i++) {
        const res = await call(front.base, 'GET', path);
        expect(res.status).toBe(200);
        expect(res.body).toEqual(expected.body);
      }
      // Three failures open the circuit: the other five never reach the candidate.
      expect(stack.graphql.requestCount() - gqlBefore).toBe(3);
      expect(front.modes.breakers.get('user')!.state()).toBe('open');
      const m1 = await front.metrics();
      const delta = (reason: string) => metricValue(m1, 'strangler_fallbacks_total', { route: 'user', reason }) - metricValue(m0, 'strangler_fallbacks_total', { route: 'user', reason });
      expect(delta('graphql-fatal')).toBe(3);
      expect(delta('circuit-open')).toBe(5);
    } finally {
      stack.graphql.setFailMode('none');
    }
    await eventsReach(front.events, front.events.length);
    expect(front.events.slice(-8).every((e) => e.servedBy === 'legacy' && e.fallback && e.arm === 'new')).toBe(true);

    await new Promise((r) => setTimeout(r, 350));
    const probe = await call(front.base, 'GET', path);
    expect(probe.body).toEqual(expected.body);
    expect(stack.graphql.requestCount() - gqlBefore).toBe(4);
    expect(front.modes.breakers.get('user')!.state()).toBe('closed');
    await eventsReach(front.events, front.events.length);
    expect(front.events.at(-1)).toMatchObject({ servedBy: 'new', fallback: false });
  });

  it('while the circuit is open, a POST goes to legacy once, with the identical body bytes', async () => {
    const breaker = front.modes.breakers.get('hide')!;
    for (let i = 0; i < 3; i++) breaker.onFailure();
    expect(breaker.state()).toBe('open');
    const gqlBefore = stack.graphql.requestCount();
    const body = 'reason=%E5%81%BD%E7%89%A9%E3%81%AE%E7%96%91%E3%81%84';
    const res = await call(front.base, 'POST', '/api/items/11/hide', { headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('OK');
    const sent = relay.seen.filter((s) => s.url === '/api/items/11/hide');
    expect(sent).toHaveLength(1);
    expect(sent[0].body.toString('latin1')).toBe(body);
    expect(stack.graphql.requestCount()).toBe(gqlBefore);
  });

  it('refuses a chunked body past server.maxBodyBytes with 413, calling neither side', async () => {
    const small = await startModesProxy({ legacyUrl: relay.url, graphqlUrl: stack.graphql.url, routes: newRoutes(), maxBodyBytes: 1024 });
    const gqlBefore = stack.graphql.requestCount();
    const legacyBefore = relay.seen.length;
    try {
      const status = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request(`${small.base}/api/inquiries/8/reply`, { method: 'POST', headers: JSON_TYPE }, (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        });
        req.on('error', reject);
        req.write(JSON.stringify({ body: 'あ'.repeat(300) })); // sent chunked: no content-length to refuse up front
        req.end(JSON.stringify({ pad: 'x'.repeat(600) }));
      });
      expect(status.status).toBe(413);
      expect(JSON.parse(status.body).error.code).toBe('PRX_ERR_BODY_TOO_LARGE');
    } finally {
      await small.close();
    }
    expect(stack.graphql.requestCount()).toBe(gqlBefore);
    expect(relay.seen.length).toBe(legacyBefore);
  });
});

describe('new mode when the GraphQL service stops mid-run', () => {
  let running: RelayedModes;
  let stack: SampleStack;
  let relay: CountingRelay;
  let front: ModesProxy;
  beforeAll(async () => {
    running = await startRelayedModes({ routes: newRoutes() });
    ({ stack, relay, front } = running);
  });
  afterAll(() => running.close());

  it('keeps answering idempotent requests from legacy, counted in metrics and on events; a POST reaches legacy exactly once', async () => {
    const paths = ['/api/users/1', '/api/items/3', '/api/users/4'];
    const expected = await Promise.all(paths.map((p) => call(stack.legacy.url, 'GET', p)));
    for (const [i, p] of paths.entries()) expect((await call(front.base, 'GET', p)).body).toEqual(expected[i].body);
    await eventsReach(front.events, paths.length);
    expect(front.events.every((e) => e.servedBy === 'new')).toBe(true);

    await stack.graphql.close();
    for (let round = 0; round < 2; round++) {
      for (const [i, p] of paths.entries()) {
        const res = await call(front.base, 'GET', p);
        expect(res.status, p).toBe(200);
        expect(res.body, p).toEqual(expected[i].body);
      }
    }
    await eventsReach(front.events, paths.length * 3);
    const after = front.events.slice(paths.length);
    expect(after).toHaveLength(6);
    expect(after.every((e) => e.servedBy === 'legacy' && e.fallback && e.status === 200)).toBe(true);
    const text = await front.metrics();
    const total = ['connect', 'circuit-open'].reduce(
      (n, reason) => n + metricValue(text, 'strangler_fallbacks_total', { route: 'user', reason }) + metricValue(text, 'strangler_fallbacks_total', { route: 'item', reason }),
      0,
    );
    expect(total).toBe(6);
    expect(metricValue(text, 'strangler_fallbacks_total', { route: 'user', reason: 'connect' })).toBeGreaterThan(0);

    // A refused connection means the candidate never got the reply: legacy gets it, once.
    const before = relay.count('POST', '/api/inquiries/2/reply');
    const res = await call(front.base, 'POST', '/api/inquiries/2/reply', { headers: JSON_TYPE, body: JSON.stringify({ body: '承知しました' }) });
    expect(res.status).toBe(200);
    expect(res.body.result).toBe('OK');
    expect(relay.count('POST', '/api/inquiries/2/reply') - before).toBe(1);
  });
});
