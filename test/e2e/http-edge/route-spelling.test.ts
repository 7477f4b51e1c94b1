import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startStrangler } from '../proxy/harness.js';
import type { RunningProxy } from '../../../proxy/index.js';
import type { ModeHandler } from '../../../proxy/mode-handlers.js';
import { rawExchange, startRecordingLegacy, statuses, type RecordingLegacy } from './recording-legacy.js';

// The `new` side is a stand-in that answers at once, so every answer says who served it.
const serveNew: ModeHandler = (ctx) => {
  ctx.setOutcome({ servedBy: 'new', arm: 'new', fallback: false });
  ctx.res.writeHead(200, { 'content-type': 'text/plain' });
  ctx.res.end(`new ${ctx.route?.id}`);
};

let legacy: RecordingLegacy;
let proxy: RunningProxy;
let base: string;

beforeAll(async () => {
  legacy = await startRecordingLegacy();
  const s = await startStrangler(
    legacy.url,
    {
      candidate: { url: 'http://127.0.0.1:9/graphql' },
      routes: [
        { id: 'inquiry', method: 'GET', path: '/api/inquiries/:id', mode: 'new', adapter: 'inquiry-show' },
        { id: 'admin-page', path: '/admin/*', mode: 'new', adapter: 'inquiry-show' },
      ],
    },
    { handlers: { new: serveNew } },
  );
  proxy = s.proxy;
  base = s.base;
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

/** Who answered: `new <route>`, `legacy …`, or the refusal status. */
async function servedBy(path: string, method = 'GET'): Promise<string> {
  const res = await request(base, path, { method });
  if (res.status === 400) return '400';
  return res.body.toString().split(' ').slice(0, method === 'GET' ? 2 : 1).join(' ');
}

describe('a route flag cannot be bypassed by another spelling of the path', () => {
  const spellings = [
    '/api/inquiries/7', '/API/Inquiries/7', '//api///inquiries//7/', '/api/./inquiries/7', '/api/x/../inquiries/7',
    '/api/inquiries/%37', '/%61pi/inquiries/7', '/api/%2e/inquiries/7', '/api/x/%2e%2E/inquiries/7', '/x/../../api/inquiries/7',
    '/api/inquiries/7?x=/../../y', '/api/inquiries/7#frag', 'http://evil.example/api/inquiries/7',
  ];
  it.each(spellings)('%s is served by the new route', async (path) => {
    expect(await servedBy(path)).toBe('new inquiry');
  });

  // Legacy servers (nginx, Symfony's router, IIS) may read %2F or %5C as a separator: such a spelling
  // must not slip past the route to legacy.
  const encodedSeparators = ['/api%2Finquiries/7', '/api%2finquiries%2F7', '/api%5Cinquiries/7', '/admin%2Fusers', '/api/inquiries%2F7'];
  it.each(encodedSeparators)('regression (encoded slash bypassed a new route to legacy): %s is refused, not sent to legacy', async (path) => {
    const before = legacy.requests.length;
    const res = await request(base, path);
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).error.code).toBe('PRX_ERR_AMBIGUOUS_PATH');
    expect(legacy.requests.length).toBe(before);
  });

  it('and the other way: a legacy path cannot reach a new route by encoding its slash', async () => {
    // /api/inquiries/7/reply is no route (legacy); /api/inquiries/7%2Freply would match :id = "7/reply"
    expect(await servedBy('/api/inquiries/7/reply')).toBe('legacy /api/inquiries/7/reply');
    expect(await servedBy('/api/inquiries/7%2Freply')).toBe('400');
  });

  it('a raw backslash, read as a separator by some servers (IIS), cannot slip past a route either', async () => {
    const before = legacy.requests.length;
    const raw = await rawExchange(proxy.port, 'GET /api\\inquiries\\7 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statuses(raw)).toEqual([400]);
    expect(raw).toContain('PRX_ERR_AMBIGUOUS_PATH');
    expect(legacy.requests.length).toBe(before);
  });

  it('an encoded slash that means the same route either way still passes untouched', async () => {
    expect(await servedBy('/files/a%2Fb')).toBe('legacy /files/a%2Fb');
    expect(await servedBy('/admin/a%2Fb')).toBe('new admin-page');
  });

  it('other methods of a GET-only route go to legacy in every spelling alike', async () => {
    for (const p of ['/api/inquiries/7', '/API/inquiries/7/']) expect(await servedBy(p, 'POST')).toBe('legacy');
  });

  it('paths with invalid UTF-8 and bad escapes pass to legacy byte for byte, or match the route', async () => {
    const before = legacy.requests.length;
    const raw = await rawExchange(proxy.port, Buffer.concat([Buffer.from('GET /files/'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('%ZZ%E3%81 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')]));
    const [status] = statuses(raw);
    expect([200, 400]).toContain(status);
    if (status === 200) expect(Buffer.from(legacy.requests[before].url, 'latin1')).toEqual(Buffer.concat([Buffer.from('/files/'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('%ZZ%E3%81')]));
    expect(await servedBy('/api/inquiries/%FF%FE')).toBe('new inquiry');
    expect(await servedBy('/api/inquiries/%E0%A4%A')).toBe('new inquiry');
  });
});
