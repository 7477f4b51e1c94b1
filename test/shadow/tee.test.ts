import { describe, it, expect, afterEach } from 'vitest';
import { createServer, get, type Server, type IncomingMessage } from 'node:http';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { AddressInfo } from 'node:net';
import { teeStream } from '../../shadow/tee.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function fetchRes(url: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => get(url, resolve).on('error', reject));
}

function sink(): Writable & { received: number } {
  const w = new Writable({
    write(chunk: Buffer, _enc, cb) {
      w.received += chunk.length;
      cb();
    },
  }) as Writable & { received: number };
  w.received = 0;
  return w;
}

describe('teeStream', () => {
  it('keeps the bytes that flow to the destination, chunk by chunk', async () => {
    const url = await serve((_req, res) => {
      res.write('{"a":');
      setTimeout(() => res.end('1}'), 5);
    });
    const res = await fetchRes(url);
    const tee = teeStream(res, 1024);
    const dest = sink();
    await pipeline(res, dest);
    const out = await tee;
    expect(out.body?.toString()).toBe('{"a":1}');
    expect(out.complete).toBe(true);
    expect(out.tooLarge).toBe(false);
    expect(dest.received).toBe(7);
  });

  it('past the cap keeps nothing, only counts, and the client still gets every byte', async () => {
    const size = 2 * 1024 * 1024;
    const url = await serve((_req, res) => res.end(Buffer.alloc(size, 120)));
    const res = await fetchRes(url);
    const tee = teeStream(res, 64 * 1024);
    const dest = sink();
    await pipeline(res, dest);
    const out = await tee;
    expect(out.tooLarge).toBe(true);
    expect(out.body).toBeNull();
    expect(out.bytes).toBe(size);
    expect(dest.received).toBe(size);
  });

  it('does not resume a stream the destination has paused (back-pressure is kept)', async () => {
    const url = await serve((_req, res) => res.end(Buffer.alloc(4 * 1024 * 1024, 1)));
    const res = await fetchRes(url);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let received = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        gate.then(() => cb());
      },
    });
    const tee = teeStream(res, 8 * 1024 * 1024);
    const done = pipeline(res, slow);
    await new Promise((r) => setTimeout(r, 50));
    // The destination took one chunk and is stuck: the source is paused and the tee saw no more than that.
    expect(res.isPaused()).toBe(true);
    expect(received).toBeLessThan(4 * 1024 * 1024);
    release();
    await done;
    const out = await tee;
    expect(out.body?.length).toBe(4 * 1024 * 1024);
  });

  it('reports an incomplete stream when the upstream dies mid-body', async () => {
    const url = await serve((_req, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('partial');
      setTimeout(() => res.socket?.destroy(), 10);
    });
    const res = await fetchRes(url);
    const tee = teeStream(res, 1024);
    res.resume();
    const out = await tee;
    expect(out.complete).toBe(false);
  });
});
