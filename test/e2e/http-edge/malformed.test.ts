import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { request, startStrangler } from '../proxy/harness.js';
import type { RunningProxy } from '../../../proxy/index.js';
import type { RequestEvent } from '../../../model/request-event.js';
import { ambiguousHeads, rawExchange, startRecordingLegacy, statuses, type RecordingLegacy } from './recording-legacy.js';

let legacy: RecordingLegacy;
let proxy: RunningProxy;
let events: RequestEvent[];
const logLines: string[] = [];

beforeAll(async () => {
  legacy = await startRecordingLegacy();
  const sink = new Writable({ write(chunk: Buffer, _e, done) { logLines.push(...chunk.toString().split('\n').filter((l) => l !== '')); done(); } });
  const s = await startStrangler(legacy.url, { operator: { from: 'cookie', cookie: 'op' } }, { logger: pino({ level: 'info' }, sink) });
  proxy = s.proxy;
  events = s.events;
});
afterAll(async () => {
  await proxy.close();
  await legacy.close();
});

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n\r\n';

describe('malformed requests are refused cleanly and never reach legacy', () => {
  const cases: [string, string | Buffer][] = [
    ['extra token in the request line', crlf(['GET /a HTTP/1.1 extra', 'Host: x'])],
    ['unknown HTTP version', crlf(['GET /a HTTP/9.9', 'Host: x'])],
    ['lower-case method', crlf(['get /a HTTP/1.1', 'Host: x'])],
    ['NUL in the request target', crlf(['GET /a\u0000b HTTP/1.1', 'Host: x'])],
    ['space inside the target', crlf(['GET /a b HTTP/1.1', 'Host: x'])],
    ['header line without a colon', crlf(['GET /a HTTP/1.1', 'Host: x', 'NoColonHere'])],
    ['CR alone inside a header value', crlf(['GET /a HTTP/1.1', 'Host: x', 'X-A: one\rX-Injected: two'])],
    ['LF alone inside a header value', 'GET /a HTTP/1.1\r\nHost: x\r\nX-A: one\nX-Injected: two\r\n\r\n'],
    ['NUL inside a header value', crlf(['GET /a HTTP/1.1', 'Host: x', 'X-A: a\u0000b'])],
    ['space in a header name', crlf(['GET /a HTTP/1.1', 'Host: x', 'X A: b'])],
    ['garbage bytes', Buffer.from([0x16, 0x03, 0x01, 0x00, 0xff, 0x0d, 0x0a, 0x0d, 0x0a])],
  ];

  it.each(cases)('%s: 400 PRX_ERR_BAD_REQUEST', async (_name, bytes) => {
    const before = legacy.requests.length;
    const raw = await rawExchange(proxy.port, bytes);
    expect(statuses(raw)).toEqual([400]);
    expect(raw).toContain('"code":"PRX_ERR_BAD_REQUEST"');
    expect(legacy.requests.length).toBe(before);
  });

  // node's parser reads these leniently; what matters is that legacy then gets one clean request.
  const tolerated: [string, string][] = [
    ['two spaces in the request line', crlf(['GET  /tolerated HTTP/1.1', 'Host: x', 'Connection: close'])],
    ['no version (HTTP/0.9 style)', 'GET /tolerated\r\n\r\n'],
  ];
  it.each(tolerated)('%s: refused, or passed as one clean request', async (_name, bytes) => {
    const before = legacy.requests.length;
    const got = statuses(await rawExchange(proxy.port, bytes));
    expect(got.length).toBe(1);
    if (got[0] === 400) expect(legacy.requests.length).toBe(before);
    else expect(legacy.requests.slice(before).map((r) => r.url)).toEqual(['/tolerated']);
  });

  it('a CR/LF sent percent-encoded in the operator cookie stays inside one event and one log line', async () => {
    const res = await request(`http://127.0.0.1:${proxy.port}`, '/inj', { headers: { cookie: 'op=alice%0D%0AX-Injected%3A%201%0A%7B%22msg%22%3A%22forged%22%7D' } });
    expect(res.status).toBe(200);
    await new Promise((r) => setTimeout(r, 200)); // pino writes asynchronously
    const event = events.find((e) => e.path === '/inj');
    expect(event?.operatorId).toContain('\r\n'); // kept as data …
    const forged = logLines.filter((l) => l.includes('forged'));
    expect(forged.length).toBe(1); // … but the log line is still one JSON object
    expect(JSON.parse(forged[0]).operatorId).toBe(event?.operatorId);
    for (const l of logLines) expect(() => JSON.parse(l)).not.toThrow();
    // legacy got the cookie exactly as sent, with no extra header line
    const seen = legacy.requests.find((r) => r.url === '/inj');
    expect(seen?.rawHeaders.map((h) => h.toLowerCase())).not.toContain('x-injected');
  });

  it('a body with invalid UTF-8 passes to legacy byte for byte', async () => {
    const body = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0xc3, 0x28, 0xed, 0xa0, 0x80, 0x22, 0x7d]);
    const res = await request(`http://127.0.0.1:${proxy.port}`, '/bytes', { method: 'POST', headers: { 'content-type': 'application/json; charset=utf-8' }, body });
    expect(res.status).toBe(200);
    expect(legacy.requests.find((r) => r.url === '/bytes')?.body).toEqual(body);
  });

  it('no head legacy received in this suite is ambiguous', () => {
    expect(ambiguousHeads(legacy.raw())).toEqual([]);
  });
});
