import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../config/index.js';
import { seedFlags } from '../../../flags/index.js';
import { RouteTable } from '../../../proxy/index.js';
import { createAdminServer } from '../../../admin/index.js';
import { dashboardRoutes, SESSION_COOKIE } from '../../../admin/index.js';
import { openStore } from '../../../store/index.js';
import type { Store } from '../../../store/index.js';
import type { RequestEvent } from '../../../model/index.js';
import { sqliteFixture } from '../../store/fixtures.js';
import type { Fixture } from '../../store/fixtures.js';
import { fixedResults } from '../../reports/fixtures/shadow-results.js';

const TOKEN = 'dashboard-token-0123456789abcdef';
const NOW = 1_700_000_100_000;

function event(i: number): RequestEvent {
  return {
    id: `e${i}`, ts: NOW - 60_000 + i, operatorId: 'op1', caseId: '1', method: 'GET', routeId: 'item-detail', path: '/api/items/1',
    status: 200, latencyMs: 10, servedBy: 'legacy', arm: 'shadow', fallback: false, instance: 'test',
  };
}

const csrfOf = (html: string): string => /name="csrf" value="([^"]+)"/.exec(html)![1];

describe('dashboard routes', () => {
  let fx: Fixture;
  let store: Store;
  let app: FastifyInstance;
  let cookie: string;
  let csrf: string;
  let changed = 0;

  const form = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'POST', url, headers: { cookie: `${SESSION_COOKIE}=${cookie}`, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  const get = (url: string) => app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${cookie}` } });

  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    const config = loadConfig({
      overrides: {
        legacy: 'http://127.0.0.1:9',
        candidate: { url: 'http://127.0.0.1:9/graphql' },
        routes: [
          { id: 'item-detail', method: 'GET', path: '/api/items/:id', mode: 'shadow', sample: 1, adapter: 'item' },
          { id: 'user-show', method: 'GET', path: '/api/users/:id', mode: 'legacy' },
        ],
        gate: { minSamples: 3, minMatch: 0.9, maxErrorRate: 0.1 },
        aht: { cases: [{ name: 'inquiry', start: 'GET /api/items/:id', end: ['POST /api/items/:id/reply'], param: 'id' }] },
      },
      env: { STRANGLER_ADMIN_TOKEN: TOKEN },
    });
    await seedFlags(store, config.routes);
    await store.insertShadowResults(fixedResults());
    await store.insertEvents([event(1), event(2), event(3)]);
    // The real admin server: it hands the dashboard its config, route table and bearer check.
    app = await createAdminServer({
      config, routeTable: RouteTable.compile(config.routes), registry: new Registry(), metricsText: async () => '', reachable: async () => true,
      logger: pino({ level: 'silent' }), plugins: [dashboardRoutes({ store, now: () => NOW, onFlagChanged: () => changed++ })],
    });
  });
  afterAll(async () => {
    await app?.close();
    await store?.close();
    await fx?.cleanup();
  });

  it('sends a visitor without a session to the login page, and the JSON answers 401', async () => {
    const page = await app.inject({ method: 'GET', url: '/dashboard' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/dashboard/login');
    const api = await app.inject({ method: 'GET', url: '/dashboard/api/routes' });
    expect(api.statusCode).toBe(401);
    expect(api.json().code).toBe('RPT_ERR_NO_SESSION');
  });

  it('refuses a wrong token without a cookie', async () => {
    const res = await app.inject({ method: 'POST', url: '/dashboard/login', payload: { token: 'nope' } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('refuses a login posted from another site', async () => {
    const res = await app.inject({ method: 'POST', url: '/dashboard/login', headers: { origin: 'http://evil.example' }, payload: { token: TOKEN } });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('RPT_ERR_CROSS_SITE');
  });

  it('logs in with the token: an HttpOnly, SameSite=Strict cookie holding a random session id', async () => {
    const res = await app.inject({
      method: 'POST', url: '/dashboard/login', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: `token=${TOKEN}`,
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/dashboard');
    const c = res.cookies.find((x) => x.name === SESSION_COOKIE)!;
    expect(c).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/dashboard' });
    expect(c.value).not.toContain(TOKEN);
    expect(c.value.length).toBeGreaterThanOrEqual(40);
    cookie = c.value;
  });

  it('shows the route table with mode, traffic, match rate and gate, under a strict CSP', async () => {
    const res = await get('/dashboard');
    expect(res.statusCode).toBe(200);
    const nonce = /<script nonce="([^"]+)">/.exec(res.body)![1];
    expect(res.headers['content-security-policy']).toContain(`script-src 'nonce-${nonce}'`);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    // Regression: under `no-referrer` Chromium posts forms with `Origin: null` and every mutation was refused as cross-site.
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.body).toMatch(/<tr data-route="item-detail">.*<td data-k="mode">shadow<\/td>.*<td class="num" data-k="traffic">3<\/td><td class="num" data-k="samples">8<\/td><td class="num" data-k="match">37\.5%<\/td>.*not ready/);
    expect(res.body).toMatch(/<tr data-route="user-show">.*<td data-k="mode">legacy<\/td>/);
    csrf = csrfOf(res.body);
    const api = await get('/dashboard/api/routes');
    expect(api.json().routes.map((r: { routeId: string; samples: number }) => [r.routeId, r.samples])).toEqual([['item-detail', 8], ['user-show', 0]]);
  });

  it('regression: `/dashboard/` (the URL the demo prints) answers like `/dashboard`, it was a 404', async () => {
    const slash = await get('/dashboard/');
    expect(slash.statusCode).toBe(200);
    expect(slash.body).toMatch(/<tr data-route="item-detail">/);
    const anonymous = await app.inject({ method: 'GET', url: '/dashboard/' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/dashboard/login');
  });

  it('draws a route over time: traffic and the gate match rate per bucket, agreeing with the route table', async () => {
    const api = await get('/dashboard/api/routes/item-detail/series?since=10m&bucket=1m');
    expect(api.statusCode).toBe(200);
    const { buckets } = api.json() as { buckets: { start: number; requests: number; samples: number; matchRate: number | null }[] };
    expect(buckets).toHaveLength(10);
    expect(buckets.map((b) => b.start - buckets[0]!.start)).toEqual([...Array(10).keys()].map((i) => i * 60_000));
    // The same 8 results and 37.5 % as the route table: the series counts with the gate.
    expect(buckets.reduce((n, b) => n + b.samples, 0)).toBe(8);
    expect(buckets.filter((b) => b.samples > 0).map((b) => b.matchRate)).toEqual([0.375]);
    expect(buckets.reduce((n, b) => n + b.requests, 0)).toBe(3);
    expect(buckets.filter((b) => b.samples === 0).every((b) => b.matchRate === null)).toBe(true);
    const page = await get('/dashboard/routes/item-detail/series?since=10m&bucket=1m');
    expect(page.statusCode).toBe(200);
    expect(page.body.match(/<svg /g)).toHaveLength(2);
    expect((await get('/dashboard/routes/no-such-route/series')).statusCode).toBe(404);
    expect((await get('/dashboard/api/routes/item-detail/series?since=soon')).json().code).toBe('STORE_ERR_BAD_DURATION');
  });

  it('lets a script read the JSON with the admin bearer token', async () => {
    const res = await app.inject({ method: 'GET', url: '/dashboard/api/routes', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(res.statusCode).toBe(200);
    expect(res.json().routes).toHaveLength(2);
    const bad = await app.inject({ method: 'GET', url: '/dashboard/api/routes', headers: { authorization: 'Bearer wrong' } });
    expect(bad.statusCode).toBe(401);
  });

  it('refuses a mutation without the CSRF token, or from another site', async () => {
    const fields = { mode: 'shadow', sample: '0.5', reason: 'start' };
    const noToken = await form('/dashboard/routes/user-show/confirm', fields);
    expect(noToken.statusCode).toBe(403);
    expect(noToken.body).toContain('RPT_ERR_CSRF');
    const wrong = await form('/dashboard/routes/user-show/apply', { ...fields, csrf: `${csrf}x` });
    expect(wrong.statusCode).toBe(403);
    const origin = await form('/dashboard/routes/user-show/apply', { ...fields, csrf }, { origin: 'http://evil.example' });
    expect(origin.statusCode).toBe(403);
    expect(origin.body).toContain('RPT_ERR_CROSS_SITE');
    const fetchMeta = await form('/dashboard/routes/user-show/apply', { ...fields, csrf }, { 'sec-fetch-site': 'cross-site' });
    expect(fetchMeta.statusCode).toBe(403);
    expect((await store.listFlags()).find((f) => f.routeId === 'user-show')!.mode).toBe('legacy');
  });

  it('changes a flag through the confirmation step and writes the audit row', async () => {
    const confirm = await form('/dashboard/routes/user-show/confirm', { mode: 'shadow', percent: '0', sample: '0.5', reason: 'start shadowing', csrf }, { origin: 'http://localhost:80', 'sec-fetch-site': 'same-origin' });
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('Confirm change');
    expect(confirm.body).toContain('<h2>Gate</h2>');
    // Nothing changes before the confirmation.
    expect((await store.listFlags()).find((f) => f.routeId === 'user-show')!.mode).toBe('legacy');
    const hidden = Object.fromEntries([...confirm.body.matchAll(/<input type="hidden" name="(\w+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(hidden).toEqual({ csrf, mode: 'shadow', percent: '0', sample: '0.5', reason: 'start shadowing' });
    const apply = await form('/dashboard/routes/user-show/apply', hidden);
    expect(apply.statusCode).toBe(303);
    expect(apply.headers.location).toBe('/dashboard?changed=user-show');
    expect((await store.listFlags()).find((f) => f.routeId === 'user-show')).toMatchObject({ mode: 'shadow', sample: 0.5, updatedBy: 'admin' });
    expect((await store.flagHistory('user-show')).at(-1)).toMatchObject({ actor: 'admin', reason: 'start shadowing', from: { mode: 'legacy' }, to: { mode: 'shadow' } });
    expect(changed).toBe(1);
    const audit = await get('/dashboard/audit');
    expect(audit.body).toContain('start shadowing');
  });

  it('runs the gate first: a failing promotion has no confirm button and is refused unless forced with a reason', async () => {
    const fields = { mode: 'canary', percent: '10', sample: '1', reason: 'try the canary', csrf };
    const confirm = await form('/dashboard/routes/item-detail/confirm', fields);
    expect(confirm.statusCode).toBe(200);
    expect(confirm.body).toContain('not ready');
    expect(confirm.body).not.toContain('Confirm change');
    const crafted = await form('/dashboard/routes/item-detail/apply', fields);
    expect(crafted.statusCode).toBe(409);
    expect(crafted.body).toContain('FLAG_ERR_GATE_FAILED');
    const noReason = await form('/dashboard/routes/item-detail/confirm', { ...fields, reason: '', force: 'on' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.body).toContain('RPT_ERR_FORCE_REASON');
    const forced = await form('/dashboard/routes/item-detail/confirm', { ...fields, force: 'on' });
    expect(forced.body).toContain('Confirm change');
    const apply = await form('/dashboard/routes/item-detail/apply', { ...fields, force: 'on' });
    expect(apply.statusCode).toBe(303);
    expect((await store.listFlags()).find((f) => f.routeId === 'item-detail')).toMatchObject({ mode: 'canary', percent: 10 });
    expect((await store.flagHistory('item-detail')).at(-1)!.reason).toContain('forced past the gate');
  });

  it('browses diffs by route and path and opens an example, without raw PII', async () => {
    const list = await get('/dashboard/diffs?route=item-detail');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<code>$.data.items[*].price</code>');
    expect(list.body.match(/>open<\/a>/g)).toHaveLength(5);
    const filtered = await get(`/dashboard/diffs?route=item-detail&path=${encodeURIComponent('user.email')}`);
    expect(filtered.body.match(/>open<\/a>/g)).toHaveLength(1);
    const example = await get('/dashboard/diffs/r010?route=item-detail');
    expect(example.statusCode).toBe(200);
    expect(example.body).toContain('<span class="del">- &quot;redacted shape:aaaa.aaaaaa@aaaaaaa.aaa&quot;</span><span class="add">+ &quot;h:4f2a9c&quot;</span>');
    expect(example.body).not.toContain('taro.yamada@example.com');
    expect((await get('/dashboard/diffs/nope?route=item-detail')).statusCode).toBe(404);
  });

  it('shows the AHT view from the real AHT report', async () => {
    const res = await get('/dashboard/aht?since=7d');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<h1>AHT report</h1>');
    expect(res.body).toContain('<section id="cases">');
    expect((await get('/dashboard/aht?since=soon')).statusCode).toBe(400);
  });

  it('logs out: the session no longer opens pages', async () => {
    const res = await form('/dashboard/logout', { csrf });
    expect(res.statusCode).toBe(303);
    expect((await get('/dashboard')).statusCode).toBe(303);
  });
});
