import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { loadConfig } from '../../../config/index.js';
import { startProxy, type RunningProxy } from '../../../proxy/index.js';
import { openStore, type Store } from '../../../store/index.js';
import { type RequestEvent } from '../../../model/index.js';
import { hasPhp, startPhpLegacy, type PhpLegacy } from './php-legacy.js';

// operator.from: session against a real PHP app (php -S, file sessions): the operator is learned from
// legacy's own login through the proxy, kept in the store, and shared by two proxy instances.
const php = await hasPhp();
if (!php) console.warn('[identity] php not installed: session identity e2e skipped (apt-get install php-cli)');

interface Instance {
  proxy: RunningProxy;
  events: RequestEvent[];
  base: string;
}

let legacy: PhpLegacy;
let store: Store;
let dir: string;
let a: Instance;
let b: Instance;
let withWhoami: Instance;
let jsonLogin: Instance;

async function startInstance(name: string, whoami: boolean, loginRule?: Record<string, unknown>): Promise<Instance> {
  const config = loadConfig({
    overrides: {
      instance: name,
      legacy: legacy.url,
      server: { host: '127.0.0.1', port: 0 },
      admin: { port: null },
      shadow: { redact: { secret: 'test-key-for-session-hashes' } },
      operator: {
        from: 'session',
        cookie: 'PHPSESSID',
        login: loginRule ?? { route: 'POST /login', field: 'login_id' },
        ...(whoami ? { whoami: { route: 'GET /api/me', path: '$.data.login_id' } } : {}),
      },
    },
  });
  const events: RequestEvent[] = [];
  const proxy = await startProxy(config, {
    logger: pino({ level: 'silent' }),
    eventSink: { push: (e) => events.push(e) },
    sessionStore: store,
  });
  return { proxy, events, base: `http://127.0.0.1:${proxy.port}` };
}

async function lastEvent(events: RequestEvent[], n: number): Promise<RequestEvent> {
  for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
  expect(events.length).toBe(n);
  return events[n - 1];
}

/** Log in through `via` (or straight at legacy); returns the new session id legacy set, if any. */
async function login(base: string, loginId: string, password: string, cookie?: string): Promise<{ status: number; location: string | null; session: string | null }> {
  const res = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams({ login_id: loginId, password }).toString(),
  });
  await res.arrayBuffer();
  const session = res.headers.getSetCookie().map((c) => /^PHPSESSID=([^;]+)/.exec(c)?.[1]).find((v) => v !== undefined) ?? null;
  return { status: res.status, location: res.headers.get('location'), session };
}

async function view(inst: Instance, cookie: string): Promise<{ status: number; event: RequestEvent }> {
  const n = inst.events.length;
  const res = await fetch(`${inst.base}/api/inquiries/7`, { headers: { cookie } });
  await res.arrayBuffer();
  return { status: res.status, event: await lastEvent(inst.events, n + 1) };
}

describe.skipIf(!php)('operator identity from the legacy PHP session (operator.from: session)', () => {
  beforeAll(async () => {
    legacy = await startPhpLegacy();
    dir = mkdtempSync(join(tmpdir(), 'strangler-identity-'));
    store = await openStore(`sqlite:${join(dir, 'strangler.db')}`);
    a = await startInstance('a', false);
    b = await startInstance('b', false);
    withWhoami = await startInstance('c', true);
    jsonLogin = await startInstance('d', false, { route: 'POST /api/login', field: 'login_id', success: { status: [200] } });
  });
  afterAll(async () => {
    await Promise.all([a?.proxy.close(), b?.proxy.close(), withWhoami?.proxy.close(), jsonLogin?.proxy.close()]);
    await store?.close();
    await legacy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('binds the session legacy sets at a successful login, and the login event carries the operator', async () => {
    const n = a.events.length;
    const out = await login(a.base, 'alice', 'secret');
    expect(out).toMatchObject({ status: 302, location: '/inquiries' });
    expect(out.session).not.toBeNull();
    expect(await lastEvent(a.events, n + 1)).toMatchObject({ method: 'POST', path: '/login', operatorId: 'alice' });

    const seen = await view(a, `PHPSESSID=${out.session}`);
    expect(seen.status).toBe(200);
    expect(seen.event.operatorId).toBe('alice');
  });

  it('another instance knows the binding from the store; only a hash of the session id is stored', async () => {
    const out = await login(a.base, 'bob', 'secret');
    const seen = await view(b, `PHPSESSID=${out.session}`);
    expect(seen).toMatchObject({ status: 200, event: { operatorId: 'bob' } });
    const rows = await store.query<{ session_hash: string; operator_id: string; source: string }>('SELECT session_hash, operator_id, source FROM operator_sessions');
    expect(rows.map((r) => r.operator_id).sort()).toEqual(['alice', 'bob']);
    for (const r of rows) {
      expect(r.session_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(r.session_hash).not.toContain(out.session!);
    }
  });

  it('a JSON login with its own success rule binds on 200 and not on 401', async () => {
    const post = async (password: string) => {
      const res = await fetch(`${jsonLogin.base}/api/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ login_id: 'gina', password }) });
      await res.arrayBuffer();
      return { status: res.status, session: /^PHPSESSID=([^;]+)/.exec(res.headers.getSetCookie().find((c) => c.startsWith('PHPSESSID=')) ?? '')?.[1] ?? null };
    };
    const refused = await post('wrong');
    expect(refused.status).toBe(401);
    const ok = await post('secret');
    expect(ok.status).toBe(200);
    expect((await view(jsonLogin, `PHPSESSID=${ok.session}`)).event.operatorId).toBe('gina');
  });

  it('a forged cs_operator cookie is ignored: only the session counts', async () => {
    const out = await login(a.base, 'carol', 'secret');
    const forgedBeside = await view(a, `cs_operator=mallory; PHPSESSID=${out.session}`);
    expect(forgedBeside.event.operatorId).toBe('carol');
    const forgedAlone = await view(b, 'cs_operator=mallory; PHPSESSID=not-a-session-legacy-made');
    expect(forgedAlone.event.operatorId).toBeNull();
  });

  it('a failed login (redirect back to /login?error=1) binds nothing', async () => {
    const n = a.events.length;
    const out = await login(a.base, 'dave', 'wrong', 'PHPSESSID=pre-login-session');
    expect(out).toMatchObject({ status: 302, location: '/login?error=1' });
    expect((await lastEvent(a.events, n + 1)).operatorId).toBeNull();
    expect((await view(a, 'PHPSESSID=pre-login-session')).event.operatorId).toBeNull();
  });

  it('whoami attributes a session that began before the proxy, and the binding is stored for every instance', async () => {
    const direct = await login(legacy.url, 'erin', 'secret');
    expect(direct.session).not.toBeNull();
    // Not through the proxy: neither the instance without whoami nor the store knows it.
    expect((await view(b, `PHPSESSID=${direct.session}`)).event.operatorId).toBeNull();
    const first = await view(withWhoami, `PHPSESSID=${direct.session}`);
    expect(first).toMatchObject({ status: 200, event: { operatorId: 'erin' } });
    // Bound in the store with source whoami, so the other instances know it now too.
    const rows = await store.query<{ operator_id: string; source: string }>("SELECT operator_id, source FROM operator_sessions WHERE operator_id = 'erin'");
    expect(rows).toEqual([{ operator_id: 'erin', source: 'whoami' }]);
  });

  it('concurrent first requests of one unknown session are all attributed, none waits on another session', async () => {
    const direct = await login(legacy.url, 'frank', 'secret');
    const n = withWhoami.events.length;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => fetch(`${withWhoami.base}/api/inquiries/7`, { headers: { cookie: `PHPSESSID=${direct.session}` } }).then(async (r) => {
        await r.arrayBuffer();
        return r.status;
      })),
    );
    expect(answers).toEqual([200, 200, 200, 200, 200]);
    await lastEvent(withWhoami.events, n + 5);
    expect(withWhoami.events.slice(n).map((e) => e.operatorId)).toEqual(['frank', 'frank', 'frank', 'frank', 'frank']);
  });
});
