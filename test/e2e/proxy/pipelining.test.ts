import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startStrangler } from './harness.js';
import type { RunningProxy } from '../../../proxy/index.js';
import type { RequestEvent } from '../../../model/request-event.js';

// Pipelining, HTTP/1.0 and the standards on the request line and Host, with raw bytes in one packet.
// The rule: a request legacy executes is answered to the client and recorded; a request that will not
// be answered is never forwarded.

let legacy: http.Server;
let proxy: RunningProxy;
let events: RequestEvent[];
/** What legacy received: method, target and the upgrade headers it saw. */
const executed: string[] = [];
const seenHeaders: http.IncomingHttpHeaders[] = [];

beforeAll(async () => {
  legacy = http.createServer((req, res) => {
    executed.push(`${req.method} ${req.url}`);
    seenHeaders.push(req.headers);
    req.resume();
    req.on('end', () => {
      // /chunked answers without a length: to an HTTP/1.0 client the answer then ends with the connection.
      if (req.url?.startsWith('/chunked')) {
        res.write('part ');
        res.end(`ok ${req.url}`);
      } else {
        res.setHeader('content-type', 'text/plain');
        res.end(`ok ${req.url}`);
      }
    });
  });
  await new Promise<void>((ok) => legacy.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
  ({ proxy, events } = await startStrangler(url, { admin: { port: null } }));
});

afterAll(async () => {
  await proxy?.close();
  legacy?.closeAllConnections();
  await new Promise<void>((ok) => (legacy ? legacy.close(() => ok()) : ok()));
});

beforeEach(() => {
  executed.length = 0;
  seenHeaders.length = 0;
  events.length = 0;
});

/** Write `bytes` in one packet; resolve with everything received until the proxy closes or `ms` pass. */
function raw(bytes: string, ms = 1000): Promise<{ text: string; closed: boolean }> {
  return new Promise((done) => {
    const socket = net.connect(proxy.port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
    socket.on('error', () => {});
    const timer = setTimeout(() => {
      socket.destroy();
      done({ text, closed: false });
    }, ms);
    socket.on('close', () => {
      clearTimeout(timer);
      done({ text, closed: true });
    });
  });
}

/** The status codes of the answers in a raw byte stream, in order. */
function statuses(text: string): number[] {
  return [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
}

async function inFlight(): Promise<number> {
  const metric = await proxy.metrics.inFlight.get();
  return metric.values[0]?.value ?? 0;
}

/** Events are pushed when a response closes; give the last one a moment. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('pipelining and HTTP/1.0', () => {
  it('an HTTP/1.0 keep-alive request followed in the same packet by a POST: both answered in order and recorded', async () => {
    const seen = await raw('GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi');
    await settle();
    expect(statuses(seen.text)).toEqual([200, 200]);
    expect(executed).toEqual(['GET /a', 'POST /b']);
    expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /a 200', 'POST /b 200']);
    expect(await inFlight()).toBe(0);
  });

  it('regression: a POST pipelined behind an HTTP/1.0 answer that ends the connection is never forwarded (legacy ran it, the client never got its answer, nothing recorded it, the in-flight gauge stayed up)', async () => {
    const seen = await raw('GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\nPOST /write HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi');
    await settle();
    expect(seen.closed).toBe(true);
    expect(statuses(seen.text)).toEqual([200]);
    expect(executed).toEqual(['GET /chunked']);
    expect(events.map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(['GET /chunked 200']);
    expect(await inFlight()).toBe(0);
  });

  it('regression: a Connection: close request followed by more bytes gets legacy\'s answer (was 400 while legacy ran it); the bytes after it are never forwarded', async () => {
    const seen = await raw('GET /c HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /d HTTP/1.1\r\nHost: x\r\n\r\n');
    await settle();
    expect(seen.closed).toBe(true);
    expect(statuses(seen.text)).toEqual([200]);
    expect(seen.text).toMatch(/ok \/c$/);
    expect(executed).toEqual(['GET /c']);
    expect(events.map((e) => `${e.path} ${e.status}`)).toEqual(['/c 200']);
    expect(await inFlight()).toBe(0);
  });

  it('answers a request in flight before the 400 for garbage pipelined after it', async () => {
    const seen = await raw('GET /e HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n');
    await settle();
    expect(seen.closed).toBe(true);
    expect(statuses(seen.text)).toEqual([200, 400]);
    expect(seen.text).toContain('PRX_ERR_BAD_REQUEST');
    expect(executed).toEqual(['GET /e']);
    expect(await inFlight()).toBe(0);
  });
});

describe('standards', () => {
  it('regression: two Host headers get 400 PRX_ERR_BAD_REQUEST and are not forwarded (RFC 9112 §3.2)', async () => {
    const seen = await raw('GET /twohosts HTTP/1.1\r\nHost: a.example\r\nHost: b.example\r\n\r\n');
    expect(statuses(seen.text)).toEqual([400]);
    expect(seen.text).toContain('PRX_ERR_BAD_REQUEST');
    expect(seen.closed).toBe(true);
    expect(executed).toEqual([]);
  });

  it('regression: a request line without a version gets 400 PRX_ERR_BAD_REQUEST and is not forwarded', async () => {
    const seen = await raw('GET /noversion\r\nHost: x\r\n\r\n');
    expect(statuses(seen.text)).toEqual([400]);
    expect(seen.text).toContain('PRX_ERR_BAD_REQUEST');
    expect(executed).toEqual([]);
  });

  it('still serves an HTTP/1.0 request without Host', async () => {
    const seen = await raw('GET /old HTTP/1.0\r\n\r\n');
    expect(statuses(seen.text)).toEqual([200]);
    expect(executed).toEqual(['GET /old']);
  });

  it('regression: Upgrade: h2c (curl --http2) is served as a plain HTTP/1.1 request, recorded, with the upgrade stripped towards legacy (was dropped)', async () => {
    const seen = await raw(
      'GET /h2c?q=1 HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\nAccept: */*\r\n\r\n' +
        'GET /next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    await settle();
    expect(statuses(seen.text)).toEqual([200, 200]);
    expect(seen.text).toContain('ok /h2c?q=1');
    expect(executed).toEqual(['GET /h2c?q=1', 'GET /next']);
    expect(seenHeaders[0]!.upgrade).toBeUndefined();
    expect(seenHeaders[0]!['http2-settings']).toBeUndefined();
    expect(seenHeaders[0]!.connection).not.toMatch(/upgrade/i);
    expect(seenHeaders[0]!.accept).toBe('*/*');
    expect(events.map((e) => `${e.path} ${e.status}`)).toEqual(['/h2c 200', '/next 200']);
  });

  it('an h2c upgrade on a POST keeps its body and its Connection: close', async () => {
    const seen = await raw('POST /h2c-post HTTP/1.1\r\nHost: x\r\nConnection: close, Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMA\r\nContent-Length: 5\r\n\r\nhello');
    expect(statuses(seen.text)).toEqual([200]);
    expect(seen.closed).toBe(true);
    expect(executed).toEqual(['POST /h2c-post']);
    expect(seenHeaders[0]!['content-length']).toBe('5');
  });
});
