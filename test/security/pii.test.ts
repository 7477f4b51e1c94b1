import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { OAuth2Client } from 'google-auth-library';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type StranglerConfig } from '../../config/index.js';
import { startStrangler } from '../../runtime/index.js';
import { exampleAdapters } from '../../examples/adapters/index.js';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack/index.js';
import { exportToBigQuery, exportToNdjson, openStore } from '../../store/index.js';
import { buildDiffReport, renderAhtReport, renderDiffReport } from '../../reports/index.js';
import { buildAhtReport } from '../../aht/index.js';
import { fakeBigQuery } from '../support/fake-bigquery.js';

// What a CS request carries about customers, in the spellings it may be stored in.
const EMAIL = 'taro.yamada@example.jp';
const EMAIL2 = 'hanako+cs@example.co.jp';
const PHONES = ['090-1234-5678', '03-1234-5678', '+81 90 1234 5678'];
const NAMES = ['山田太郎', 'Taro Yamada'];
const AUTH = 'Bearer auth-secret-QWERTY123456';
const COOKIE = 'sid=cookie-secret-ASDFGH987654; cs_pref=tel-08098765432';
const SECRETS = ['auth-secret-QWERTY123456', 'cookie-secret-ASDFGH987654', '08098765432'];

/** Every spelling under which a value could show up in a file: as is, URL-encoded, JSON-escaped, digits only. */
function spellings(value: string): string[] {
  const out = new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1), value.replace(/\s/g, '%20'), value.replace(/\s/g, '+')]);
  if (/^[+\d\s-]+$/.test(value)) out.add(value.replace(/\D/g, '')).add(value.replace(/\D/g, '').replace(/^81/, '0'));
  if (/[^\x00-\x7f]/.test(value)) out.add(JSON.stringify(value).slice(1, -1).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
  return [...out];
}

const dir = mkdtempSync(join(tmpdir(), 'strangler-security-pii-'));
const dataDir = mkdtempSync(join(tmpdir(), 'strangler-security-pii-data-'));
const logLines: string[] = [];
let stack: SampleStack;
let config: StranglerConfig;
let customerEmails: string[] = [];
/** name → text of every place searched. */
const places = new Map<string, Buffer>();


beforeAll(async () => {
  const dataFile = join(dataDir, 'sample.db');
  stack = await startSampleStack({ dbFile: dataFile });
  const db = new Database(dataFile, { readonly: true });
  customerEmails = (db.prepare('SELECT email FROM users').all() as { email: string }[]).map((r) => r.email).filter((e) => typeof e === 'string');
  db.close();
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logLines.push(chunk.toString()); done(); } });
  const logger = pino({ level: 'debug' }, sink);
  config = loadConfig({
    overrides: {
      instance: 'pii',
      ...stack.configOverrides(),
      server: { host: '127.0.0.1', port: 0 },
      admin: { host: '127.0.0.1', port: 0 },
      store: { url: `sqlite:${join(dir, 'strangler.db')}`, flushIntervalMs: 50 },
      routes: [
        { id: 'inquiry-detail', methods: ['GET'], path: '/api/inquiries/:id', adapter: 'inquiry-detail', mode: 'shadow', sample: 1, noise: 1 },
        { id: 'inquiry-list', methods: ['GET'], path: '/api/inquiries', adapter: 'inquiry-list', mode: 'shadow', sample: 1 },
        { id: 'user', methods: ['GET'], path: '/api/users/:id', adapter: 'user', mode: 'shadow', sample: 1 },
        { id: 'reply', methods: ['POST'], path: '/api/inquiries/:id/reply', adapter: 'reply-to-inquiry', mode: 'shadow', sample: 1, compare: { ignore: ['$.data.message_id'] } },
      ],
      aht: { cases: [{ name: 'inquiry', start: 'GET /api/inquiries/:id', end: ['POST /api/inquiries/:id/reply'], param: 'id' }] },
    },
  });
  const running = await startStrangler(config, { logger, builtInAdapters: exampleAdapters });
  const base = `http://127.0.0.1:${running.proxy.port}`;
  const headers = { authorization: AUTH, cookie: COOKIE, 'x-operator-id': 'op-7' };
  const get = (path: string) => fetch(`${base}${path}`, { headers }).then((r) => r.arrayBuffer());
  const q = new URLSearchParams({ email: EMAIL, phone: PHONES[0], tel: PHONES[2], name: NAMES[0], note: `call ${NAMES[1]} on ${PHONES[1]} or mail ${EMAIL2}` }).toString();
  const started = Date.now();
  for (let id = 1; id <= 12; id++) {
    await get(`/api/inquiries/${id}?${q}`);
    const text = `${NAMES[0]}様 (${NAMES[1]}) ${EMAIL} ${EMAIL2} ${PHONES.join(' / ')}`;
    await fetch(`${base}/api/inquiries/${id}/reply?${q}`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ body: text, status: 'pending', email: EMAIL, phone: PHONES[0] }) });
    await fetch(`${base}/api/inquiries/${id}/reply`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ body: text, name: NAMES[1] }).toString() });
    await get(`/api/inquiries/${id}`); // messages now hold the text above, in a different order on each side
  }
  for (const p of [`/api/users/${EMAIL}`, `/api/users/${encodeURIComponent(EMAIL2)}`, ...PHONES.map((ph) => `/api/users/${encodeURIComponent(ph)}`), `/api/inquiries?${q}`, `/api/users/1?${q}`, `/other/${EMAIL}/${PHONES[0]}`]) await get(p);
  await running.shadow?.runner.idle();
  await running.writer.flush();
  await running.close();
  await new Promise((r) => setTimeout(r, 100)); // pino's last lines

  const store = await openStore(config.store.url);
  try {
    const flags = await store.listFlags();
    const results = await store.shadowResults({ sinceMs: started - 1000 });
    expect(results.length).toBeGreaterThan(20);
    expect(results.some((r) => !r.equal)).toBe(true); // the planted differences (message order …) were stored
    const diff = buildDiffReport(results, { flags, gateThresholds: config.gate, generatedAt: new Date().toISOString() });
    const aht = await buildAhtReport(store, config, { sinceMs: started - 1000, flags });
    for (const f of ['json', 'md', 'html'] as const) {
      places.set(`diff report (${f})`, Buffer.from(renderDiffReport(diff, f)));
      places.set(`AHT report (${f})`, Buffer.from(renderAhtReport(aht, f)));
    }
    const files = await exportToNdjson(store, { outDir: join(dir, 'ndjson') });
    expect(files.length).toBeGreaterThan(0);
    for (const name of readdirSync(join(dir, 'ndjson'))) places.set(`NDJSON export ${name}`, readFileSync(join(dir, 'ndjson', name)));
    const fake = fakeBigQuery();
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    const authClient = new OAuth2Client();
    authClient.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3_600_000 });
    const summary = await exportToBigQuery(store, { projectId: 'p', datasetId: 'cs', apiEndpoint: `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`, authClient });
    expect(summary.reduce((n, s) => n + s.exported, 0)).toBeGreaterThan(0);
    await new Promise((r) => fake.server.close(r));
    places.set('BigQuery payloads', Buffer.from(fake.bodies.join('\n')));
  } finally {
    await store.close();
  }
  for (const name of readdirSync(dir)) if (name.startsWith('strangler.db')) places.set(`database file ${name}`, readFileSync(join(dir, name)));
  places.set('proxy logs', Buffer.from(logLines.join('')));
}, 120_000);

afterAll(async () => {
  await stack?.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('personal data end to end through shadow mode', () => {
  it('every place was written and searched', () => {
    expect([...places.keys()].filter((k) => k.startsWith('database file')).length).toBeGreaterThan(0);
    expect(places.get('proxy logs')!.length).toBeGreaterThan(0);
    expect(existsSync(join(dir, 'ndjson'))).toBe(true);
    expect(customerEmails.length).toBeGreaterThan(10);
  });

  const found = (values: string[]) => {
    const hits: string[] = [];
    for (const [place, bytes] of places) {
      const text = bytes.toString('utf8');
      const latin = bytes.toString('latin1');
      for (const v of values) for (const s of spellings(v)) if (text.includes(s) || latin.includes(s)) hits.push(`${place}: ${s}`);
    }
    return hits;
  };

  it('no e-mail address we sent, nor any customer e-mail legacy answered with, is found anywhere', () => {
    expect(found([EMAIL, EMAIL2, ...customerEmails])).toEqual([]);
  });

  it('no phone number is found anywhere', () => {
    expect(found(PHONES)).toEqual([]);
  });

  it('no name is found anywhere', () => {
    expect(found(NAMES)).toEqual([]);
  });

  it('Authorization and Cookie values are never stored or logged', () => {
    expect(found(SECRETS)).toEqual([]);
  });
});
