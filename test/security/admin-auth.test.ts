import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { startStrangler, type RunningStrangler } from '../../runtime/index.js';
import { startRecordingLegacy, type RecordingLegacy } from '../e2e/http-edge/recording-legacy.js';

const TOKEN = 'security-test-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'strangler-security-admin-'));
let legacy: RecordingLegacy;
const running: RunningStrangler[] = [];

const logLines: string[] = [];

async function start(admin: Record<string, unknown>, env: Record<string, string> = {}): Promise<RunningStrangler> {
  const config = loadConfig({
    overrides: {
      legacy: legacy.url,
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: 0, ...admin },
      store: { url: `sqlite:${join(dir, `s${running.length}.db`)}` },
      routes: [{ id: 'item-detail', method: 'GET', path: '/api/items/:id' }],
    },
    env,
  });
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logLines.push(chunk.toString()); done(); } });
  const s = await startStrangler(config, { logger: pino({ level: 'info' }, sink) });
  running.push(s);
  return s;
}

/** fetch without following redirects, with an explicit Host header when asked. */
async function call(url: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<{ status: number; body: string; headers: Headers }> {
  const res = await fetch(url, { redirect: 'manual', ...init });
  return { status: res.status, body: await res.text(), headers: res.headers };
}
const codeOf = (body: string): string | undefined => {
  const j = JSON.parse(body) as { error?: { code?: string }; code?: string };
  return j.error?.code ?? j.code;
};

beforeAll(async () => {
  legacy = await startRecordingLegacy();
});
afterAll(async () => {
  for (const s of running) await s.close();
  await legacy.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('admin API with a token', () => {
  let admin: string;
  let pub: string;
  beforeAll(async () => {
    const s = await start({ host: '127.0.0.1' }, { STRANGLER_ADMIN_TOKEN: TOKEN });
    admin = `http://127.0.0.1:${s.proxy.adminPort}`;
    pub = `http://127.0.0.1:${s.proxy.port}`;
  });

  it.each([
    ['no Authorization', {}],
    ['a wrong token', { authorization: 'Bearer wrong-token-0123456789abcdef' }],
    ['the token with one character changed', { authorization: `Bearer ${TOKEN.slice(0, -1)}X` }],
    ['a prefix of the token', { authorization: `Bearer ${TOKEN.slice(0, 8)}` }],
    ['the token as Basic', { authorization: `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}` }],
    ['the token without the scheme', { authorization: TOKEN }],
    ['the token as a cookie', { cookie: `token=${TOKEN}` }],
  ])('%s: 401 PRX_ERR_UNAUTHORIZED on reads and changes', async (_name, headers) => {
    const read = await call(`${admin}/api/flags`, { headers });
    expect(read.status).toBe(401);
    expect(codeOf(read.body)).toBe('PRX_ERR_UNAUTHORIZED');
    const change = await call(`${admin}/api/flags/item-detail`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'shadow', reason: 'x' }) });
    expect(change.status).toBe(401);
  });

  it('admin log lines carry neither the token nor the query string', async () => {
    await call(`${admin}/dashboard/diffs?path=taro%40example.jp`, { headers: { authorization: `Bearer ${TOKEN}` } });
    await call(`${admin}/api/flags?x=secret-query-value`, { headers: { authorization: `Bearer ${TOKEN}`, cookie: 'sid=cookie-value-123' } });
    await new Promise((r) => setTimeout(r, 100));
    const text = logLines.join('');
    expect(text).toContain('admin request');
    for (const secret of [TOKEN, 'taro', 'secret-query-value', 'cookie-value-123']) expect(text).not.toContain(secret);
  });

  it('the right token reads the flags', async () => {
    const res = await call(`${admin}/api/flags`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.status).toBe(200);
    expect(res.body).toContain('item-detail');
  });

  it('admin endpoints are unreachable through the public port: each goes to legacy', async () => {
    for (const path of ['/healthz', '/readyz', '/metrics', '/api/flags', '/api/flags/item-detail', '/dashboard/', '/dashboard/login', '/dashboard/api/routes']) {
      const before = legacy.requests.length;
      const res = await call(`${pub}${path}`, { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.body).toBe(`legacy ${path}`);
      expect(legacy.requests.length).toBe(before + 1);
    }
  });

  it('token checks hash both sides to equal length and compare with timingSafeEqual, every token (code review pinned)', () => {
    for (const file of ['admin/admin-auth.ts', 'admin/dashboard/match-token.ts']) {
      const src = readFileSync(join(process.cwd(), file), 'utf8');
      expect(src).toMatch(/createHash\('sha256'\)/);
      expect(src).toMatch(/timingSafeEqual\(/);
      // no early return or break inside the loop over tokens, and no plain === on token text
      expect(src).not.toMatch(/===\s*(t|k)\.token|token\s*===/);
      expect(src).not.toMatch(/for \([^)]*\) \{?[^}]*(break|return)[^}]*timingSafeEqual/);
    }
  });
});

describe('admin API with no token configured', () => {
  it('on a loopback admin host: reads pass, changes get 403 PRX_ERR_ADMIN_DISABLED, the dashboard lets nobody in', async () => {
    const s = await start({ host: '127.0.0.1' });
    const admin = `http://127.0.0.1:${s.proxy.adminPort}`;
    expect((await call(`${admin}/api/flags`)).status).toBe(200);
    const change = await call(`${admin}/api/flags/item-detail`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mode: 'shadow', reason: 'x' }) });
    expect(change.status).toBe(403);
    expect(codeOf(change.body)).toBe('PRX_ERR_ADMIN_DISABLED');
    const login = await call(`${admin}/dashboard/login`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'token=' });
    expect(login.status).toBeGreaterThanOrEqual(400);
    expect((await call(`${admin}/dashboard`)).status).toBe(303);
  });

  it('regression (anonymous reads open on a non-loopback admin host): every call gets 401 PRX_ERR_ADMIN_TOKEN_REQUIRED', async () => {
    const s = await start({ host: '0.0.0.0' });
    const admin = `http://127.0.0.1:${s.proxy.adminPort}`;
    for (const path of ['/api/flags', '/api/flags/history', '/dashboard/api/routes']) {
      const res = await call(`${admin}${path}`, { headers: { authorization: 'Bearer anything-at-all-0123456789' } });
      expect(res.status).toBe(401);
      expect(codeOf(res.body)).toBe('PRX_ERR_ADMIN_TOKEN_REQUIRED');
    }
    // probes stay open for load balancers and Prometheus
    expect((await call(`${admin}/healthz`)).status).toBe(200);
  });

  it('on loopback, a foreign Host header (DNS rebinding from a web page) is refused too', async () => {
    const s = await start({ host: '127.0.0.1' });
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      // fetch does not let us set Host; node:http does
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: s.proxy.adminPort!, path: '/api/flags', headers: { host: `rebind.attacker.example:${s.proxy.adminPort}` } }, (r) => {
          let body = '';
          r.on('data', (c: Buffer) => (body += c.toString()));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end();
      }, reject);
    });
    expect(res.status).toBe(401);
    expect(codeOf(res.body)).toBe('PRX_ERR_ADMIN_TOKEN_REQUIRED');
  });
});
