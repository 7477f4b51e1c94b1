import http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLegacyFixture, type LegacyFixture } from './legacy-fixture.js';
import { endToEndHeaders, request, startStrangler } from './harness.js';
import type { RunningProxy } from '../../../proxy/index.js';
import type { RequestEvent } from '../../../model/request-event.js';

let legacy: LegacyFixture;
let proxy: RunningProxy;
let events: RequestEvent[];
let base: string;

beforeAll(async () => {
  legacy = await startLegacyFixture();
  ({ proxy, events, base } = await startStrangler(legacy.url, {
    server: { port: 0, host: '127.0.0.1', maxBodyBytes: 200 * 1024 * 1024, maxHeaderBytes: 8192 },
    routes: [{ id: 'inquiry', method: 'GET', path: '/api/inquiries/:id' }],
    aht: { cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' }] },
  }));
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

type Echo = { method: string; url: string; headers: Record<string, string>; bytes: number; sha256: string };
const echo = (body: Buffer) => JSON.parse(body.toString('utf8')) as Echo;

describe('passthrough: what the operator sees equals legacy, byte for byte', () => {
  it('keeps status, body and every header (several Set-Cookie, Location, charset) unchanged', async () => {
    const direct = await request(legacy.url, '/cookies');
    const proxied = await request(base, '/cookies');
    expect(proxied.status).toBe(302);
    expect(proxied.statusMessage).toBe(direct.statusMessage);
    expect(endToEndHeaders(proxied.rawHeaders)).toEqual(endToEndHeaders(direct.rawHeaders));
    expect(proxied.headers['set-cookie']).toEqual(['a=1; Path=/; HttpOnly', 'b=2; Path=/; Secure', 'c=3']);
    expect(proxied.body.equals(direct.body)).toBe(true);
  });

  it('never decompresses: a gzip body arrives as legacy sent it', async () => {
    const direct = await request(legacy.url, '/gzip', { headers: { 'accept-encoding': 'gzip' } });
    const proxied = await request(base, '/gzip', { headers: { 'accept-encoding': 'gzip' } });
    expect(proxied.headers['content-encoding']).toBe('gzip');
    expect(proxied.body.equals(direct.body)).toBe(true);
    expect(endToEndHeaders(proxied.rawHeaders)).toEqual(endToEndHeaders(direct.rawHeaders));
  });

  it('keeps Host, appends X-Forwarded-For and adds X-Forwarded-Proto and -Host', async () => {
    const res = await request(base, '/echo', { headers: { host: 'cs.example.com:8443', 'x-forwarded-for': '10.1.2.3' } });
    const seen = echo(res.body).headers;
    expect(seen.host).toBe('cs.example.com:8443');
    expect(seen['x-forwarded-for']).toBe('10.1.2.3,127.0.0.1');
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe('cs.example.com:8443');
  });

  it.each([
    '/echo/%E6%97%A5%E6%9C%AC?q=%E6%97%A5%E6%9C%AC',
    '/echo/a+b?x=a+b&y=%2B',
    '/echo/list?tag[]=a&tag[]=b',
    '/echo/a%2Fb/c%2fd',
    '//echo//double///slashes/',
    '/echo/./dot/../segments',
    '/echo/%7Euser/%41BC',
    '/ECHO/Case?Q=Mixed',
  ])('sends the raw path and query upstream byte-identical: %s', async (target) => {
    const res = await request(base, target);
    expect(echo(res.body).url).toBe(target);
  });

  it.each([
    ['POST', 'multipart/form-data; boundary=XyZ', Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a.bin"\r\n\r\n\u0000\u0001\u00ff binary\r\n--XyZ--\r\n', 'latin1')],
    ['PUT', 'application/json', Buffer.from('{"a":1}')],
    ['PATCH', 'application/x-www-form-urlencoded', Buffer.from('a=1&b=%E6%97%A5')],
    ['DELETE', 'application/json', Buffer.from('{"reason":"duplicate"}')],
    ['OPTIONS', 'text/plain', Buffer.from('options body')],
  ])('%s bodies arrive intact (Content-Length)', async (method, type, body) => {
    const res = await request(base, '/echo/body', { method, headers: { 'content-type': type, 'content-length': body.length }, body });
    const seen = echo(res.body);
    expect(seen.method).toBe(method);
    expect(seen.bytes).toBe(body.length);
    expect(seen.sha256).toBe(createHash('sha256').update(body).digest('hex'));
  });

  it('a chunked DELETE keeps its body (regression: http-proxy forced Content-Length: 0 on DELETE)', async () => {
    const body = Buffer.from('{"ids":[1,2,3]}');
    const res = await request(base, '/echo/chunked', { method: 'DELETE', headers: { 'transfer-encoding': 'chunked', 'content-type': 'application/json' }, body });
    const seen = echo(res.body);
    expect(seen.bytes).toBe(body.length);
    expect(seen.headers['content-length']).toBeUndefined();
  });

  it('HEAD, 304 and error statuses pass unchanged', async () => {
    for (const [method, path] of [['HEAD', '/echo/head'], ['GET', '/status/304'], ['GET', '/status/500'], ['GET', '/status/503'], ['GET', '/missing'], ['GET', '/status/418']]) {
      const direct = await request(legacy.url, path, { method });
      const proxied = await request(base, path, { method });
      expect(proxied.status).toBe(direct.status);
      // echo answers differ in length only because the proxy adds X-Forwarded-* to what they echo
      const echoes = method === 'HEAD' || path === '/missing';
      const keep = ([k]: [string, string]) => k !== 'content-length' || !echoes;
      expect(endToEndHeaders(proxied.rawHeaders).filter(keep)).toEqual(endToEndHeaders(direct.rawHeaders).filter(keep));
      if (!path.startsWith('/missing')) expect(proxied.body.equals(direct.body)).toBe(true);
    }
  });

  it('streams a flushed response chunk by chunk, as legacy writes it', async () => {
    const url = new URL(base);
    const received: string[] = [];
    const done = new Promise<string>((resolve, reject) => {
      const req = http.get({ host: url.hostname, port: url.port, path: '/stream', agent: false }, (res) => {
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          received.push(c);
          // legacy writes its next piece only after the previous one reached the client
          legacy.release();
        });
        res.on('end', () => resolve(received.join('')));
      });
      req.on('error', reject);
    });
    expect(await done).toBe('first;second;last');
    expect(received).toEqual(['first;', 'second;', 'last']);
  });

  it('passes WebSocket upgrades through', async () => {
    const url = new URL(base);
    const reply = await new Promise<string>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: '/ws/chat?room=1', headers: { connection: 'Upgrade', upgrade: 'websocket' }, agent: false });
      req.on('upgrade', (res, socket) => {
        expect(res.statusCode).toBe(101);
        expect(res.headers['x-upgrade-url']).toBe('/ws/chat?room=1');
        socket.once('data', (d: Buffer) => {
          socket.destroy();
          resolve(d.toString());
        });
        socket.write('ping-frame');
      });
      req.on('error', reject);
      req.end();
    });
    expect(reply).toBe('ping-frame');
  });

  it('pushes exactly one event per request with route, case, operator and raw path', async () => {
    events.length = 0;
    await request(base, '/api/Inquiries/%34%32?tab=1', { headers: { 'x-operator-id': 'op-7' } });
    await request(base, '/api/inquiries/42/reply', { method: 'POST', headers: { 'content-length': 2 }, body: 'ok' });
    await new Promise((r) => setTimeout(r, 20));
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ method: 'GET', routeId: 'inquiry', caseId: '42', operatorId: 'op-7', path: '/api/Inquiries/%34%32', status: 200, servedBy: 'legacy', arm: 'legacy', fallback: false });
    expect(events[1]).toMatchObject({ method: 'POST', routeId: null, caseId: '42', operatorId: null, path: '/api/inquiries/42/reply' });
    expect(typeof events[0].id).toBe('string');
    // an absolute-form target is the same resource: same route and case, and legacy gets the target as sent
    events.length = 0;
    const absolute = await request(base, `http://cs.example.com/api/inquiries/42`);
    expect(echo(absolute.body).url).toBe('http://cs.example.com/api/inquiries/42');
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(1);
    expect(events[0]).toMatchObject({ routeId: 'inquiry', caseId: '42', path: '/api/inquiries/42' });
    expect(events[0].latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('a client that aborts a download does not crash the proxy, and legacy’s side is stopped', async () => {
    const before = legacy.aborted;
    events.length = 0;
    const url = new URL(base);
    await new Promise<void>((resolve) => {
      const req = http.get({ host: url.hostname, port: url.port, path: `/big?size=${50 * 1024 * 1024}`, agent: false }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', () => resolve());
    });
    await expect.poll(() => legacy.aborted, { timeout: 5_000 }).toBeGreaterThan(before);
    await expect.poll(() => events.length, { timeout: 5_000 }).toBe(1);
    expect(events[0].status).toBe(499);
    expect((await request(base, '/echo/after-abort')).status).toBe(200);
  });

  it('refuses bodies over maxBodyBytes (413) and heads over maxHeaderBytes (431) with a code', async () => {
    const big = await request(base, '/echo', { method: 'POST', headers: { 'content-length': 300 * 1024 * 1024 } });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body.toString()).error.code).toBe('PRX_ERR_BODY_TOO_LARGE');
    const head = await request(base, '/echo', { headers: { cookie: 'x='.padEnd(10_000, 'y') } });
    expect(head.status).toBe(431);
    expect(JSON.parse(head.body.toString()).error.code).toBe('PRX_ERR_HEADER_TOO_LARGE');
  });

  it('streams 100 MB up and 100 MB down without holding them in memory', async () => {
    const size = 100 * 1024 * 1024;
    global.gc?.();
    const rssBefore = process.memoryUsage().rss;
    let peak = rssBefore;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const url = new URL(base);
    const chunk = Buffer.alloc(256 * 1024, 7);
    const upload = await new Promise<Echo>((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, path: '/echo/upload', method: 'POST', headers: { 'content-length': size }, agent: false }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(echo(Buffer.concat(parts))));
      });
      req.on('error', reject);
      Readable.from((function* () { for (let sent = 0; sent < size; sent += chunk.length) yield chunk; })()).pipe(req);
    });
    expect(upload.bytes).toBe(size);
    let downloaded = 0;
    await new Promise<void>((resolve, reject) => {
      http.get({ host: url.hostname, port: url.port, path: `/big?size=${size}`, agent: false }, (res) => {
        res.on('data', (c: Buffer) => (downloaded += c.length));
        res.on('end', resolve);
      }).on('error', reject);
    });
    clearInterval(sampler);
    expect(downloaded).toBe(size);
    // Both 100 MB transfers went through this process (client, proxy and legacy); buffering either one
    // would hold >= 100 MB at once. Streaming churn measured ~40 MB before GC catches up.
    expect(peak - rssBefore).toBeLessThan(80 * 1024 * 1024);
  });

  it('nothing of the admin API is reachable on the public port', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics']) {
      const res = await request(base, path);
      expect(echo(res.body).url).toBe(path); // it went to legacy, like any other path
    }
  });
});

describe('legacy down and back', () => {
  it('answers 502 with a coded JSON body within 5 s, and recovers by itself', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise((r) => probe.close(r));
    const down = await startStrangler(`http://127.0.0.1:${port}`);
    try {
      const started = Date.now();
      const res = await request(down.base, '/echo/x');
      expect(res.status).toBe(502);
      expect(res.headers['content-type']).toContain('application/json');
      expect(JSON.parse(res.body.toString()).error.code).toBe('PRX_ERR_UPSTREAM');
      expect(Date.now() - started).toBeLessThan(5_000);
      // Regression: legacy unreachable used to make /readyz 503, so a legacy blip took every instance out
      // of rotation at once. It is reported in the body but no longer fails readiness.
      const unready = await request(down.admin, '/readyz');
      expect(unready.status).toBe(200);
      expect(JSON.parse(unready.body.toString()).legacy).toBe('unreachable');

      const back = await startLegacyFixture(port);
      try {
        const ok = await request(down.base, '/echo/x');
        expect(ok.status).toBe(200);
        const ready = await request(down.admin, '/readyz');
        expect(ready.status).toBe(200);
        expect(JSON.parse(ready.body.toString()).legacy).toBe('reachable');
      } finally {
        await back.close();
      }
      const metrics = (await request(down.admin, '/metrics')).body.toString();
      expect(metrics).toMatch(/strangler_upstream_errors_total\{route="-",code="PRX_ERR_UPSTREAM"\} 1/);
    } finally {
      await down.proxy.close();
    }
  });

  it('answers 504 with a code when legacy stays silent past legacy.timeoutMs; shorter waits are not cut', async () => {
    const slow = await startStrangler(legacy.url, { legacy: { url: legacy.url, timeoutMs: 400 } });
    try {
      expect((await request(slow.base, '/slow?ms=150')).status).toBe(200);
      const cut = await request(slow.base, '/slow?ms=2000');
      expect(cut.status).toBe(504);
      expect(JSON.parse(cut.body.toString()).error.code).toBe('PRX_ERR_UPSTREAM_TIMEOUT');
      expect(slow.proxy.config.legacy.timeoutMs).toBe(400);
    } finally {
      await slow.proxy.close();
    }
  });
});
