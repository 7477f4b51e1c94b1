import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OAuth2Client } from 'google-auth-library';
import { exportToBigQuery, openStore } from '../../store/index.js';
import type { Store } from '../../store/index.js';
import { makeEvent, makeResult, sqliteFixture } from './fixtures.js';
import type { Fixture } from './fixtures.js';

interface Call { method: string; path: string; body: unknown; auth: string | undefined }

/** Plays the BigQuery REST API (datasets.get/insert, tables.get/insert, tabledata.insertAll) and records every call. */
function fakeBigQuery(): { server: Server; calls: Call[]; rows: Map<string, { insertId: string; json: Record<string, unknown> }[]>; tables: Map<string, Record<string, unknown>>; failInsertAll: { skip: number; n: number } } {
  const calls: Call[] = [];
  const datasets = new Set<string>();
  const tables = new Map<string, Record<string, unknown>>();
  const rows = new Map<string, { insertId: string; json: Record<string, unknown> }[]>();
  const failInsertAll = { skip: 0, n: 0 };
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => { raw += c; });
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const body = raw === '' ? undefined : JSON.parse(raw);
      calls.push({ method: req.method ?? '', path: url.pathname, body, auth: req.headers.authorization });
      const send = (status: number, obj: unknown) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(JSON.stringify(obj)); };
      const notFound = () => send(404, { error: { code: 404, message: 'Not found', errors: [{ reason: 'notFound', message: 'Not found' }] } });
      let m: RegExpExecArray | null;
      if ((m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets$/.exec(url.pathname)) && req.method === 'POST') {
        const id = (body as { datasetReference: { datasetId: string } }).datasetReference.datasetId;
        datasets.add(id);
        return send(200, { ...(body as object), id: `${m[1]}:${id}` });
      }
      if ((m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)$/.exec(url.pathname)) && req.method === 'GET') {
        return datasets.has(m[2]) ? send(200, { datasetReference: { projectId: m[1], datasetId: m[2] } }) : notFound();
      }
      if ((m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables$/.exec(url.pathname)) && req.method === 'POST') {
        const id = (body as { tableReference: { tableId: string } }).tableReference.tableId;
        tables.set(id, body as Record<string, unknown>);
        return send(200, body);
      }
      if ((m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)$/.exec(url.pathname)) && req.method === 'GET') {
        return tables.has(m[3]) ? send(200, tables.get(m[3])) : notFound();
      }
      if ((m = /^\/bigquery\/v2\/projects\/([^/]+)\/datasets\/([^/]+)\/tables\/([^/]+)\/insertAll$/.exec(url.pathname)) && req.method === 'POST') {
        if (failInsertAll.n > 0 && failInsertAll.skip-- <= 0) { failInsertAll.n--; return send(403, { error: { code: 403, message: 'Access Denied', errors: [{ reason: 'accessDenied' }] } }); }
        const list = rows.get(m[3]) ?? [];
        list.push(...(body as { rows: { insertId: string; json: Record<string, unknown> }[] }).rows);
        rows.set(m[3], list);
        return send(200, { kind: 'bigquery#tableDataInsertAllResponse' });
      }
      send(400, { error: { code: 400, message: `unexpected ${req.method} ${url.pathname}` } });
    });
  });
  return { server, calls, rows, tables, failInsertAll };
}

describe('exportToBigQuery against a local fake of the REST API', () => {
  let fx: Fixture;
  let store: Store;
  let fake: ReturnType<typeof fakeBigQuery>;
  let endpoint: string;
  // A pre-authorised client: the library sends its bearer token and never asks Google for one.
  const authClient = new OAuth2Client();
  authClient.setCredentials({ access_token: 'test-token', expiry_date: Date.now() + 3_600_000 });
  const opts = () => ({ projectId: 'proj', datasetId: 'cs', apiEndpoint: endpoint, authClient, batchSize: 2 });

  beforeAll(async () => {
    fx = sqliteFixture();
    store = await openStore(fx.url);
    fake = fakeBigQuery();
    await new Promise<void>((r) => fake.server.listen(0, '127.0.0.1', r));
    endpoint = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((r) => fake?.server.close(r));
    await store?.close();
    await fx?.cleanup();
  });

  it('creates the dataset and partitioned, clustered tables, then streams rows with insertId = row id', async () => {
    const events = [makeEvent({ ts: Date.UTC(2026, 0, 2, 3, 4, 5, 6) }), makeEvent({ operatorId: null, fallback: true }), makeEvent()];
    const result = makeResult({ equal: false, differences: [{ path: '$.a', kind: 'changed', legacy: 'h:1', candidate: 'h:2' }], noise: ['$.b'] });
    await store.insertEvents(events);
    await store.insertShadowResults([result]);
    const progress: string[] = [];
    const summary = await exportToBigQuery(store, { ...opts(), onProgress: (p) => progress.push(`${p.table}:${p.done}/${p.total}`) });
    expect(summary.map((s) => [s.table, s.exported])).toEqual([['request_events', 3], ['shadow_results', 1]]);
    expect(progress).toContain('request_events:3/3');

    expect(fake.calls.every((c) => c.auth === 'Bearer test-token')).toBe(true);
    expect(fake.calls.some((c) => c.method === 'POST' && c.path === '/bigquery/v2/projects/proj/datasets')).toBe(true);
    const t = fake.tables.get('request_events')!;
    expect(t.timePartitioning).toEqual({ type: 'DAY', field: 'ts' });
    expect(t.clustering).toEqual({ fields: ['route_id'] });
    expect((t.schema as { fields: { name: string; type: string }[] }).fields.find((x) => x.name === 'ts')?.type).toBe('TIMESTAMP');

    const sent = fake.rows.get('request_events')!;
    expect(sent.map((r) => r.insertId)).toEqual(events.map((e) => e.id));
    expect(sent[0].json).toMatchObject({ id: events[0].id, ts: '2026-01-02T03:04:05.006Z', fallback: false });
    expect(sent[1].json).toMatchObject({ operator_id: null, fallback: true });
    expect(sent[0].json).not.toHaveProperty('seq');
    // Two insertAll calls for three events: batches of two.
    expect(fake.calls.filter((c) => c.path.endsWith('/request_events/insertAll'))).toHaveLength(2);
    const sr = fake.rows.get('shadow_results')![0].json;
    expect(JSON.parse(String(sr.differences))).toEqual(result.differences);
    expect(sr.noise).toBe('["$.b"]');
  });

  it('a re-run sends nothing new and creates nothing; new rows go out alone', async () => {
    const before = fake.calls.length;
    const again = await exportToBigQuery(store, opts());
    expect(again.map((s) => s.exported)).toEqual([0, 0]);
    const rerunCalls = fake.calls.slice(before);
    expect(rerunCalls.some((c) => c.method === 'POST')).toBe(false);

    const late = makeEvent({ ts: 1 }); // old timestamp, inserted late (after an outage): still exported
    await store.insertEvents([late]);
    const third = await exportToBigQuery(store, opts());
    expect(third[0].exported).toBe(1);
    const ids = fake.rows.get('request_events')!.map((r) => r.insertId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.at(-1)).toBe(late.id);
  });

  it('keeps the watermark at the last accepted batch when BigQuery refuses, and the retry resumes there', async () => {
    await store.insertEvents([makeEvent(), makeEvent(), makeEvent()]);
    // The first batch (two rows) is accepted, the second refused.
    Object.assign(fake.failInsertAll, { skip: 1, n: 1 });
    const sentBefore = fake.rows.get('request_events')!.length;
    await expect(exportToBigQuery(store, opts())).rejects.toMatchObject({ code: 'STORE_ERR_EXPORT_FAILED' });
    expect(fake.rows.get('request_events')!.length).toBe(sentBefore + 2);
    const retry = await exportToBigQuery(store, opts());
    expect(retry[0].exported).toBe(1);
    expect(fake.rows.get('request_events')!.length).toBe(sentBefore + 3);
  });
});
