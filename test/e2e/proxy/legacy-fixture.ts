import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { AddressInfo, Socket } from 'node:net';

/** A small legacy-like app: echoes what it receives and answers the awkward cases a CS tool produces. */
export interface LegacyFixture {
  url: string;
  port: number;
  /** Responses whose client (the proxy) went away before they ended. */
  aborted: number;
  /** Release the next step of a /stream response. */
  release(): void;
  close(): Promise<void>;
}

const GZIPPED = gzipSync(Buffer.from(JSON.stringify({ message: 'こんにちは', items: Array.from({ length: 50 }, (_, i) => i) })));

/** Start the fixture on `port` (0 = any). */
export async function startLegacyFixture(port = 0): Promise<LegacyFixture> {
  const waiting: (() => void)[] = [];
  const state = { aborted: 0 };
  const server = http.createServer((req, res) => handle(req, res));
  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = req.url ?? '/';
    const path = url.split('?')[0];
    res.on('close', () => {
      if (!res.writableFinished) state.aborted++;
    });
    if (path.startsWith('/cookies')) {
      res.writeHead(302, [
        ['Set-Cookie', 'a=1; Path=/; HttpOnly'],
        ['Set-Cookie', 'b=2; Path=/; Secure'],
        ['Set-Cookie', 'c=3'],
        ['Location', '/após?x=1&y=%2F'],
        ['Content-Type', 'text/html; charset=Shift_JIS'],
        ['Content-Length', '5'],
        ['X-Legacy', 'yes'],
      ].flat() as unknown as http.OutgoingHttpHeaders);
      res.end('moved');
      return;
    }
    if (path === '/gzip') {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-encoding': 'gzip', 'content-length': GZIPPED.length, vary: 'Accept-Encoding' });
      res.end(GZIPPED);
      return;
    }
    if (path.startsWith('/status/')) {
      const code = Number(path.slice('/status/'.length));
      if (code === 304) {
        res.writeHead(304, { etag: '"v1"' });
        res.end();
        return;
      }
      const body = JSON.stringify({ status: code });
      res.writeHead(code, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'x-status': String(code) });
      res.end(body);
      return;
    }
    if (path === '/stream') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first;');
      waiting.push(() => {
        res.write('second;');
        waiting.push(() => res.end('last'));
      });
      return;
    }
    if (path === '/big') {
      const size = Number(new URL(url, 'http://x').searchParams.get('size'));
      const chunk = Buffer.alloc(64 * 1024, 120);
      let sent = 0;
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      const pump = () => {
        while (sent < size) {
          const piece = sent + chunk.length <= size ? chunk : chunk.subarray(0, size - sent);
          sent += piece.length;
          if (!res.write(piece)) return void res.once('drain', pump);
        }
        res.end();
      };
      pump();
      return;
    }
    if (path === '/slow') {
      const ms = Number(new URL(url, 'http://x').searchParams.get('ms'));
      const timer = setTimeout(() => res.end('done'), ms);
      res.on('close', () => clearTimeout(timer));
      return;
    }
    // Everything else: echo what arrived, with a digest of the body (so large bodies are not kept).
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (c: Buffer) => {
      bytes += c.length;
      hash.update(c);
    });
    req.on('end', () => {
      const body = JSON.stringify({ method: req.method, url, headers: req.headers, rawHeaders: req.rawHeaders, bytes, sha256: hash.digest('hex') });
      res.writeHead(path === '/missing' ? 404 : 200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
      res.end(req.method === 'HEAD' ? undefined : body);
    });
  }
  // A raw WebSocket-style upgrade: answer 101 and echo every byte back.
  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nX-Upgrade-Url: ' + req.url + '\r\n\r\n');
    if (head.length > 0) socket.write(head);
    socket.pipe(socket);
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    get aborted() {
      return state.aborted;
    },
    release() {
      waiting.shift()?.();
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
