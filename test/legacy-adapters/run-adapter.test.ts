import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import {
  createAdapterRequest, createCircuitBreaker, createGraphqlClient, defineAdapter, failureResponse, runAdapter,
} from '../../legacy-adapters/index.js';
import type { Adapter, AdapterFailure, AdapterOutcome, GraphqlClient } from '../../legacy-adapters/index.js';
import { inquiryDetailAdapter, replyToInquiryAdapter, hideItemAdapter, userAdapter } from '../../examples/adapters/index.js';
import type { FailMode } from '../../examples/graphql-service/index.js';
import { startSampleStack } from '../examples/sample-stack.js';
import type { SampleStack } from '../examples/sample-stack.js';
import { refusedUrl, startStub, sendJson } from './stub-server.js';

let stack: SampleStack;
let client: GraphqlClient;
beforeAll(async () => {
  stack = await startSampleStack({ users: 10, items: 20, inquiries: 20 });
  client = createGraphqlClient({ url: stack.graphql.url, timeoutMs: 5000 });
});
afterAll(async () => {
  await client.close();
  await stack.close();
});
beforeEach(() => {
  stack.graphql.setFailMode('none');
  stack.graphql.setDelay(0);
});

const get = (adapter: Adapter, path: string) =>
  createAdapterRequest({ method: 'GET', rawPath: path, params: adapter.match('GET', path)!, operatorId: 'op-1', requestId: 'r-1' });
const postReply = (id = '1') =>
  createAdapterRequest({
    method: 'POST',
    rawPath: `/api/inquiries/${id}/reply`,
    params: { id },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body: '確認いたします', status: 'closed' }),
    operatorId: 'op-1',
  });
const failed = (o: AdapterOutcome): AdapterFailure => {
  expect(o.ok).toBe(false);
  return o as AdapterFailure;
};

/** Each candidate failure the sample service can produce, with the code it must map to. */
const FAILURES: [FailMode | 'slow', string][] = [
  ['reset', 'ADP_ERR_CONNECT'],
  ['slow', 'ADP_ERR_TIMEOUT'],
  ['http-500', 'ADP_ERR_HTTP_5XX'],
  ['html-502', 'ADP_ERR_HTTP_5XX'],
  ['invalid-json', 'ADP_ERR_INVALID_RESPONSE'],
  ['graphql-error', 'ADP_ERR_GRAPHQL_FATAL'],
];
const breakCandidate = (mode: FailMode | 'slow') => (mode === 'slow' ? stack.graphql.setDelay(600) : stack.graphql.setFailMode(mode));
// Only the slow case may time out; the others get a generous timeout so a busy machine cannot turn them into ADP_ERR_TIMEOUT.
const timeoutFor = (mode: FailMode | 'slow') => (mode === 'slow' ? 150 : 5000);

describe('runAdapter', () => {
  it('answers in the legacy shape with bytes, headers and a duration', async () => {
    const outcome = await runAdapter(userAdapter, client, get(userAdapter, '/api/users/1'));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    expect(outcome.status).toBe(200);
    expect(outcome.headers['content-length']).toBe(String(outcome.body.length));
    expect(JSON.parse(outcome.body.toString('utf8'))).toMatchObject({ result: 'OK', data: { user_id: '1' } });
    expect(outcome.sentToCandidate).toBe(true);
    expect(outcome.durationMs).toBeGreaterThan(0);
  });

  it('marks each candidate failure of an idempotent GET as retryable on legacy', async () => {
    for (const [mode, code] of FAILURES) {
      breakCandidate(mode);
      const f = failed(await runAdapter(inquiryDetailAdapter, client, get(inquiryDetailAdapter, '/api/inquiries/1'), { timeoutMs: timeoutFor(mode) }));
      expect([mode, f.error.code, f.retryableOnLegacy, f.sentToCandidate]).toEqual([mode, code, true, true]);
      stack.graphql.setFailMode('none');
      stack.graphql.setDelay(0);
    }
    const refused = createGraphqlClient({ url: await refusedUrl(), timeoutMs: 500 });
    const f = failed(await runAdapter(userAdapter, refused, get(userAdapter, '/api/users/1')));
    expect([f.error.code, f.retryableOnLegacy]).toEqual(['ADP_ERR_CONNECT', true]);
    await refused.close();
  });

  it('never marks a non-idempotent request retryable, and sends it exactly once', async () => {
    for (const [mode, code] of FAILURES) {
      breakCandidate(mode);
      const before = stack.graphql.requestCount();
      const f = failed(await runAdapter(replyToInquiryAdapter, client, postReply(), { timeoutMs: timeoutFor(mode) }));
      expect([mode, f.error.code, f.retryableOnLegacy]).toEqual([mode, code, false]);
      expect(stack.graphql.requestCount() - before).toBe(1);
      stack.graphql.setFailMode('none');
      stack.graphql.setDelay(0);
    }
  });

  it('treats a POST the adapter declares idempotent like a GET', async () => {
    const idempotentHide = defineAdapter({
      name: 'hide-idempotent',
      route: hideItemAdapter.route,
      document: hideItemAdapter.document,
      variables: hideItemAdapter.variables,
      toLegacy: hideItemAdapter.toLegacy,
      idempotent: true,
    });
    stack.graphql.setFailMode('http-500');
    const req = createAdapterRequest({ method: 'POST', rawPath: '/api/items/2/hide', params: { id: '2' }, body: '{"reason":"r"}' });
    expect(failed(await runAdapter(idempotentHide, client, req)).retryableOnLegacy).toBe(true);
    expect(failed(await runAdapter(hideItemAdapter, client, req)).retryableOnLegacy).toBe(false);
  });

  it('maps expected GraphQL errors to the legacy answer instead of failing', async () => {
    const outcome = await runAdapter(replyToInquiryAdapter, client, postReply('999999'));
    expect(outcome).toMatchObject({ ok: true, status: 404 });
  });

  it('answers from precheck without calling the candidate', async () => {
    const before = stack.graphql.requestCount();
    const req = createAdapterRequest({ method: 'POST', rawPath: '/api/inquiries/1/reply', params: { id: '1' }, body: '{"body":""}' });
    const outcome = await runAdapter(replyToInquiryAdapter, client, req);
    expect(outcome).toMatchObject({ ok: true, status: 400, sentToCandidate: false });
    expect(stack.graphql.requestCount()).toBe(before);
  });

  it('runs the dry-run form without a lasting change, and refuses a dry run the adapter lacks', async () => {
    const db = new Database(stack.graphqlDb, { readonly: true });
    const count = () => db.prepare('SELECT COUNT(*) AS n FROM messages').get();
    const before = count();
    const outcome = await runAdapter(replyToInquiryAdapter, client, postReply('2'), { dryRun: true });
    expect(outcome.ok).toBe(true);
    if (outcome.ok) expect(JSON.parse(outcome.body.toString('utf8')).data).toMatchObject({ inquiry_id: '2', status: 'closed' });
    expect(count()).toEqual(before);
    db.close();
    const f = failed(await runAdapter(userAdapter, client, get(userAdapter, '/api/users/1'), { dryRun: true }));
    expect([f.error.code, f.sentToCandidate]).toEqual(['ADP_ERR_NO_DRY_RUN', false]);
  });

  it('never throws: adapter bugs become ADP_ERR_ADAPTER_FAILED, bad bodies ADP_ERR_BODY', async () => {
    const buggy = defineAdapter({
      ...userAdapter,
      name: 'buggy',
      toLegacy: () => {
        throw new TypeError('cannot read properties of undefined');
      },
    });
    const f = failed(await runAdapter(buggy, client, get(buggy, '/api/users/1')));
    expect([f.error.code, f.retryableOnLegacy]).toEqual(['ADP_ERR_ADAPTER_FAILED', true]);
    const bad = createAdapterRequest({ method: 'POST', rawPath: '/api/inquiries/1/reply', params: { id: '1' }, headers: { 'content-type': 'application/json' }, body: '{' });
    const b = failed(await runAdapter(replyToInquiryAdapter, client, bad));
    expect([b.error.code, b.retryableOnLegacy, b.sentToCandidate]).toEqual(['ADP_ERR_BODY', false, false]);
  });

  it('passes partial data to toLegacy unless the adapter calls the errors fatal', async () => {
    const stub = await startStub((_req, res) => sendJson(res, 200, { data: { user: null }, errors: [{ message: 'user-service slow', path: ['user'] }] }));
    const c = createGraphqlClient({ url: stub.url, timeoutMs: 5000 });
    const lenient = await runAdapter(userAdapter, c, get(userAdapter, '/api/users/1'));
    expect(lenient).toMatchObject({ ok: true, status: 404 });
    const strict = defineAdapter({ ...userAdapter, name: 'strict-user', fatalErrors: (errors) => errors.length > 0 });
    expect(failed(await runAdapter(strict, c, get(strict, '/api/users/1'))).error.code).toBe('ADP_ERR_GRAPHQL_FATAL');
    await c.close();
    await stub.close();
  });

  it('consults the breaker: stops calling a failing candidate, probes it again later', async () => {
    let now = 0;
    const breaker = createCircuitBreaker({ failureThreshold: 2, windowMs: 60_000, openMs: 1_000, now: () => now });
    const req = get(userAdapter, '/api/users/1');
    stack.graphql.setFailMode('http-500');
    await runAdapter(userAdapter, client, req, { breaker });
    await runAdapter(userAdapter, client, req, { breaker });
    const before = stack.graphql.requestCount();
    const open = failed(await runAdapter(userAdapter, client, req, { breaker }));
    expect([open.error.code, open.retryableOnLegacy, open.sentToCandidate]).toEqual(['ADP_ERR_CIRCUIT_OPEN', true, false]);
    expect(stack.graphql.requestCount()).toBe(before);
    stack.graphql.setFailMode('none');
    now += 1_000;
    expect((await runAdapter(userAdapter, client, req, { breaker })).ok).toBe(true);
    expect(breaker.state()).toBe('closed');
  });
});

describe('failureResponse', () => {
  it('answers a legacy NG envelope with the code and no trace of the cause', async () => {
    stack.graphql.setFailMode('html-502');
    const req = postReply();
    const f = failed(await runAdapter(replyToInquiryAdapter, client, req));
    const res = failureResponse(replyToInquiryAdapter, f.error, req);
    expect(res.status).toBe(502);
    const text = res.body.toString('utf8');
    expect(JSON.parse(text)).toEqual({ result: 'NG', error: { code: 'ADP_ERR_HTTP_5XX', message: expect.any(String) } });
    expect(text).not.toMatch(/\bat |\.js:|stack/i);
  });

  it('uses the adapter’s errorResponse when it has one', () => {
    const custom = defineAdapter({ ...userAdapter, name: 'custom', errorResponse: () => ({ status: 503, body: 'try later' }) });
    const err = failed({ ok: false, error: new (class extends Error {})() as never, retryableOnLegacy: false, sentToCandidate: false, durationMs: 0 });
    const res = failureResponse(custom, err.error, get(custom, '/api/users/1'));
    expect([res.status, res.body.toString(), res.headers['content-type']]).toEqual([503, 'try later', 'text/plain; charset=UTF-8']);
  });
});

describe('runAdapter: trace headers', () => {
  it('forwards the incoming traceparent and X-Request-Id to the candidate call', async () => {
    const stub = await startStub((_req, res) => sendJson(res, 200, { data: { user: { id: '7', name: 'n', email: 'e', status: 'active', createdAt: '2024-01-01T00:00:00Z' } } }));
    const c = createGraphqlClient({ url: stub.url, timeoutMs: 2000 });
    try {
      const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
      const req = createAdapterRequest({
        method: 'GET', rawPath: '/api/users/7', params: userAdapter.match('GET', '/api/users/7')!,
        headers: { traceparent, 'x-request-id': 'from-the-browser' }, operatorId: 'op-1', requestId: 'r-ours',
      });
      await runAdapter(userAdapter, c, req);
      expect(stub.requests()[0]!.headers.traceparent).toBe(traceparent);
      expect(stub.requests()[0]!.headers['x-request-id']).toBe('from-the-browser');
      await runAdapter(userAdapter, c, get(userAdapter, "/api/users/7"));
      expect(stub.requests()[1]!.headers.traceparent).toBeUndefined();
      expect(stub.requests()[1]!.headers['x-request-id']).toBe('r-1');
    } finally {
      await c.close();
      await stub.close();
    }
  });
});
