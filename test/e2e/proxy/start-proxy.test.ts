import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../../config/index.js';
import { startProxy } from '../../../proxy/index.js';
import { type AdminPlugin } from '../../../admin/index.js';
import { startLegacyFixture, type LegacyFixture } from './legacy-fixture.js';
import { request, startStrangler } from './harness.js';

let legacy: LegacyFixture;
beforeAll(async () => {
  legacy = await startLegacyFixture();
});
afterAll(async () => {
  await legacy.close();
});

const shadowRoute = { id: 'inquiry', method: 'GET', path: '/api/inquiries/:id', mode: 'shadow', adapter: 'inquiry' };

describe('startProxy', () => {
  it('refuses to start a route in a mode no handler serves (PRX_ERR_MODE_UNAVAILABLE)', async () => {
    const config = loadConfig({
      overrides: { legacy: legacy.url, server: { port: 0 }, admin: { port: null }, candidate: { url: 'http://127.0.0.1:1/graphql' }, routes: [shadowRoute] },
    });
    await expect(startProxy(config, { logger: pino({ level: 'silent' }) })).rejects.toMatchObject({ code: 'PRX_ERR_MODE_UNAVAILABLE' });
  });

  it('serves a route through a registered handler once a flag switches it, and records the outcome', async () => {
    const { proxy, base, events } = await startStrangler(legacy.url, { routes: [{ id: 'inquiry', method: 'GET', path: '/api/inquiries/:id' }] }, {
      handlers: {
        new: (ctx) => {
          ctx.setOutcome({ servedBy: 'new', arm: 'new' });
          ctx.res.writeHead(200, { 'content-type': 'application/json' });
          ctx.res.end(JSON.stringify({ from: 'new', id: ctx.params.id }));
        },
      },
    });
    try {
      expect(JSON.parse((await request(base, '/api/inquiries/7')).body.toString()).url).toBe('/api/inquiries/7');
      const result = proxy.applyFlags([
        { routeId: 'inquiry', mode: 'new', percent: 0, sample: 0, updatedAt: Date.now(), updatedBy: 'test' },
        { routeId: 'inquiry', mode: 'shadow', percent: 0, sample: 1, updatedAt: Date.now(), updatedBy: 'test' },
      ]);
      expect(result.unavailable).toEqual(['inquiry']); // shadow has no handler: the new flag stays
      expect(JSON.parse((await request(base, '/api/inquiries/7')).body.toString())).toEqual({ from: 'new', id: '7' });
      expect(JSON.parse((await request(base, '/api/other')).body.toString()).url).toBe('/api/other');
      await expect.poll(() => events.length, { timeout: 5_000 }).toBe(3);
      expect(events[1]).toMatchObject({ routeId: 'inquiry', servedBy: 'new', arm: 'new', status: 200 });
    } finally {
      await proxy.close();
    }
  });

  it('answers 500 with a code when a handler throws, and keeps serving', async () => {
    const { proxy, base } = await startStrangler(legacy.url, { routes: [{ id: 'boom', path: '/boom', mode: 'new', adapter: 'x' }], candidate: { url: 'http://127.0.0.1:1/graphql' } }, {
      handlers: { new: () => { throw new Error('bug'); } },
    });
    try {
      const res = await request(base, '/boom');
      expect(res.status).toBe(500);
      expect(JSON.parse(res.body.toString()).error.code).toBe('PRX_ERR_HANDLER');
      expect((await request(base, '/echo')).status).toBe(200);
    } finally {
      await proxy.close();
    }
  });

  it('serves healthz, readyz, metrics and admin plugins guarded by requireAdmin on the admin port only', async () => {
    const plugin: AdminPlugin = async (app, opts) => {
      app.post('/api/ping', { preHandler: opts.requireAdmin }, async (req) => ({ actor: req.adminActor }));
    };
    const token = 'test-admin-token-0123456789';
    const { proxy, admin, base } = await startStrangler(legacy.url, { admin: { port: 0, tokens: [{ name: 'ops', token }] } }, { adminPlugins: [plugin] });
    try {
      expect(JSON.parse((await request(admin, '/healthz')).body.toString())).toEqual({ status: 'ok' });
      expect((await request(admin, '/readyz')).status).toBe(200);
      await request(base, '/echo/counted');
      const metrics = (await request(admin, '/metrics')).body.toString();
      expect(metrics).toContain('strangler_requests_total{route="-",mode="legacy",status="200",served_by="legacy"}');
      expect(metrics).toContain('strangler_request_duration_seconds_bucket');
      expect((await request(admin, '/api/ping', { method: 'POST' })).status).toBe(401);
      const ok = await request(admin, '/api/ping', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
      expect(JSON.parse(ok.body.toString())).toEqual({ actor: 'ops' });
      expect(JSON.parse((await request(base, '/api/ping', { method: 'POST' })).body.toString()).url).toBe('/api/ping');
    } finally {
      await proxy.close();
    }
  });

  it('logs one JSON line per request, without bodies, Cookie or Authorization values, or the query', async () => {
    const lines: string[] = [];
    const logger = pino({ base: null }, { write: (line: string) => void lines.push(line) });
    const { proxy, base } = await startStrangler(legacy.url, {}, { logger });
    try {
      await request(base, '/echo/logged?email=someone%40example.com', {
        method: 'POST',
        headers: { cookie: 'session=cookie-secret-value', authorization: 'Bearer bearer-secret-value', 'content-length': 11 },
        body: 'body-secret',
      });
      await expect.poll(() => lines.filter((l) => JSON.parse(l).msg === 'request').length, { timeout: 5_000 }).toBe(1);
      const line = lines.find((l) => JSON.parse(l).msg === 'request')!;
      expect(JSON.parse(line)).toMatchObject({ method: 'POST', path: '/echo/logged', status: 200, servedBy: 'legacy' });
      for (const secret of ['cookie-secret-value', 'bearer-secret-value', 'body-secret', 'example.com']) expect(line).not.toContain(secret);
    } finally {
      await proxy.close();
    }
  });

  it('keeps an incoming X-Request-Id under the one field both planes log (reqId), logs traceparent, and start and stop lines', async () => {
    const lines: Record<string, any>[] = [];
    const logger = pino({ base: null, level: 'debug' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const { proxy, base, admin } = await startStrangler(legacy.url, { admin: { port: 0 } }, { logger });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    try {
      await request(base, '/echo/traced', { headers: { 'x-request-id': 'lb-abc-123', traceparent } });
      await request(base, '/echo/plain', { headers: { 'x-request-id': 'forged\"} {\"level\":60 with spaces' } });
      await request(admin, '/healthz', { headers: { 'x-request-id': 'probe-1' } });
      await request(admin, '/api/nothing');
      await expect.poll(() => lines.filter((l) => l.msg === 'request').length, { timeout: 5_000 }).toBe(2);
      const [traced, plain] = lines.filter((l) => l.msg === 'request');
      expect(traced).toMatchObject({ reqId: 'lb-abc-123', traceparent, path: '/echo/traced' });
      // Spaces are not visible ASCII: the proxy's own id instead, never the client's bytes.
      expect(plain.reqId).toBe(plain.id);
      expect(plain.traceparent).toBeUndefined();
      await expect.poll(() => lines.filter((l) => l.msg === 'admin request').length, { timeout: 5_000 }).toBe(2);
      const [probe, other] = lines.filter((l) => l.msg === 'admin request');
      expect(probe).toMatchObject({ reqId: 'probe-1', url: '/healthz', level: 20 });
      expect(other.level).toBe(30);
      expect(other.reqId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7/);
      expect(lines.filter((l) => l.msg === 'data plane listening' || l.msg === 'admin plane listening')).toHaveLength(2);
    } finally {
      await proxy.close();
    }
    expect(lines.filter((l) => l.msg === 'data plane stopped' || l.msg === 'admin plane stopped')).toHaveLength(2);
  });

  it('gives each request a time-ordered UUIDv7 id, so the store appends to its unique index', async () => {
    const { proxy, base, events } = await startStrangler(legacy.url);
    try {
      for (let i = 0; i < 5; i++) {
        await request(base, `/echo/ids/${i}`);
        await new Promise((r) => setTimeout(r, 2)); // ids of one millisecond share their time prefix
      }
      await expect.poll(() => events.length, { timeout: 5_000 }).toBe(5);
      const ids = events.map((e) => e.id);
      for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect([...ids].sort()).toEqual(ids);
      // the first 48 bits are the arrival time in ms, the event's ts itself (one clock reading for both)
      for (const e of events) expect(e.ts).toBe(parseInt(e.id.replace(/-/g, '').slice(0, 12), 16));
      expect(Math.abs(events[0]!.ts - Date.now())).toBeLessThan(60_000);
    } finally {
      await proxy.close();
    }
  });

  it('reports a port in use as PRX_ERR_LISTEN', async () => {
    const first = await startStrangler(legacy.url, { admin: { port: null } });
    try {
      const config = loadConfig({ overrides: { legacy: legacy.url, server: { port: first.proxy.port, host: '127.0.0.1' }, admin: { port: null } } });
      await expect(startProxy(config, { logger: pino({ level: 'silent' }) })).rejects.toMatchObject({ code: 'PRX_ERR_LISTEN' });
    } finally {
      await first.proxy.close();
    }
  });

  it('on close, stops accepting but lets an in-flight request finish', async () => {
    const { proxy, base } = await startStrangler(legacy.url);
    const url = new URL(base);
    const inflight = new Promise<{ status: number; body: string }>((resolve, reject) => {
      http.get({ host: url.hostname, port: url.port, path: '/slow?ms=300', agent: false }, (res) => {
        let body = '';
        res.on('data', (c) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      }).on('error', reject);
    });
    await new Promise((r) => setTimeout(r, 50));
    const closed = proxy.close();
    await expect(request(base, '/echo')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(await inflight).toEqual({ status: 200, body: 'done' });
    await closed;
  });
});
