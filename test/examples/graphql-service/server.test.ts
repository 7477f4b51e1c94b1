import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { getIntrospectionQuery } from 'graphql';
import { startSampleStack, gql, FIXED_NOW } from '../sample-stack.js';
import type { SampleStack } from '../sample-stack.js';

let stack: SampleStack;
beforeAll(async () => {
  stack = await startSampleStack();
});
afterAll(() => stack.close());

const LIST = `query($perPage: Int!) {
  inquiries(perPage: $perPage) {
    total
    nodes {
      id
      user { id nickname listedItemCount }
      item { id price seller { id } }
      transaction { id buyer { id } item { id } }
      messages { id }
    }
  }
}`;

describe('sample GraphQL service', () => {
  it('batches nested lookups: a page of 50 costs the same queries per type as a page of 5', async () => {
    const counts = [];
    for (const perPage of [5, 50]) {
      stack.graphql.resetQueryCount();
      const { status, body } = await gql(stack.graphql.url, LIST, { perPage });
      expect(status).toBe(200);
      expect(body.errors).toBeUndefined();
      expect(body.data.inquiries.nodes).toHaveLength(perPage);
      counts.push(stack.graphql.queryCount());
    }
    const [small, large] = counts;
    expect(large.byType).toEqual(small.byType);
    // list + count; users once for inquiry users and once more for sellers/buyers found later; items likewise.
    for (const [type, n] of Object.entries(large.byType)) expect(n, type).toBeLessThanOrEqual(3);
    expect(large.total).toBeLessThanOrEqual(12);
  });

  it('serves introspection', async () => {
    const { body } = await gql(stack.graphql.url, getIntrospectionQuery());
    expect(body.data.__schema.queryType.name).toBe('Query');
  });

  it('answers ISO-8601 UTC timestamps, numeric prices and messages newest first', async () => {
    const { body } = await gql(stack.graphql.url, '{ inquiry(id: "1") { createdAt messages { createdAt } } item(id: "1") { price } }');
    expect(body.data.inquiry.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
    const times = body.data.inquiry.messages.map((m: { createdAt: string }) => m.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(typeof body.data.item.price).toBe('number');
  });

  it('dry-run mutations report the change and roll it back', async () => {
    const db = new Database(stack.graphqlDb, { readonly: true });
    const snapshot = () => ({
      messages: db.prepare('SELECT COUNT(*) AS n FROM messages').get(),
      inquiry: db.prepare('SELECT status, updated_at FROM inquiries WHERE id = 3').get(),
      item: db.prepare('SELECT status, hidden_reason FROM items WHERE id = 3').get(),
    });
    const before = snapshot();
    const reply = await gql(
      stack.graphql.url,
      'mutation { replyToInquiry(id: "3", body: "確認します", status: CLOSED, dryRun: true) { dryRun inquiryId status message { id body operatorId createdAt } } }',
      {},
      { 'x-operator-id': 'op-9' },
    );
    expect(reply.body.data.replyToInquiry).toMatchObject({
      dryRun: true,
      inquiryId: '3',
      status: 'CLOSED',
      message: { body: '確認します', operatorId: 'op-9', createdAt: new Date(FIXED_NOW).toISOString() },
    });
    const hide = await gql(stack.graphql.url, 'mutation { hideItem(id: "3", reason: "テスト", dryRun: true) { dryRun item { status hiddenReason } } }');
    expect(hide.body.data.hideItem).toEqual({ dryRun: true, item: { status: 'HIDDEN', hiddenReason: 'テスト' } });
    expect(snapshot()).toEqual(before);

    const real = await gql(stack.graphql.url, 'mutation { hideItem(id: "3", reason: "本番") { dryRun item { status } } }');
    expect(real.body.data.hideItem).toEqual({ dryRun: false, item: { status: 'HIDDEN' } });
    expect(snapshot().item).toEqual({ status: 'hidden', hidden_reason: '本番' });
    db.close();
  });

  it('reports NOT_FOUND and BAD_USER_INPUT as coded GraphQL errors', async () => {
    const missing = await gql(stack.graphql.url, 'mutation { replyToInquiry(id: "999999", body: "x") { inquiryId } }');
    expect(missing.body.errors?.[0].extensions.code).toBe('NOT_FOUND');
    const empty = await gql(stack.graphql.url, 'mutation { hideItem(id: "1", reason: " ") { dryRun } }');
    expect(empty.body.errors?.[0].extensions.code).toBe('BAD_USER_INPUT');
    const invalid = await gql(stack.graphql.url, '{ inquiry(id: "1") { nope } }');
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('misbehaves on demand and recovers', async () => {
    const svc = stack.graphql;
    const post = () => fetch(svc.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ user(id: \\"1\\") { id } }"}' });
    svc.setFailMode('html-502');
    const html = await post();
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    svc.setFailMode('graphql-error');
    expect(await (await post()).json()).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAVAILABLE' } }] });
    svc.setFailMode('reset');
    await expect(post()).rejects.toThrow();
    svc.setFailMode('none');
    svc.setDelay(50);
    const t0 = performance.now();
    expect(await (await post()).json()).toEqual({ data: { user: { id: '1' } } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(45);
    svc.setDelay(0);
  });
});
