import { describe, it, expect, afterEach } from 'vitest';
import { createHttpReplay, SHADOW_HEADER, type ShadowRequest } from '../../shadow/index.js';
import { CallOptions } from '../../shadow/call-with-timeout.js';
import { startServer } from './harness.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()!();
});

const request = (over: Partial<ShadowRequest> = {}): ShadowRequest => ({
  method: 'GET',
  url: '/api/items/1?x=1',
  headers: { host: 'cs.example', connection: 'keep-alive, x-drop', 'x-drop': '1', cookie: 'sid=abc', 'x-operator-id': 'op1' },
  body: Buffer.alloc(0),
  params: {},
  operatorId: 'op1',
  requestId: 'r1',
  ...over,
});
const callOpts = (ms = 2000, maxBodyBytes = 1024 * 1024) => ({ signal: AbortSignal.timeout(ms), maxBodyBytes });

describe('createHttpReplay', () => {
  it('replays method, path, query, body and end-to-end headers (hop-by-hop dropped, tagged) and observes the answer', async () => {
    const server = await startServer((_q, res) => {
      res.writeHead(201, { 'content-type': 'application/json', 'set-cookie': ['a=1', 'b=2'] });
      res.write('{"id":');
      setTimeout(() => res.end('1}'), 5);
    });
    const replay = createHttpReplay(`${server.url}/base/`, { side: 'candidate', tag: 'candidate' });
    closers.push(server.close, () => replay.close());
    const obs = await replay.call(request({ method: 'POST', body: Buffer.from('q=1') }), callOpts());
    expect(obs).toMatchObject({ side: 'candidate', status: 201, error: null, tooLarge: false });
    expect(obs.body?.toString()).toBe('{"id":1}');
    expect(obs.headers['content-type']).toBe('application/json');
    expect(obs.headers['set-cookie']).toBe('a=1, b=2');
    const seen = server.requests[0]!;
    expect(seen).toMatchObject({ method: 'POST', url: '/base/api/items/1?x=1', body: 'q=1' });
    expect(seen.headers).toMatchObject({ cookie: 'sid=abc', 'x-operator-id': 'op1', [SHADOW_HEADER]: 'candidate' });
    expect(seen.headers['x-drop']).toBeUndefined();
  });

  it('stops reading past the cap and reports too large', async () => {
    const big = Buffer.alloc(256 * 1024, 97);
    const server = await startServer((_q, res) => res.end(big));
    const replay = createHttpReplay(server.url, { side: 'candidate', tag: 'candidate' });
    closers.push(server.close, () => replay.close());
    const obs = await replay.call(request(), callOpts(2000, 1024));
    expect(obs).toMatchObject({ status: 200, body: null, tooLarge: true, error: null });
  });

  it('answers SHD_ERR_TIMEOUT when the signal fires first, and SHD_ERR_CANDIDATE_FAILED when nothing listens', async () => {
    const server = await startServer((_q, res) => setTimeout(() => res.end('late'), 500));
    const replay = createHttpReplay(server.url, { side: 'candidate', tag: 'candidate' });
    closers.push(server.close, () => replay.close());
    expect(await replay.call(request(), callOpts(50))).toMatchObject({ error: 'SHD_ERR_TIMEOUT', status: null, body: null });

    const dead = createHttpReplay('http://127.0.0.1:1', { side: 'secondary', tag: 'noise' });
    closers.push(() => dead.close());
    expect(await dead.call(request(), callOpts())).toMatchObject({ side: 'secondary', error: 'SHD_ERR_CANDIDATE_FAILED', status: null });
  });

  it('listens for the deadline through onDeadline without ever making a signal, and sends nothing once it has passed', async () => {
    const server = await startServer((_q, res) => setTimeout(() => res.end('late'), 500));
    const replay = createHttpReplay(server.url, { side: 'candidate', tag: 'candidate' });
    closers.push(server.close, () => replay.close());
    class DeadlineOnly extends CallOptions {
      override get signal(): AbortSignal {
        throw new Error('signal read');
      }
    }

    const pending = new DeadlineOnly(false, 1024);
    const timer = setTimeout(() => pending.abort(new Error('deadline')), 50);
    expect(await replay.call(request(), pending)).toMatchObject({ error: 'SHD_ERR_TIMEOUT', status: null, body: null });
    clearTimeout(timer);
    expect(server.requests).toHaveLength(1);

    const passed = new DeadlineOnly(false, 1024);
    passed.abort(new Error('deadline'));
    expect(await replay.call(request(), passed)).toMatchObject({ error: 'SHD_ERR_TIMEOUT' });
    await new Promise((r) => setTimeout(r, 50));
    expect(server.requests).toHaveLength(1);
  });
});

describe('CallOptions', () => {
  it('tells deadline listeners once, at once when it has passed, and not after they stop listening', () => {
    const opts = new CallOptions(false, 1);
    const heard: string[] = [];
    opts.onDeadline((r) => heard.push(`a:${r.message}`));
    const stop = opts.onDeadline((r) => heard.push(`b:${r.message}`));
    stop();
    opts.abort(new Error('t'));
    opts.onDeadline((r) => heard.push(`c:${r.message}`));
    expect(heard).toEqual(['a:t', 'c:t']);
    expect(opts.signal.aborted).toBe(true);
  });
});
