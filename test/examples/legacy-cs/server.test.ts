import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import Database from 'better-sqlite3';
import { startSampleStack, FIXED_NOW } from '../sample-stack.js';
import type { SampleStack } from '../sample-stack.js';
import { formatJst } from '../../../examples/legacy-cs/index.js';

let stack: SampleStack;
beforeAll(async () => {
  stack = await startSampleStack();
});
afterAll(() => stack.close());

const getJson = async (path: string, init?: RequestInit) => {
  const res = await fetch(stack.legacy.url + path, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as any };
};

describe('legacy CS tool', () => {
  it('formats timestamps as JST Y-m-d H:i:s', () => {
    expect(formatJst(Date.UTC(2024, 11, 31, 15, 0, 1))).toBe('2025-01-01 00:00:01');
  });

  it('answers inquiry detail in the OK envelope with string ids, string money and messages oldest first', async () => {
    const { status, body } = await getJson('/api/inquiries/1');
    expect(status).toBe(200);
    expect(body.result).toBe('OK');
    const d = body.data;
    expect(d.inquiry_id).toBe('1');
    expect(typeof d.user.user_id).toBe('string');
    expect(d.created_at).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    const times = d.messages.map((m: { created_at: string }) => m.created_at);
    expect([...times].sort()).toEqual(times);
    const withItem = (await getJson('/api/inquiries?per_page=100')).body.data.inquiries.find((i: any) => i.item_id !== null);
    const detail = (await getJson(`/api/inquiries/${withItem.inquiry_id}`)).body.data;
    expect(detail.item.price).toMatch(/^\d+$/);
  });

  it('answers unknown ids with a 404 NG envelope', async () => {
    for (const path of ['/api/inquiries/999999', '/api/users/abc', '/api/items/0', '/api/nothing']) {
      const { status, body } = await getJson(path);
      expect(status).toBe(404);
      expect(body).toEqual({ result: 'NG', error: { code: 'E_NOT_FOUND', message: expect.any(String) } });
    }
  });

  it('filters and pages the inquiry list, total as a string', async () => {
    const all = (await getJson('/api/inquiries?per_page=100')).body.data;
    expect(all.pagination).toEqual({ page: 1, per_page: 100, total: '300' });
    const open = (await getJson('/api/inquiries?status=open&page=2&per_page=5')).body.data;
    expect(open.inquiries).toHaveLength(5);
    expect(open.inquiries.every((i: { status: string }) => i.status === 'open')).toBe(true);
    expect(open.pagination.page).toBe(2);
    expect(Number(open.pagination.total)).toBeLessThan(300);
    // PHP intval-like paging: nonsense falls back to the defaults, per_page is capped.
    expect((await getJson('/api/inquiries?page=x&per_page=1000')).body.data.pagination).toMatchObject({ page: 1, per_page: 100 });
    const bad = await getJson('/api/inquiries?status=unknown');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('E_VALIDATION');
  });

  it('answers user and item with JOINed fields', async () => {
    const user = (await getJson('/api/users/1')).body.data;
    expect(user).toMatchObject({ user_id: '1', email: 'user1@example.jp', listed_item_count: expect.stringMatching(/^\d+$/) });
    const item = (await getJson('/api/items/1')).body.data;
    expect(item).toMatchObject({ item_id: '1', price: expect.stringMatching(/^\d+$/), seller: { user_id: expect.any(String) } });
  });

  it('takes a reply as a form or as JSON, writes the message and sets the status', async () => {
    const form = await getJson('/api/inquiries/2/reply', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-operator-id': 'op-7' },
      body: new URLSearchParams({ body: 'ご連絡ありがとうございます。', status: 'closed' }),
    });
    expect(form.status).toBe(200);
    expect(form.body.data).toMatchObject({ inquiry_id: '2', status: 'closed', message_id: expect.stringMatching(/^\d+$/) });
    const json = await getJson('/api/inquiries/2/reply', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ body: '確認いたします。' }),
    });
    expect(json.body.data.status).toBe('pending');
    const detail = (await getJson('/api/inquiries/2')).body.data;
    expect(detail.status).toBe('pending');
    expect(detail.updated_at).toBe(formatJst(FIXED_NOW));
    expect(detail.messages.at(-2)).toMatchObject({ sender_type: 'operator', operator_id: 'op-7', body: 'ご連絡ありがとうございます。' });
    const empty = await getJson('/api/inquiries/2/reply', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"  "}' });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe('E_VALIDATION');
  });

  it('hides an item with a reason', async () => {
    const res = await getJson('/api/items/5/hide', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'reason=%E8%A6%8F%E7%B4%84%E9%81%95%E5%8F%8D',
    });
    expect(res.body).toEqual({ result: 'OK', data: { item_id: '5', status: 'hidden', hidden_reason: '規約違反' } });
    const db = new Database(stack.legacyDb, { readonly: true });
    expect(db.prepare('SELECT status FROM items WHERE id = 5').get()).toEqual({ status: 'hidden' });
    db.close();
  });

  it('serves HTML pages, sets a PHPSESSID cookie once, and gzips when asked', async () => {
    const plain = await request(stack.legacy.url + '/inquiries/1');
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toMatch(/^text\/html/);
    expect(String(plain.headers['set-cookie'])).toMatch(/^PHPSESSID=[0-9a-f]+; path=\/; HttpOnly$/);
    expect(await plain.body.text()).toContain('<!DOCTYPE html>');
    const withCookie = await request(stack.legacy.url + '/', { headers: { cookie: 'PHPSESSID=abc', 'accept-encoding': 'gzip' } });
    expect(withCookie.headers['set-cookie']).toBeUndefined();
    expect(withCookie.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(Buffer.from(await withCookie.body.arrayBuffer())).toString('utf8');
    expect(html).toContain('お問い合わせ一覧');
  });
});
