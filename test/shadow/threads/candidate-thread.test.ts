import { describe, it, expect, afterEach } from 'vitest';
import { createComparePool, type ComparePool, type ComparePoolOptions } from '../../../shadow/index.js';
import type { CandidateRecipe } from '../../../shadow/candidate.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, type TestServer } from '../harness.js';

// Threads started from TypeScript sources need a loader (the compiled build does not).
const execArgv = ['--import', new URL('../ts-loader/register.mjs', import.meta.url).href];
const SAMPLE_ADAPTERS = new URL('../../../examples/adapters/index.ts', import.meta.url).href;

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const legacyAnswer = { result: 'OK', data: { id: 7, status: 'OPEN', email: 'taro@example.com' } };

async function candidateServer(delayMs = 0): Promise<TestServer> {
  const server = await startServer((req, res) => {
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ result: 'OK', data: { id: 7, status: 'open', email: 'taro@example.com' }, seen: req.headers['x-strangler-shadow'] ?? null }));
    }, delayMs);
  });
  closers.push(server.close);
  return server;
}

function pool(candidates: ComparePoolOptions['candidates'], extra: Partial<ComparePoolOptions> = {}): ComparePool {
  const p = createComparePool({
    size: 1,
    execArgv,
    routes: [{ id: 'r', rules: { ignore: ['$.seen'] } }],
    redact: { secret: 'k' },
    maxDecodedBytes: 1024 * 1024,
    maxBodyBytes: 1024 * 1024,
    candidates,
    ...extra,
  });
  closers.push(() => p.close());
  return p;
}

const request = { method: 'GET', url: '/api/inquiries/7?x=1', headers: { accept: 'application/json' }, params: { id: '7' }, operatorId: 'op-1', requestId: 'req-1', body: Buffer.alloc(0), dryRun: false, secondary: false, timeoutMs: 2000 };
const legacyTask = (body: unknown) => ({
  routeId: 'r', contentType: 'application/json', legacy: Buffer.from(JSON.stringify(body)), legacyEncoding: undefined,
  other: Buffer.alloc(0), otherEncoding: undefined, path: '/api/inquiries/taro@example.com',
});

describe('candidate calls in a shadow thread', () => {
  it('calls an HTTP candidate from the thread and compares its answer there, reporting the call\'s outcome', async () => {
    const server = await candidateServer();
    const recipe: CandidateRecipe = { type: 'http', baseUrl: server.url };
    const p = pool([{ id: 'r', recipe }]);
    await p.ready;
    expect(p.startCall!({ ...request, routeId: 'no-recipe' })).toBeNull();
    const ticket = p.startCall!({ ...request, routeId: 'r' });
    expect(ticket).not.toBeNull();
    const done = await p.run(legacyTask(legacyAnswer), ticket!);

    expect(server.requests).toHaveLength(1);
    expect(server.requests[0]).toMatchObject({ method: 'GET', url: '/api/inquiries/7?x=1' });
    expect(done.candidate).toMatchObject({ status: 200, error: null });
    expect(done.candidate!.durationMs).toBeGreaterThan(0);
    expect(done.compared).toBe(true);
    expect(done.equal).toBe(false);
    expect(done.raw).toEqual([{ path: '$.data.status', kind: 'changed' }]);
    // Redacted in the same trip: no raw e-mail in the path that is stored.
    expect(done.path).not.toContain('taro@example.com');
  });

  it('ends a call on the route\'s timeout and compares nothing; a dropped call is reported as lost', async () => {
    const server = await candidateServer(1500);
    const p = pool([{ id: 'r', recipe: { type: 'http', baseUrl: server.url } }]);
    await p.ready;
    const slow = await p.run(legacyTask(legacyAnswer), p.startCall!({ ...request, routeId: 'r', timeoutMs: 100 })!);
    expect(slow.candidate).toMatchObject({ status: null, error: 'SHD_ERR_TIMEOUT' });
    expect(slow).toMatchObject({ compared: false, tooLarge: false, differences: [] });

    const dropped = p.startCall!({ ...request, routeId: 'r' })!;
    p.forget!(dropped);
    const lost = await p.run(legacyTask(legacyAnswer), dropped);
    expect(lost.candidate).toMatchObject({ error: 'SHD_ERR_COMPARE_WORKER' });
  });

  it('rejects the comparison of a call whose thread was restarted since, with SHD_ERR_COMPARE_WORKER', async () => {
    const server = await candidateServer();
    const p = pool([{ id: 'r', recipe: { type: 'http', baseUrl: server.url } }], {
      entry: new URL('../fixtures/crashing-shadow-worker.ts', import.meta.url),
      logger: { warn: () => undefined },
    });
    await p.ready;
    const ticket = p.startCall!({ ...request, routeId: 'r' })!;
    await expect(p.run({ ...legacyTask(legacyAnswer), path: '/crash' })).rejects.toMatchObject({ code: 'SHD_ERR_COMPARE_WORKER' });
    await expect(p.run(legacyTask(legacyAnswer), ticket)).rejects.toMatchObject({ code: 'SHD_ERR_COMPARE_WORKER', stage: 'compare' });
  });

  it('makes the noise baseline\'s second call to legacy from the thread when given legacy\'s URL, and not without it', async () => {
    const legacy = await startServer((req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ...legacyAnswer, tag: req.headers['x-strangler-shadow'] }));
    });
    closers.push(legacy.close);
    const p = pool([], { legacyUrl: legacy.url });
    await p.ready;
    const done = await p.run(legacyTask({ ...legacyAnswer, tag: 'noise' }), p.startCall!({ ...request, routeId: 'r', secondary: true })!);
    expect(legacy.requests).toHaveLength(1);
    expect(legacy.requests[0]).toMatchObject({ method: 'GET', url: '/api/inquiries/7?x=1', headers: { 'x-strangler-shadow': 'noise' } });
    expect(done).toMatchObject({ equal: true, compared: true, candidate: { status: 200, error: null } });

    const without = pool([]);
    await without.ready;
    expect(without.startCall!({ ...request, routeId: 'r', secondary: true })).toBeNull();
  });

  it('reports legacy\'s answer past the cap as too large, with the candidate\'s outcome', async () => {
    const server = await candidateServer();
    const p = pool([{ id: 'r', recipe: { type: 'http', baseUrl: server.url } }]);
    await p.ready;
    const done = await p.run({ ...legacyTask({}), legacy: Buffer.alloc(0), legacyTooLarge: true }, p.startCall!({ ...request, routeId: 'r' })!);
    expect(done).toMatchObject({ tooLarge: true, compared: false, candidate: { status: 200, error: null } });
  });

  it('imports adapters from an adapters folder, as strangler serve names it, and calls the GraphQL service from the thread', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'strangler-thread-adapters-'));
    closers.push(async () => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(
      join(dir, 'inquiry.mjs'),
      `export const inquiry = {
        name: 'folder-inquiry',
        route: 'GET /api/inquiries/:id',
        document: 'query Inquiry($id: ID!) { inquiry(id: $id) { id status email } }',
        variables: (req) => ({ id: req.params.id }),
        toLegacy: (r) => ({ status: 200, body: { result: 'OK', data: { ...r.data.inquiry, id: Number(r.data.inquiry.id) } } }),
      };`,
    );
    const graphql = await startServer((_req, res, body) => {
      const { variables } = JSON.parse(body) as { variables: { id: string } };
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { inquiry: { id: variables.id, status: 'open', email: 'taro@example.com' } } }));
    });
    closers.push(graphql.close);
    const p = pool([
      {
        id: 'r',
        recipe: { type: 'adapter', adapter: 'folder-inquiry', sources: { dirs: [dir], modules: [] }, graphql: { url: `${graphql.url}/graphql`, timeoutMs: 2000 }, timeoutMs: null },
      },
    ]);
    expect(await p.ready).toEqual(['r']);
    const done = await p.run(legacyTask(legacyAnswer), p.startCall!({ ...request, routeId: 'r' })!);
    expect(graphql.requests).toHaveLength(1);
    expect(JSON.parse(graphql.requests[0]!.body)).toMatchObject({ variables: { id: '7' } });
    expect(done.candidate).toMatchObject({ status: 200, error: null });
    expect(done.raw).toEqual([{ path: '$.data.status', kind: 'changed' }]);
  });

  it('imports adapters from the module a recipe names; a route whose adapter cannot be built is warned about and stays on the event loop', async () => {
    const warnings: { obj: object; msg: string }[] = [];
    const graphql = { url: 'http://127.0.0.1:9/graphql', timeoutMs: 500 };
    const sources = { dirs: [], modules: [SAMPLE_ADAPTERS] };
    const p = pool(
      [
        { id: 'r', recipe: { type: 'adapter', adapter: 'inquiry-detail', sources, graphql, timeoutMs: null } },
        { id: 'missing', recipe: { type: 'adapter', adapter: 'no-such-adapter', sources, graphql, timeoutMs: null } },
      ],
      { logger: { warn: (obj, msg) => warnings.push({ obj, msg }) } },
    );
    await p.ready;
    expect(p.startCall!({ ...request, routeId: 'missing' })).toBeNull();
    expect(warnings).toEqual([{ obj: expect.objectContaining({ route: 'missing', error: expect.stringContaining('no-such-adapter') }), msg: expect.stringContaining('event loop') }]);
    // Built: the call runs (and fails to connect: nothing listens on port 9), through the adapter's error mapping.
    const done = await p.run(legacyTask(legacyAnswer), p.startCall!({ ...request, routeId: 'r' })!);
    expect(done.candidate).toMatchObject({ status: null, error: 'ADP_ERR_CONNECT' });
  });
});
