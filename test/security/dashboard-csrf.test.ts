import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { startStrangler, type RunningStrangler } from '../../runtime/index.js';
import { startRecordingLegacy, type RecordingLegacy } from '../e2e/http-edge/recording-legacy.js';

const TOKEN = 'csrf-test-token-0123456789abcdef';
const dir = mkdtempSync(join(tmpdir(), 'strangler-security-csrf-'));
let legacy: RecordingLegacy;
let s: RunningStrangler;
let admin: string;
let cookie: string;
let csrf: string;

async function post(path: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<{ status: number; body: string; location: string | null }> {
  const res = await fetch(`${admin}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.status, body: await res.text(), location: res.headers.get('location') };
}
const mode = async (): Promise<string> => (await s.store.listFlags()).find((f) => f.routeId === 'item-detail')!.mode;

beforeAll(async () => {
  legacy = await startRecordingLegacy();
  const config = loadConfig({
    overrides: {
      legacy: legacy.url, server: { port: 0, host: '127.0.0.1' }, admin: { port: 0, host: '127.0.0.1' },
      store: { url: `sqlite:${join(dir, 's.db')}` },
      routes: [{ id: 'item-detail', method: 'GET', path: '/api/items/:id' }],
    },
    env: { STRANGLER_ADMIN_TOKEN: TOKEN },
  });
  s = await startStrangler(config, { logger: pino({ level: 'silent' }) });
  admin = `http://127.0.0.1:${s.proxy.adminPort}`;
  const login = await post('/dashboard/login', { token: TOKEN }, { origin: admin, 'sec-fetch-site': 'same-origin' });
  expect(login.status).toBe(303);
  // fetch exposes set-cookie through getSetCookie; log in again to read it
  const res = await fetch(`${admin}/dashboard/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` });
  cookie = res.headers.getSetCookie()[0].split(';')[0];
  const form = await (await fetch(`${admin}/dashboard/routes/item-detail/change`, { headers: { cookie } })).text();
  csrf = /name="csrf" value="([^"]+)"/.exec(form)![1];
});
afterAll(async () => {
  await s.close();
  await legacy.close();
  rmSync(dir, { recursive: true, force: true });
});

const change = { mode: 'shadow', percent: '0', sample: '1', reason: 'csrf test', force: 'on' };

describe('dashboard mutations refuse cross-site requests', () => {
  it.each([
    ['a foreign Origin', { origin: 'http://evil.example' }, 'RPT_ERR_CROSS_SITE'],
    ['Origin: null (sandboxed frame, data: URL)', { origin: 'null' }, 'RPT_ERR_CROSS_SITE'],
    ['the admin origin on another port', { origin: 'http://127.0.0.1:1' }, 'RPT_ERR_CROSS_SITE'],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }, 'RPT_ERR_CROSS_SITE'],
    ['Sec-Fetch-Site: same-site', { 'sec-fetch-site': 'same-site' }, 'RPT_ERR_CROSS_SITE'],
  ])('%s with a valid session and CSRF token: 403 RPT_ERR_CROSS_SITE, flag unchanged', async (_n, headers, code) => {
    const res = await post('/dashboard/routes/item-detail/apply', { ...change, csrf }, { cookie, ...headers });
    expect(res.status).toBe(403);
    expect(res.body).toContain(code);
    expect(await mode()).toBe('legacy');
  });

  it.each([
    ['no CSRF token', {}],
    ['a wrong CSRF token', { csrf: 'x'.repeat(43) }],
    ['an empty CSRF token', { csrf: '' }],
  ])('%s from the same origin: 403 RPT_ERR_CSRF, flag unchanged', async (_n, extra) => {
    const res = await post('/dashboard/routes/item-detail/apply', { ...change, ...extra }, { cookie, origin: admin });
    expect(res.status).toBe(403);
    expect(res.body).toContain('RPT_ERR_CSRF');
    expect(await mode()).toBe('legacy');
  });

  it('no session at all: 401 RPT_ERR_NO_SESSION', async () => {
    const res = await post('/dashboard/routes/item-detail/apply', { ...change, csrf });
    expect(res.status).toBe(401);
    expect(res.body).toContain('RPT_ERR_NO_SESSION');
  });

  it('a cross-site login (login CSRF) is refused before the token is looked at', async () => {
    const res = await post('/dashboard/login', { token: TOKEN }, { origin: 'http://evil.example' });
    expect(res.status).toBe(403);
    expect(res.body).toContain('RPT_ERR_CROSS_SITE');
  });

  it('the session cookie is HttpOnly, SameSite=Strict, scoped to /dashboard and holds no token', async () => {
    const res = await fetch(`${admin}/dashboard/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `token=${TOKEN}` });
    const set = res.headers.getSetCookie()[0];
    expect(set).toMatch(/HttpOnly/i);
    expect(set).toMatch(/SameSite=Strict/i);
    expect(set).toMatch(/Path=\/dashboard/);
    expect(set).not.toContain(TOKEN);
  });

  it('the same change from the same origin with the token applies (the checks above can pass)', async () => {
    const res = await post('/dashboard/routes/item-detail/apply', { ...change, csrf }, { cookie, origin: admin, 'sec-fetch-site': 'same-origin' });
    expect(res.status).toBe(303);
    expect(await mode()).toBe('shadow');
  });

  it('the JSON flags API needs the bearer token: cross-site simple posts (text/plain JSON, a form) change nothing', async () => {
    const plain = await fetch(`${admin}/api/flags/item-detail`, { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'http://evil.example', cookie }, body: JSON.stringify({ mode: 'new', reason: 'x', force: true }) });
    expect(plain.status).toBe(401);
    const form = await post('/api/flags/item-detail', { mode: 'new', reason: 'x' }, { origin: 'http://evil.example', cookie });
    expect(form.status).toBeGreaterThanOrEqual(400);
    expect(await mode()).toBe('shadow');
  });
});
