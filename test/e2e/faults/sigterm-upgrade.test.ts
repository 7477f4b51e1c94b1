import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveProcess, sleep } from './harness.js';

// SIGTERM to a real `strangler serve` process with upgraded connections open. An upgraded connection
// leaves node's HTTP server, so the drain neither saw nor closed it: a `GET` with `Upgrade: websocket`
// that legacy answered 200 (not 101), with a second request pipelined behind it, left a half-open
// connection that held the process until SIGKILL, losing the buffered events.

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/cli/main.js');

let dir: string;
let legacy: http.Server;
let legacyUrl: string;
const executed: string[] = [];
const legacySockets = new Set<net.Socket>();
const children: ChildProcess[] = [];
const figures: Record<string, number> = {};

beforeAll(async () => {
  expect(existsSync(cli), 'dist/cli/main.js: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-term-up-'));
  // A legacy without WebSocket support answers an upgrade request like any other, except on /ws.
  legacy = http.createServer((req, res) => {
    executed.push(`${req.method} ${req.url}`);
    res.setHeader('content-type', 'text/plain');
    res.end(`ok ${req.url}`);
  });
  legacy.on('upgrade', (req: http.IncomingMessage, socket: net.Socket) => {
    executed.push(`${req.method} ${req.url}`);
    if (req.url !== '/ws') {
      socket.end('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nplain');
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d) => socket.write(d)); // echo, and never close by itself
    socket.on('error', () => socket.destroy());
  });
  legacy.on('connection', (s: net.Socket) => {
    legacySockets.add(s);
    s.once('close', () => legacySockets.delete(s));
  });
  await new Promise<void>((ok) => legacy.listen(0, '127.0.0.1', ok));
  legacyUrl = `http://127.0.0.1:${(legacy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const s of legacySockets) s.destroy();
  await new Promise<void>((ok) => (legacy ? legacy.close(() => ok()) : ok()));
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('[faults] sigterm-upgrade', JSON.stringify(figures));
});

/** Send raw bytes on a new connection that never ends its side; resolves once `until` matches what arrived (at most 8 s). */
function rawHalfOpen(port: number, bytes: string, until: RegExp): Promise<{ socket: net.Socket; text: string }> {
  return new Promise((done) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true }, () => socket.write(bytes));
    let text = '';
    const timer = setTimeout(() => done({ socket, text }), 8000);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (until.test(text)) {
        clearTimeout(timer);
        // a moment for anything that would wrongly follow (an answer to the pipelined request)
        setTimeout(() => done({ socket, text }), 200);
      }
    });
    socket.on('error', () => {});
  });
}

/** Wait for the exit code, at most `ms`; null when the process is still running. */
function exitWithin(exited: Promise<number | null>, ms: number): Promise<number | null | 'running'> {
  return Promise.race([exited, sleep(ms).then(() => 'running' as const)]);
}

function writeConfig(name: string): { configFile: string; db: string } {
  const db = join(dir, `${name}.db`);
  const configFile = join(dir, `${name}.yaml`);
  writeFileSync(configFile, [
    `legacy: { url: "${legacyUrl}", timeoutMs: 3000 }`,
    `server: { host: 127.0.0.1 }`,
    `store: { url: "sqlite:${db}", flushIntervalMs: 60000, batchSize: 100000 }`,
  ].join('\n'));
  return { configFile, db };
}

describe('SIGTERM with upgraded connections open', () => {
  it('regression: SIGTERM completes after an Upgrade: websocket GET that legacy answered 200, with a request pipelined behind it (was a hang until SIGKILL)', async () => {
    const { configFile, db } = writeConfig('odd');
    const started = await serveProcess(cli, configFile, dir);
    children.push(started.proc);
    executed.length = 0;
    // A plain request first, so there is a buffered event the hang would lose.
    const plain = await rawHalfOpen(started.port, 'GET /before HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', /ok \/before$/);
    expect(plain.text).toMatch(/^HTTP\/1\.1 200/);
    const odd = await rawHalfOpen(
      started.port,
      'GET /chat HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n',
      /plain$/,
    );
    expect(odd.text).toMatch(/^HTTP\/1\.1 200/);
    expect(odd.text).toMatch(/plain$/);
    // The pipelined request can no longer be answered on this connection, so it was never forwarded.
    expect(executed).toEqual(['GET /before', 'GET /chat']);

    const t0 = Date.now();
    started.proc.kill('SIGTERM');
    const code = await exitWithin(started.exited, 10_000);
    figures.oddUpgradeShutdownMs = Date.now() - t0;
    odd.socket.destroy();
    plain.socket.destroy();
    expect(code).toBe(0);
    const store = new Database(db, { readonly: true });
    try {
      expect((store.prepare("SELECT COUNT(*) AS n FROM request_events WHERE path = '/before'").get() as { n: number }).n).toBe(1);
    } finally {
      store.close();
    }
  }, 40_000);

  it('regression: SIGTERM completes with a WebSocket open, closing it (was a hang until SIGKILL)', async () => {
    const { configFile } = writeConfig('ws');
    const started = await serveProcess(cli, configFile, dir);
    children.push(started.proc);
    const ws = await rawHalfOpen(started.port, 'GET /ws HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n', /\r\n\r\n$/);
    expect(ws.text).toMatch(/^HTTP\/1\.1 101/);
    const closed = new Promise<void>((ok) => ws.socket.once('close', () => ok()));
    ws.socket.on('end', () => ws.socket.end());
    const t0 = Date.now();
    started.proc.kill('SIGTERM');
    const code = await exitWithin(started.exited, 10_000);
    figures.websocketShutdownMs = Date.now() - t0;
    expect(code).toBe(0);
    await closed;
  }, 40_000);
});
