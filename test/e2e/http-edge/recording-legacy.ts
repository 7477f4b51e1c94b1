import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';

/** One request as legacy saw it: the raw head bytes and the body node parsed. */
export interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

/** A legacy stand-in that records the raw bytes of every connection and every request it parsed. */
export interface RecordingLegacy {
  url: string;
  requests: Received[];
  /** Everything that arrived, connection by connection, as latin1 text. */
  raw(): string[];
  close(): Promise<void>;
}

/** Start it on port 0; it answers every request with 200 `legacy` and the path it got. */
export async function startRecordingLegacy(): Promise<RecordingLegacy> {
  const requests: Received[] = [];
  const conns: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', rawHeaders: req.rawHeaders, body: Buffer.concat(chunks) });
      const body = `legacy ${req.url}`;
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(body) });
      res.end(body);
    });
  });
  server.on('connection', (socket: net.Socket) => {
    const mine: Buffer[] = [];
    conns.push(mine);
    sockets.add(socket);
    socket.on('data', (c: Buffer) => mine.push(c));
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    raw: () => conns.map((c) => Buffer.concat(c).toString('latin1')),
    close: () => {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Send raw bytes on a fresh connection and collect everything until the server closes it or `ms` pass. */
export function rawExchange(port: number, bytes: string | Buffer, ms = 1500): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    const timer = setTimeout(done, ms);
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('end', done);
    socket.on('error', done);
    socket.write(bytes);
  });
}

/** Status codes of every response in a raw answer stream, in order. */
export function statuses(raw: string): number[] {
  return [...raw.matchAll(/HTTP\/1\.[01] (\d{3})/g)].map((m) => Number(m[1]));
}

/**
 * Every request head legacy received must be unambiguous: at most one Content-Length, never with
 * Transfer-Encoding, and Transfer-Encoding (when present) exactly `chunked`.
 */
export function ambiguousHeads(raw: string[]): string[] {
  const bad: string[] = [];
  for (const stream of raw) {
    for (const head of stream.split('\r\n\r\n')) {
      if (!/^[A-Z]+ \S+ HTTP\/1\.[01]\r\n/.test(head)) continue;
      const lines = head.split('\r\n').slice(1);
      const cl = lines.filter((l) => /^content-length\s*:/i.test(l));
      const te = lines.filter((l) => /^transfer-encoding\s*:/i.test(l));
      if (cl.length > 1 || (cl.length > 0 && te.length > 0) || te.length > 1 || te.some((l) => !/^transfer-encoding:\s*chunked\s*$/i.test(l))) bad.push(head);
    }
  }
  return bad;
}
