import http from 'node:http';
import type { ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, serveProcess, sleep, until } from './harness.js';

// SIGTERM with shutdown.drainDelayMs on a real `strangler serve` process: readiness goes false first,
// requests are still served during the delay, then the port closes and the store is flushed.
// `npm test` builds dist/ first.

const root = resolve(import.meta.dirname, '../../..');
const cli = join(root, 'dist/cli/main.js');
const DRAIN_MS = 1500;

let dir: string;
let legacy: http.Server;
let child: ChildProcess | null = null;
const figures: Record<string, number> = {};

beforeAll(async () => {
  expect(existsSync(cli), 'dist/cli/main.js: run `npm run build` first').toBe(true);
  dir = mkdtempSync(join(tmpdir(), 'strangler-faults-drain-'));
  legacy = http.createServer((req, res) => res.end(JSON.stringify({ result: 'OK', path: req.url })));
  await new Promise<void>((ok) => legacy.listen(0, '127.0.0.1', ok));
});

afterAll(async () => {
  if (child !== null && child.exitCode === null) child.kill('SIGKILL');
  await new Promise<void>((ok) => {
    legacy.close(() => ok());
    legacy.closeAllConnections();
  });
  if (dir) rmSync(dir, { recursive: true, force: true });
  console.log('[faults] sigterm-drain', JSON.stringify(figures));
});

describe('SIGTERM with a drain delay', () => {
  it('answers /readyz 503 at once while it still serves, closes the port only after shutdown.drainDelayMs, then flushes and reports', async () => {
    const configFile = join(dir, 'serve.yaml');
    writeFileSync(configFile, [
      `legacy: "http://127.0.0.1:${(legacy.address() as AddressInfo).port}"`,
      `server: { host: 127.0.0.1 }`,
      `store: { url: "sqlite:${join(dir, 'strangler.db')}", flushIntervalMs: 60000, batchSize: 100000 }`,
      `shutdown: { drainDelayMs: ${DRAIN_MS} }`,
      `log: { level: debug }`,
    ].join('\n'));
    const logs: string[] = [];
    const { proc, port, adminPort, exited } = await serveProcess(cli, configFile, dir, logs);
    child = proc;
    const base = `http://127.0.0.1:${port}`;
    const admin = `http://127.0.0.1:${adminPort}`;
    const ready = await get(admin, '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { config: { ok: true }, draining: { ok: true }, flags: { ok: true }, store: { ok: true } }, legacy: 'reachable' });
    let served = 0;
    for (let i = 0; i < 5; i++, served++) expect((await get(base, `/before/${i}`)).status).toBe(200);

    const signalledAt = Date.now();
    proc.kill('SIGTERM');
    expect(await until(async () => (await get(admin, '/readyz')).status === 503, 100, 10)).toBe(true);
    figures.unreadyAfterMs = Date.now() - signalledAt;
    const unready = await get(admin, '/readyz');
    expect(unready.body.reasons.some((r: string) => r.startsWith('draining'))).toBe(true);

    // Still served during the delay, on new connections, each told to close its connection.
    let duringDelay = 0;
    while (Date.now() - signalledAt < DRAIN_MS - 400) {
      const seen = await new Promise<http.IncomingMessage>((ok, fail) => http.get(`${base}/during/${duringDelay}`, { agent: false }, (res) => { res.resume(); res.on('end', () => ok(res)); }).on('error', fail));
      expect(seen.statusCode).toBe(200);
      expect(seen.headers.connection).toBe('close');
      duringDelay++;
      served++;
      await sleep(50);
    }
    expect(duringDelay).toBeGreaterThan(3);

    // Then the port closes: new connections are refused.
    const refused = async () => {
      const seen = await get(base, '/after');
      if (seen.status === 200) served++; // still inside the delay: served and recorded
      return seen.error === 'ECONNREFUSED';
    };
    expect(await until(refused, 200, 20)).toBe(true);
    const closedAfterMs = Date.now() - signalledAt;
    expect(closedAfterMs).toBeGreaterThanOrEqual(DRAIN_MS);
    expect(await exited).toBe(0);
    figures.portClosedAfterMs = closedAfterMs;
    figures.servedDuringDelay = duringDelay;

    const lines = logs.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Record<string, any>);
    const order = ['draining: /readyz answers 503, requests are still served', 'data plane stopped', 'admin plane stopped', 'store writer closed', 'strangler stopped'];
    const at = order.map((msg) => lines.findIndex((l) => l.msg === msg));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // Every request was buffered (long flush interval) and written at shutdown; nothing lost.
    expect(lines[at[3]]).toMatchObject({ events: { flushed: served, lost: 0 }, results: { flushed: 0, lost: 0 } });
    // Probes are debug lines (level 20), so they never drown the request lines at the default level.
    expect(lines.filter((l) => l.msg === 'admin request' && l.url === '/readyz').every((l) => l.level === 20)).toBe(true);
  }, 40_000);
});
