import type { AddressInfo } from 'node:net';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { OAuth2Client } from 'google-auth-library';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type StranglerConfig } from '../../config/index.js';
import { startStrangler, type RunningStrangler } from '../../runtime/index.js';
import { exampleAdapters } from '../../examples/adapters/index.js';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack/index.js';
import { exportToBigQuery, exportToNdjson, openStore, type Store } from '../../store/index.js';
import { buildDiffReport, renderAhtReport, renderDiffReport } from '../../reports/index.js';
import { buildAhtReport } from '../../aht/index.js';
import { relayedDatabase, type RelayedDatabase } from '../support/relayed-database.js';
import { fakeBigQuery } from '../support/fake-bigquery.js';

// Every form of personal data the probe run found stored (issue "Personal data that survived into storage").
const PHONES = ['+819011112222', '090.5555.6666', '０９０１２３４５６７８', '080-2222-3333', '+81 70 4444 5555'];
const EMAILS = ['taro.yamada@example.jp', 'hanako%40example.co.jp', '山田@例え.jp', 'ｊｉｒｏ＠example.jp'];
const CARDS = ['4111111111111111', '5555 5555 5555 4444', '3530-1113-3330-0000'];
const NAMES = ['山田太郎', 'Taro Yamada', 'Suzuki Hanako'];
const ADDRESS = '東京都港区六本木9-8-7';
const ALL = [...PHONES, ...EMAILS, ...CARDS, ...NAMES, ADDRESS];
const TOKEN = 'pii-sweep-admin-token-0123456789abcdef';
const OPERATOR = 'op-sweep-77';
const MYSQL_DB = 'strangler_pii_sweep';

/** Every spelling a value could be stored in: as typed, decoded, URL-encoded, JSON-escaped, ASCII digits, digits only. */
function spellings(value: string): string[] {
  const plain = value.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const decoded = decodeURIComponent(value);
  const out = new Set<string>();
  for (const v of [value, plain, decoded]) {
    out.add(v).add(encodeURIComponent(v)).add(JSON.stringify(v).slice(1, -1)).add(v.replace(/\s/g, '+'));
    // eslint-disable-next-line no-control-regex
    if (/[^\x00-\x7f]/.test(v)) out.add(JSON.stringify(v).slice(1, -1).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  }
  const digits = plain.replace(/\D/g, '');
  if (digits.length >= 10 && /^[+\d\s.-]+$/.test(plain)) out.add(digits).add(digits.replace(/^81/, '0'));
  return [...out];
}

const dir = mkdtempSync(join(tmpdir(), 'strangler-pii-sweep-'));
const dataDir = mkdtempSync(join(tmpdir(), 'strangler-pii-sweep-data-'));
const logLines: string[] = [];
let stack: SampleStack;
let mysqlDb: RelayedDatabase | null = null;
/** name → bytes of every place searched. */
const places = new Map<string, Buffer>();
const counts = { events: 0, results: 0, dashboardPages: 0 };


/** A config with one route per mode: shadow (detail, reply), new (user), canary at 100 % (item); any other path is legacy. */
function sweepConfig(storeUrl: string, instance: string): StranglerConfig {
  return loadConfig({
    overrides: {
      instance,
      ...stack.configOverrides(),
      server: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0 },
      store: { url: storeUrl, flushIntervalMs: 50 },
      shadow: { redact: { secret: 'pii-sweep-key' } },
      routes: [
        { id: 'inquiry-detail', methods: ['GET'], path: '/api/inquiries/:id', adapter: 'inquiry-detail', mode: 'shadow', sample: 1, noise: 1 },
        { id: 'reply', methods: ['POST'], path: '/api/inquiries/:id/reply', adapter: 'reply-to-inquiry', mode: 'shadow', sample: 1, compare: { ignore: ['$.data.message_id'] } },
        { id: 'user', methods: ['GET'], path: '/api/users/:id', adapter: 'user', mode: 'new' },
        { id: 'item', methods: ['GET'], path: '/api/items/:id', adapter: 'item', mode: 'canary', percent: 100 },
      ],
      aht: { cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' }] },
    },
    env: { STRANGLER_ADMIN_TOKEN: TOKEN },
  });
}

/** Send every form through every mode: in path segments (and so case ids), and in bodies legacy echoes back. */
async function sendTraffic(base: string): Promise<void> {
  const headers = { 'x-operator-id': OPERATOR, authorization: 'Bearer sweep-auth-secret', cookie: 'sid=sweep-cookie-secret' };
  const seg = (v: string) => (v.includes('%') ? v : encodeURIComponent(v));
  const text = `${NAMES[0]}様 (${NAMES[1]}) ${ADDRESS} ${EMAILS.join(' ')} ${PHONES.join(' / ')} card ${CARDS.join(', ')}`;
  // An echoed request body: JSON inside a JSON string, with free-text keys no list names.
  const echoed = JSON.stringify({ message: text, shimei: NAMES[2], jusho: ADDRESS, tel: PHONES[0], status: 'pending' });
  const jobs: Promise<unknown>[] = [];
  for (const v of ALL) {
    for (const p of [`/api/inquiries/${seg(v)}`, `/api/users/${seg(v)}`, `/api/items/${seg(v)}`, `/inquiries/${seg(v)}`, `/other/${seg(v)}/x`]) {
      jobs.push(fetch(`${base}${p}?q=${encodeURIComponent(v)}`, { headers }).then((r) => r.arrayBuffer()));
    }
    jobs.push(fetch(`${base}/api/inquiries/${seg(v)}/reply`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ body: text }) }).then((r) => r.arrayBuffer()));
  }
  await Promise.all(jobs);
  for (let id = 1; id <= 4; id++) {
    await fetch(`${base}/api/inquiries/${id}`, { headers }).then((r) => r.arrayBuffer());
    for (const body of [text, echoed]) {
      await fetch(`${base}/api/inquiries/${id}/reply`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ body, status: 'pending' }) }).then((r) => r.arrayBuffer());
    }
    await fetch(`${base}/api/inquiries/${id}`, { headers }).then((r) => r.arrayBuffer()); // both sides now show the texts
  }
  for (const id of [1, 2]) {
    await fetch(`${base}/api/users/${id}`, { headers }).then((r) => r.arrayBuffer());
    await fetch(`${base}/api/items/${id}`, { headers }).then((r) => r.arrayBuffer());
  }
}

/** Log in to the dashboard with the admin token and fetch every page, and a page per stored result. */
async function dashboardPages(adminBase: string, store: Store): Promise<void> {
  const login = await fetch(`${adminBase}/dashboard/login`, {
    method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: adminBase }, body: `token=${TOKEN}`,
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0];
  expect(cookie).toMatch(/^strangler_session=/);
  const page = async (path: string) => {
    const res = await fetch(`${adminBase}${path}`, { headers: { cookie }, redirect: 'manual' });
    expect(res.status, path).toBe(200);
    places.set(`dashboard ${path}`, Buffer.from(await res.text()));
    counts.dashboardPages++;
  };
  for (const p of ['/dashboard', '/dashboard/aht', '/dashboard/audit', '/dashboard/diffs?route=inquiry-detail', '/dashboard/diffs?route=reply']) await page(p);
  const results = await store.shadowResults({ sinceMs: 0 });
  for (const r of results.filter((x) => !x.equal).slice(0, 20)) await page(`/dashboard/diffs/${r.id}?route=${r.routeId}`);
}

/** Run one instance against `storeUrl`, send the traffic, collect the log; returns the instance closed and its store reopened. */
async function runInstance(storeUrl: string, instance: string, withDashboard: boolean): Promise<{ config: StranglerConfig; store: Store }> {
  const config = sweepConfig(storeUrl, instance);
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logLines.push(chunk.toString()); done(); } });
  const running: RunningStrangler = await startStrangler(config, { logger: pino({ level: 'debug' }, sink), builtInAdapters: exampleAdapters });
  try {
    await sendTraffic(`http://127.0.0.1:${running.proxy.port}`);
    await running.shadow?.runner.idle();
    await running.writer.flush();
    if (withDashboard) await dashboardPages(`http://127.0.0.1:${running.proxy.adminPort}`, running.store);
  } finally {
    await running.close();
  }
  return { config, store: await openStore(config.store.url) };
}

/** Reports, exports and BigQuery payloads of one store. */
async function readOut(label: string, config: StranglerConfig, store: Store): Promise<void> {
  const flags = await store.listFlags();
  const results = await store.shadowResults({ sinceMs: 0 });
  counts.results += results.length;
  const diff = buildDiffReport(results, { flags, gateThresholds: config.gate, generatedAt: new Date().toISOString() });
  const aht = await buildAhtReport(store, config, { sinceMs: 0, flags });
  for (const f of ['json', 'md', 'html'] as const) {
    places.set(`${label} diff report (${f})`, Buffer.from(renderDiffReport(diff, f)));
    places.set(`${label} AHT report (${f})`, Buffer.from(renderAhtReport(aht, f)));
  }
  const out = join(dir, `ndjson-${label}`);
  await exportToNdjson(store, { outDir: out, operatorKey: config.shadow.redact.secret });
  for (const name of readdirSync(out)) places.set(`${label} NDJSON ${name}`, readFileSync(join(out, name)));
  const fake = fakeBigQuery();
  await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3_600_000 });
  await exportToBigQuery(store, {
    projectId: 'p', datasetId: 'cs', apiEndpoint: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`, authClient, operatorKey: config.shadow.redact.secret,
  });
  await new Promise((r) => fake.server.close(r));
  places.set(`${label} BigQuery payloads`, Buffer.from(fake.bodies.join('\n')));
}

beforeAll(async () => {
  stack = await startSampleStack({ dbFile: join(dataDir, 'sample.db') });
  mysqlDb = await relayedDatabase(MYSQL_DB);
  const [lite, my] = await Promise.all([
    runInstance(`sqlite:${join(dir, 'strangler.db')}`, 'sweep-sqlite', true),
    runInstance(mysqlDb.url, 'sweep-mysql', false),
  ]);
  try {
    const [{ n }] = await lite.store.query<{ n: number }>('SELECT COUNT(*) AS n FROM request_events');
    counts.events = Number(n);
    await readOut('sqlite', lite.config, lite.store);
    await readOut('mysql', my.config, my.store);
  } finally {
    await lite.store.close();
    await my.store.close();
  }
  for (const name of readdirSync(dir)) if (name.startsWith('strangler.db')) places.set(`SQLite file ${name}`, readFileSync(join(dir, name)));
  const [tables] = await mysqlDb.admin.query<any[]>(`SELECT table_name AS t FROM information_schema.tables WHERE table_schema = ?`, [MYSQL_DB]);
  for (const { t } of tables as { t: string }[]) {
    const [rows] = await mysqlDb.admin.query(`SELECT * FROM \`${MYSQL_DB}\`.\`${t}\``);
    places.set(`MySQL table ${t}`, Buffer.from(JSON.stringify(rows)));
  }
  await new Promise((r) => setTimeout(r, 100)); // pino's last lines
  places.set('JSON request log', Buffer.from(logLines.join('')));
}, 60_000);

afterAll(async () => {
  await stack?.close();
  await mysqlDb?.drop();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PII sweep: every form, every mode, every place data is written', () => {
  it('every place was written and searched', () => {
    expect(counts.events).toBeGreaterThan(ALL.length * 6);
    expect(counts.results).toBeGreaterThan(20);
    expect(counts.dashboardPages).toBeGreaterThan(6);
    for (const kind of ['SQLite file', 'MySQL table request_events', 'MySQL table shadow_results', 'JSON request log', 'NDJSON', 'BigQuery', 'diff report (html)', 'AHT report (md)', 'dashboard /dashboard/diffs/']) {
      expect([...places.keys()].some((k) => k.includes(kind)), kind).toBe(true);
    }
    // the log holds one line per request, so the paths were there to leak
    expect(places.get('JSON request log')!.toString()).toContain('"msg":"request"');
  });

  it('finds none of the raw values in any place, in UTF-8, Latin-1 or UTF-16LE (as `strings -e l` reads them)', () => {
    const hits: string[] = [];
    for (const [place, bytes] of places) {
      const utf8 = bytes.toString('utf8');
      const latin = bytes.toString('latin1');
      for (const v of ALL) {
        for (const s of spellings(v)) {
          if (utf8.includes(s) || latin.includes(s) || bytes.includes(Buffer.from(s, 'utf16le'))) hits.push(`${place}: ${s}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('stores case ids and paths as keyed hashes that still join, and operator ids as they are (pseudonymised only in exports)', () => {
    const sqlite = [...places].filter(([k]) => k.startsWith('MySQL table request_events')).map(([, b]) => b.toString()).join('');
    expect(sqlite).toMatch(/"case_id":"redacted:[0-9a-f]{16}"/);
    expect(sqlite).toContain(OPERATOR);
    // the echoed texts did reach the differences, as hashes with their shape
    expect(places.get('MySQL table shadow_results')!.toString()).toMatch(/redacted:[0-9a-f]{16} shape:/);
    for (const [k, b] of places) if (k.includes('NDJSON') || k.includes('BigQuery')) expect(b.toString(), k).not.toContain(OPERATOR);
  });

  it('Authorization, Cookie and query strings are never stored or logged', () => {
    for (const [k, b] of places) {
      const text = b.toString();
      expect(text, k).not.toContain('sweep-auth-secret');
      expect(text, k).not.toContain('sweep-cookie-secret');
    }
  });
});
