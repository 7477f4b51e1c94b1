import { afterEach, describe, expect, it } from 'vitest';
import { createGraphqlClient } from '../../legacy-adapters/index.js';
import type { GraphqlClient } from '../../legacy-adapters/index.js';
import { startStub, refusedUrl, sendJson } from './stub-server.js';
import type { Stub } from './stub-server.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
const track = <T extends { close(): Promise<void> }>(x: T): T => {
  cleanups.push(() => x.close());
  return x;
};
const client = (url: string, timeoutMs = 5000): GraphqlClient => track(createGraphqlClient({ url, timeoutMs }));
const stub = async (h: Parameters<typeof startStub>[0]): Promise<Stub> => track(await startStub(h));

async function failure(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (err) {
    return err as { code: string; message: string };
  }
  throw new Error('expected a rejection');
}

const op = { document: '{ ping }' };

describe('createGraphqlClient', () => {
  it('returns data, forwards request and operator ids, and reuses one keep-alive connection', async () => {
    const s = await stub((req, res, body) => sendJson(res, 200, { data: { ping: JSON.parse(body).query } }));
    const c = client(s.url);
    for (let i = 0; i < 20; i++) {
      expect(await c.execute(op, { requestId: `r-${i}`, operatorId: 'op-1' })).toEqual({ data: { ping: '{ ping }' } });
    }
    // The pool may open a second socket while the first is being released, but never one per call.
    expect(s.connections()).toBeLessThanOrEqual(2);
    expect(s.requests().map((r) => r.headers['x-request-id'])).toEqual(Array.from({ length: 20 }, (_, i) => `r-${i}`));
    expect(s.requests()[0].headers['x-operator-id']).toBe('op-1');
  });

  it('hands partial data and errors back together', async () => {
    const s = await stub((_req, res) => sendJson(res, 200, { data: { a: 1, b: null }, errors: [{ message: 'b failed', path: ['b'] }] }));
    expect(await client(s.url).execute(op)).toEqual({ data: { a: 1, b: null }, errors: [{ message: 'b failed', path: ['b'] }] });
  });

  it('treats 200 with errors and no data as a result for the caller to judge', async () => {
    const s = await stub((_req, res) => sendJson(res, 200, { data: null, errors: [{ message: 'down', extensions: { code: 'UNAVAILABLE' } }] }));
    expect(await client(s.url).execute(op)).toMatchObject({ data: null, errors: [{ extensions: { code: 'UNAVAILABLE' } }] });
  });

  it('reads a GraphQL-over-HTTP 400 with errors as a result', async () => {
    const s = await stub((_req, res) => sendJson(res, 400, { errors: [{ message: 'Cannot query field', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] }));
    expect(await client(s.url).execute(op)).toMatchObject({ data: null, errors: [{ extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } }] });
  });

  it('classifies a refused connection as ADP_ERR_CONNECT, keeping the socket error as its cause', async () => {
    const err = (await failure(client(await refusedUrl()).execute(op))) as { code: string; cause?: { code?: string } };
    expect(err.code).toBe('ADP_ERR_CONNECT');
    // The proxy reads the cause to know the request never left this host.
    expect(err.cause?.code).toBe('ECONNREFUSED');
  });

  it('classifies a dropped connection as ADP_ERR_CONNECT', async () => {
    const s = await stub((req) => req.socket.destroy());
    expect((await failure(client(s.url).execute(op))).code).toBe('ADP_ERR_CONNECT');
  });

  it('classifies a slow answer as ADP_ERR_TIMEOUT, per call', async () => {
    const s = await stub((_req, res) => setTimeout(() => sendJson(res, 200, { data: {} }), 400));
    const c = client(s.url, 5000);
    expect((await failure(c.execute(op, { timeoutMs: 50 }))).code).toBe('ADP_ERR_TIMEOUT');
  });

  it('classifies 5xx as ADP_ERR_HTTP_5XX and never copies an error page into the message', async () => {
    const page = '<html><body><pre>Error: boom\n    at handler (/srv/app.js:10:3)</pre></body></html>';
    const s = await stub((_req, res) => {
      res.writeHead(502, { 'content-type': 'text/html' });
      res.end(page);
    });
    const err = await failure(client(s.url).execute(op));
    expect(err.code).toBe('ADP_ERR_HTTP_5XX');
    expect(err.message).not.toContain('/srv/app.js');
  });

  it('classifies HTML, cut-off JSON and non-GraphQL JSON as ADP_ERR_INVALID_RESPONSE', async () => {
    const bodies: [number, string][] = [
      [200, '<html><body>Login required</body></html>'],
      [200, '{"data":{"inquiry":{"id":"1","subj'],
      [200, '{"hello":"world"}'],
      [200, '[1,2]'],
      [404, '{"data":null}'],
    ];
    for (const [status, body] of bodies) {
      const s = await stub((_req, res) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(body);
      });
      const err = await failure(client(s.url).execute(op));
      expect(err.code, body).toBe('ADP_ERR_INVALID_RESPONSE');
      expect(err.message).not.toContain('Login required');
      // text that is not JSON is reported with the answer's Content-Type, to tell a login page from a cut
      if (!body.startsWith('{"') && !body.startsWith('[')) expect(err.message).toContain('application/json');
    }
  });

  it('refuses an answer larger than maxResponseBytes', async () => {
    const s = await stub((_req, res) => sendJson(res, 200, { data: { blob: 'x'.repeat(10_000) } }));
    const c = track(createGraphqlClient({ url: s.url, timeoutMs: 5000, maxResponseBytes: 1000 }));
    expect((await failure(c.execute(op))).code).toBe('ADP_ERR_INVALID_RESPONSE');
  });
});
