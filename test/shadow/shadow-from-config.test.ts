import { describe, it, expect, afterEach } from 'vitest';
import { loadConfig } from '../../config/index.js';
import { createShadowFromConfig, createMemorySink, httpCandidate, type ShadowCandidate } from '../../shadow/index.js';
import { startServer, startShadowFront, send } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const PII = ['taro@example.com', 'hanako@example.jp', '090-1234-5678', '03-9876-5432', '09011112222', 'Yamada Taro'];

// Threads started from TypeScript sources need a loader (the compiled build does not).
const execArgv = ['--import', new URL('./ts-loader/register.mjs', import.meta.url).href];

describe('createShadowFromConfig', () => {
  it.each([
    ['on the event loop', 0],
    ['in a comparison thread', { size: 1, execArgv }],
  ] as const)('leaves no raw e-mail, phone number or name in what reaches the sink, and equal values still compare equal (%s)', async (_where, compareWorkers) => {
    const legacy = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        user: { id: 9, email: 'taro@example.com', phone: '090-1234-5678', name: 'Yamada Taro', plan: 'gold' },
        note: 'customer asked to be called at 03-9876-5432 or mailed at hanako@example.jp',
      }));
    });
    const candidate = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({
        user: { id: 9, email: 'taro@example.com', phone: '09011112222', name: 'Yamada  Taro', plan: 'silver' },
        note: 'customer asked to be called at 03-9876-5432',
      }));
    });
    const cand = httpCandidate(candidate.url);
    closers.push(legacy.close, candidate.close, cand.close);
    const config = loadConfig({
      overrides: {
        legacy: { url: legacy.url },
        routes: [{ id: 'users', path: '/api/users/*', mode: 'legacy', redact: { allow: ['$.user.plan'] } }],
        shadow: { redact: { secret: 'test-key' } },
      },
      env: {},
    });
    const sink = createMemorySink();
    // The HTTP candidate's recipe lets a thread call it: once the threads are ready, none is made here.
    let callsHere = 0;
    const counted: ShadowCandidate = { dryRun: false, recipe: cand.recipe, call: (req, o) => (callsHere++, cand.call(req, o)) };
    const shadow = createShadowFromConfig(config, { sink, candidateFor: () => counted, legacy: null, compareWorkers });
    await shadow.ready;
    const front = await startShadowFront(legacy.url, shadow.runner, 'users', 1);
    closers.push(front.close, shadow.close);

    const answer = await send(front.url, { path: '/api/users/taro@example.com?tel=09011112222' });
    // The operator sees legacy's real answer.
    expect(answer.body.toString()).toContain('taro@example.com');
    await shadow.runner.idle();

    expect(sink.results).toHaveLength(1);
    expect(callsHere).toBe(compareWorkers === 0 ? 1 : 0);
    expect(sink.results[0]).toMatchObject({ statusCandidate: 200, candidateError: null });
    const stored = JSON.stringify(sink.results);
    for (const raw of PII) expect(stored, raw).not.toContain(raw);
    expect(stored).not.toMatch(/[\w.]+@example\.(com|jp)/);
    const r = sink.results[0]!;
    expect(r.path.startsWith('/api/users/')).toBe(true);
    const paths = r.differences.map((d) => d.path).sort();
    // Same e-mail on both sides: hashed alike, so no difference; the others differ.
    expect(paths).toEqual(['$.note', '$.user.name', '$.user.phone', '$.user.plan']);
    // The route's allow-list keeps `plan` readable; every other string is a hash and its shape.
    expect(r.differences.find((d) => d.path === '$.user.plan')).toMatchObject({ legacy: 'gold', candidate: 'silver' });
    expect(r.differences.find((d) => d.path === '$.user.name')).toMatchObject({ legacy: expect.stringMatching(/^redacted:[0-9a-f]{16} shape:/) });
  });

  it('compares legacy with itself for the noise baseline when the shadow threads make the second call', async () => {
    const legacy = await startServer((_q, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 3, at: new Date().toISOString() }));
    });
    closers.push(legacy.close);
    const config = loadConfig({
      overrides: { legacy: { url: legacy.url }, routes: [{ id: 'items', path: '/api/items/*', mode: 'legacy', noise: 1 }], shadow: { redact: { secret: 'k' } } },
      env: {},
    });
    const sink = createMemorySink();
    // No candidate, no legacy client of the caller's: the threads get legacy's URL from the config.
    const shadow = createShadowFromConfig(config, { sink, candidateFor: () => null, compareWorkers: { size: 1, execArgv } });
    await shadow.ready;
    const front = await startShadowFront(legacy.url, shadow.runner, 'items', 1);
    closers.push(front.close, shadow.close);

    await send(front.url, { path: '/api/items/3' });
    await shadow.runner.idle();
    expect(legacy.requests.map((r) => r.headers['x-strangler-shadow'] ?? 'operator')).toEqual(['operator', 'noise']);
    expect(sink.results).toHaveLength(1);
    expect(sink.results[0]).toMatchObject({ kind: 'noise', statusPrimary: 200, statusCandidate: 200, candidateError: null });
  });

  it.each([
    ['on the event loop', 0],
    ['in a comparison thread', { size: 1, execArgv }],
  ] as const)('stores the kept query keys with the request path, redacted, and drops the others (%s)', async (_where, compareWorkers) => {
    const answer = (res: import('node:http').ServerResponse, rows: number): void => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ rows }));
    };
    const legacy = await startServer((_q, res) => answer(res, 1));
    const candidate = await startServer((_q, res) => answer(res, 2));
    const cand = httpCandidate(candidate.url);
    closers.push(legacy.close, candidate.close, cand.close);
    const config = loadConfig({
      overrides: {
        legacy: { url: legacy.url },
        routes: [{ id: 'list', path: '/api/inquiries', mode: 'legacy', keepQuery: ['page', 'status', 'tag[]', 'email'] }],
        shadow: { redact: { secret: 'test-key' } },
      },
      env: {},
    });
    const sink = createMemorySink();
    const shadow = createShadowFromConfig(config, { sink, candidateFor: () => cand, legacy: null, compareWorkers });
    await shadow.ready;
    const front = await startShadowFront(legacy.url, shadow.runner, 'list', 1);
    closers.push(front.close, shadow.close);

    await send(front.url, { path: '/api/inquiries?session=s3cret&status=open&tag[]=b&page=2&tag[]=a&email=taro%40example.com' });
    await shadow.runner.idle();
    expect(sink.results).toHaveLength(1);
    const path = sink.results[0]!.path;
    // page is a number and status is allow-listed: readable; free-text tags and the e-mail are hashed (deny by default).
    expect(path).toMatch(/^\/api\/inquiries\?page=2&status=open&tag\[\]=redacted%3A[0-9a-f]{16}&tag\[\]=redacted%3A[0-9a-f]{16}&email=redacted%3A[0-9a-f]{16}$/);
    expect(path).not.toContain('session');
    expect(path).not.toContain('s3cret');
  });
});
