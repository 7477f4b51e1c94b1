import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { startSampleStack } from '../sample-stack.js';
import type { SampleStack } from '../sample-stack.js';
import { createAdapterRequest, createGraphqlClient, runAdapter, checkAdapters } from '../../../legacy-adapters/index.js';
import type { Adapter, GraphqlClient } from '../../../legacy-adapters/index.js';
import { exampleAdapters, inquiryDetailAdapter, inquiryListAdapter, userAdapter, itemAdapter, replyToInquiryAdapter, hideItemAdapter } from '../../../examples/adapters/index.js';
import { createSampleSchema } from '../../../examples/graphql-service/index.js';
import { isoToJst, WITHDRAWN_USER_NAME } from '../../../examples/legacy-cs/index.js';

let stack: SampleStack;
let client: GraphqlClient;
beforeAll(async () => {
  stack = await startSampleStack();
  client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
});
afterAll(async () => {
  await client.close();
  await stack.close();
});

interface Call {
  body?: string;
  contentType?: string;
  operatorId?: string;
}

interface Answer {
  status: number;
  body: any;
}

async function viaLegacy(method: string, path: string, call: Call = {}): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (call.contentType) headers['content-type'] = call.contentType;
  if (call.operatorId) headers['x-operator-id'] = call.operatorId;
  const res = await fetch(stack.legacy.url + path, { method, headers, body: call.body });
  return { status: res.status, body: await res.json() };
}

async function viaAdapter(adapter: Adapter, method: string, path: string, call: Call = {}): Promise<Answer> {
  const params = adapter.match(method, path.split('?')[0]);
  expect(params, `${adapter.name} matches ${method} ${path}`).not.toBeNull();
  const req = createAdapterRequest({
    method,
    rawPath: path,
    params: params!,
    headers: call.contentType ? { 'content-type': call.contentType } : {},
    body: call.body,
    operatorId: call.operatorId ?? null,
    requestId: 'req-1',
  });
  const outcome = await runAdapter(adapter, client, req);
  if (!outcome.ok) throw outcome.error;
  expect(outcome.headers['content-type']).toBe('application/json; charset=UTF-8');
  return { status: outcome.status, body: JSON.parse(outcome.body.toString('utf8')) };
}

const idsOf = (table: string): string[] => {
  const db = new Database(stack.legacyDb, { readonly: true });
  try {
    return (db.prepare(`SELECT id FROM ${table} ORDER BY id`).all() as { id: number }[]).map((r) => String(r.id));
  } finally {
    db.close();
  }
};

describe('example adapters against the sample stack', () => {
  it('every example adapter validates against the service schema', () => {
    expect(exampleAdapters.length).toBeGreaterThanOrEqual(4);
    expect(checkAdapters(exampleAdapters, createSampleSchema()).issues).toEqual([]);
  });

  it('GET /api/users/:id answers exactly like legacy, for every user and for missing ones', async () => {
    for (const id of [...idsOf('users'), '999999', 'abc']) {
      const path = `/api/users/${id}`;
      expect(await viaAdapter(userAdapter, 'GET', path), path).toEqual(await viaLegacy('GET', path));
    }
  });

  it('GET /api/items/:id answers exactly like legacy', async () => {
    for (const id of [...idsOf('items').slice(0, 80), '0']) {
      const path = `/api/items/${id}`;
      expect(await viaAdapter(itemAdapter, 'GET', path), path).toEqual(await viaLegacy('GET', path));
    }
  });

  it('POST reply and hide answer exactly like legacy and leave the same rows behind', async () => {
    const form = 'application/x-www-form-urlencoded';
    const json = 'application/json';
    const cases: [Adapter, string, Call][] = [
      [replyToInquiryAdapter, '/api/inquiries/4/reply', { contentType: form, body: 'body=%E7%A2%BA%E8%AA%8D%E3%81%97%E3%81%BE%E3%81%99&status=closed', operatorId: 'op-3' }],
      [replyToInquiryAdapter, '/api/inquiries/5/reply', { contentType: json, body: JSON.stringify({ body: 'お待たせしました' }), operatorId: 'op-4' }],
      [replyToInquiryAdapter, '/api/inquiries/5/reply', { contentType: json, body: JSON.stringify({ body: '' }) }],
      [replyToInquiryAdapter, '/api/inquiries/5/reply', { contentType: json, body: JSON.stringify({ body: 'x', status: 'done' }) }],
      [replyToInquiryAdapter, '/api/inquiries/5/reply', { contentType: json, body: JSON.stringify({ body: 'あ'.repeat(2001) }) }],
      [replyToInquiryAdapter, '/api/inquiries/999999/reply', { contentType: json, body: JSON.stringify({ body: '存在しない' }) }],
      [hideItemAdapter, '/api/items/7/hide', { contentType: form, body: 'reason=%E5%81%BD%E7%89%A9' }],
      [hideItemAdapter, '/api/items/8/hide', { contentType: json, body: '{}' }],
      [hideItemAdapter, '/api/items/999999/hide', { contentType: json, body: '{"reason":"x"}' }],
    ];
    for (const [adapter, path, call] of cases) {
      expect(await viaAdapter(adapter, 'POST', path, call), `${path} ${call.body}`).toEqual(await viaLegacy('POST', path, call));
    }
    const rows = (file: string) => {
      const db = new Database(file, { readonly: true });
      try {
        return {
          messages: db.prepare('SELECT * FROM messages ORDER BY id').all(),
          inquiries: db.prepare('SELECT * FROM inquiries ORDER BY id').all(),
          items: db.prepare('SELECT * FROM items ORDER BY id').all(),
        };
      } finally {
        db.close();
      }
    };
    expect(rows(stack.graphqlDb)).toEqual(rows(stack.legacyDb));
  });

  it('GET /api/inquiries keeps its planted difference (ISO-8601 UTC timestamps) and nothing else differs', async () => {
    for (const path of ['/api/inquiries', '/api/inquiries?status=pending&page=3&per_page=7', '/api/inquiries?per_page=100&page=2', '/api/inquiries?page=x']) {
      const candidate = await viaAdapter(inquiryListAdapter, 'GET', path);
      const legacy = await viaLegacy('GET', path);
      expect(candidate.status).toBe(200);
      for (const row of candidate.body.data.inquiries) {
        expect(row.created_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
        row.created_at = isoToJst(row.created_at);
        row.updated_at = isoToJst(row.updated_at);
      }
      expect(candidate, path).toEqual(legacy);
    }
    const bad = '/api/inquiries?status=nope';
    expect(await viaAdapter(inquiryListAdapter, 'GET', bad)).toEqual(await viaLegacy('GET', bad));
  });

  it('GET /api/inquiries/:id keeps its planted differences (numeric price, newest-first messages, the display-name bug) and nothing else differs', async () => {
    let sawPrice = false;
    let sawOrder = false;
    let sawBug = false;
    for (const id of [...idsOf('inquiries').slice(0, 120), '999999']) {
      const path = `/api/inquiries/${id}`;
      const candidate = await viaAdapter(inquiryDetailAdapter, 'GET', path);
      const legacy = await viaLegacy('GET', path);
      const d = candidate.body.data;
      if (d) {
        if (d.item) {
          expect(typeof d.item.price).toBe('number');
          d.item.price = String(d.item.price);
          sawPrice = true;
        }
        if (d.messages.length > 1) sawOrder = true;
        d.messages.reverse();
        if (legacy.body.data.user.name === WITHDRAWN_USER_NAME) {
          expect(d.user.name).not.toBe(WITHDRAWN_USER_NAME);
          d.user.name = WITHDRAWN_USER_NAME;
          sawBug = true;
        }
      }
      expect(candidate, path).toEqual(legacy);
    }
    expect({ sawPrice, sawOrder, sawBug }).toEqual({ sawPrice: true, sawOrder: true, sawBug: true });
  });
});
