import http from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { loadConfig, type StranglerConfig } from '../../../config/index.js';
import { startStrangler, type RunningStrangler } from '../../../runtime/index.js';
import { exampleAdapters } from '../../../examples/adapters/index.js';
import { startSampleStack, type SampleStack } from '../../../examples/sample-stack/index.js';

/** The full runtime (store, writer, flags, adapters, shadow, handlers) over the sample stack or a given legacy. */
export interface FaultRig {
  running: RunningStrangler;
  config: StranglerConfig;
  /** Base URL of the proxy's public port. */
  base: string;
  dir: string;
  stack: SampleStack | null;
  /** Prometheus text of the proxy's registry. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Options of {@link startRig}: anything not given comes from the sample stack and a SQLite store in a temp dir. */
export interface RigOptions {
  routes?: Record<string, unknown>[];
  /** Legacy to proxy to; default the sample legacy CS tool. */
  legacyUrl?: string;
  /** Extra config, merged over the rig's own. */
  overrides?: Record<string, unknown>;
  /** A sample stack the caller owns (kept running at close); default one of the rig's own. */
  stack?: SampleStack;
  /** The GraphQL URL the adapters call (e.g. a relay in front of the stack's); default the stack's. */
  candidateUrl?: string;
  /** The runtime's logger; default a silent one. */
  logger?: Logger;
}

/** Start the sample stack (when needed) and `startStrangler` with the example adapters, all on port 0. */
export async function startRig(options: RigOptions = {}): Promise<FaultRig> {
  const dir = mkdtempSync(join(tmpdir(), 'strangler-faults-'));
  const own = options.stack === undefined && options.legacyUrl === undefined;
  const stack = options.stack ?? (own ? await startSampleStack({ dbFile: join(dir, 'sample.db') }) : null);
  const overrides: Record<string, unknown> = {
    instance: 'faults',
    legacy: { url: options.legacyUrl ?? stack!.legacy.url, connectTimeoutMs: 2000 },
    server: { host: '127.0.0.1', port: 0 },
    admin: { port: null },
    store: { url: `sqlite:${join(dir, 'strangler.db')}`, flushIntervalMs: 50 },
    flags: { pollIntervalMs: 60_000 },
    routes: options.routes ?? [],
    ...(stack ? { candidate: { url: options.candidateUrl ?? stack.graphql.url, timeoutMs: 1000, schema: { from: 'sdl', file: stack.schemaFile } } } : {}),
  };
  const config = loadConfig({ overrides: mergeShallow(overrides, options.overrides ?? {}) });
  let running: RunningStrangler;
  try {
    running = await startStrangler(config, { logger: options.logger ?? pino({ level: 'silent' }), builtInAdapters: exampleAdapters });
  } catch (err) {
    if (own) await stack?.close();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    running,
    config,
    base: `http://127.0.0.1:${running.proxy.port}`,
    dir,
    stack,
    metrics: () => running.proxy.metrics.registry.metrics(),
    async close() {
      await running.close();
      if (own) await stack?.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// One level deep is enough for config sections (`legacy`, `store` …).
function mergeShallow(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isPlain(prev) && isPlain(v) ? { ...prev, ...v } : v;
  }
  return out;
}

function isPlain(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One answer as the client saw it: `cut` when the connection ended before the body did. */
export interface Seen {
  status: number;
  text: string;
  body: any;
  cut: boolean;
  error: string | null;
}

/** A request with node:http (no keep-alive), reporting a cut body instead of throwing. */
export function get(base: string, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<Seen> {
  return new Promise((resolve) => {
    const req = http.request(base + path, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let cut = false;
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => (cut = true));
      res.on('error', () => (cut = true));
      res.on('close', () => {
        const text = Buffer.concat(chunks).toString();
        resolve({ status: res.statusCode ?? 0, text, body: parse(text), cut: cut || !res.complete, error: null });
      });
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ status: 0, text: '', body: null, cut: true, error: err.code ?? err.message }));
    req.end(body);
  });
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** The value of one sample of a Prometheus text exposition (0 when absent); labels must match exactly. */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const parts = line.slice(name.length + 1, line.indexOf('}')).split(',');
    if (want.every((w) => parts.includes(w))) sum += Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return sum;
}

/** Sleep. */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Poll `check` every `everyMs` until true or `maxTries` is spent; returns whether it became true. */
export async function until(check: () => boolean | Promise<boolean>, maxTries = 200, everyMs = 25): Promise<boolean> {
  for (let i = 0; i < maxTries; i++) {
    if (await check()) return true;
    await sleep(everyMs);
  }
  return false;
}

/** The body the SIGTERM tests' legacy answers with (64 KB), so a whole answer can be told from a cut one. */
export const BODY = Buffer.alloc(64 * 1024, 120);

/** How one request ended: `cut` means a response had begun and did not end whole. */
export type Outcome = 'complete' | 'cut' | 'refused';

/** One GET through `agent`; `complete` only for a whole 200 carrying BODY. */
export function request(port: number, agent: http.Agent, path: string): Promise<Outcome> {
  return new Promise((done) => {
    let began = false;
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      began = true;
      let n = 0;
      res.on('data', (c: Buffer) => (n += c.length));
      res.on('close', () => done(res.complete && res.statusCode === 200 && n === BODY.length ? 'complete' : 'cut'));
    });
    // No response had begun: the connection was refused or closed idle (a client retries those safely).
    req.on('error', () => done(began ? 'cut' : 'refused'));
  });
}

/** A legacy stand-in on port 0 that answers BODY after 250 ms, in two parts 150 ms apart. */
export async function startSlowBodyLegacy(): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((_req, res) => {
    const t = setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': BODY.length });
      res.write(BODY.subarray(0, 32 * 1024));
      setTimeout(() => res.end(BODY.subarray(32 * 1024)), 150);
    }, 250);
    res.on('close', () => clearTimeout(t));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}

/** Start `strangler serve --config FILE` (dist build) in `cwd`; resolves with the process, its public port and its exit code. */
export async function serveProcess(
  cli: string,
  configFile: string,
  cwd: string,
  logs?: string[],
): Promise<{ proc: ChildProcess; port: number; adminPort: number | null; exited: Promise<number | null> }> {
  const proc = spawn(process.execPath, [cli, 'serve', '--config', configFile, '--port', '0', '--admin-port', '0'], {
    cwd, stdio: ['ignore', logs ? 'pipe' : 'ignore', 'pipe'],
  });
  if (logs) proc.stdout!.on('data', (d: Buffer) => logs.push(d.toString()));
  const exited = new Promise<number | null>((ok) => proc.once('exit', (code) => ok(code)));
  const [port, adminPort] = await new Promise<[number, number | null]>((ok, fail) => {
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      // One line names both ports; wait for its end.
      const m = /proxying http:\/\/[^:]+:(\d+)[^\n]*?(?:admin on http:\/\/[^:]+:(\d+))?\n/.exec(err);
      if (m) ok([Number(m[1]), m[2] === undefined ? null : Number(m[2])]);
    });
    proc.once('exit', (code) => fail(new Error(`serve exited ${code}: ${err}`)));
  });
  return { proc, port, adminPort, exited };
}

export { startRelay, startTcp, type TcpRelay } from '../../support/tcp-relay.js';
export { relayedDatabase, type RelayedDatabase } from '../../support/relayed-database.js';
