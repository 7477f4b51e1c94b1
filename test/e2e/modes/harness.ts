import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { loadConfig } from '../../../config/index.js';
import { createModeHandlers, startProxy, type ConfiguredModes, type RunningProxy } from '../../../proxy/index.js';
import { createGraphqlClient, type CircuitBreakerOptions, type GraphqlClient } from '../../../legacy-adapters/index.js';
import { exampleAdapters } from '../../../examples/adapters/index.js';
import type { RequestEvent } from '../../../model/request-event.js';
import { startSampleStack, type SampleStack } from '../../examples/sample-stack.js';

/** One request as the relay saw it. */
export interface Relayed {
  method: string;
  url: string;
  body: Buffer;
}

/** A plain HTTP relay in front of a real server that records every request it passes on. */
export interface CountingRelay {
  url: string;
  seen: Relayed[];
  count(method: string, pathPrefix: string): number;
  close(): Promise<void>;
}

/** Start a recording relay on port 0 in front of `target` (an origin such as http://127.0.0.1:1234). */
export async function startCountingRelay(target: string): Promise<CountingRelay> {
  const to = new URL(target);
  const seen: Relayed[] = [];
  const agent = new http.Agent({ keepAlive: true });
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({ method: req.method ?? 'GET', url: req.url ?? '/', body });
      const headers = { ...req.headers };
      delete headers['transfer-encoding'];
      headers['content-length'] = String(body.length);
      const out = http.request({ host: to.hostname, port: to.port, path: req.url, method: req.method, headers, agent }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.destroy());
      out.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    count: (method, prefix) => seen.filter((s) => s.method === method && s.url.startsWith(prefix)).length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        agent.destroy();
      }),
  };
}

/** The routes of the sample CS domain used by these tests (adapters from examples/adapters). */
export const SAMPLE_ROUTES = [
  { id: 'user', method: 'GET', path: '/api/users/:id', adapter: 'user' },
  { id: 'item', method: 'GET', path: '/api/items/:id', adapter: 'item' },
  { id: 'reply', method: 'POST', path: '/api/inquiries/:id/reply', adapter: 'reply-to-inquiry' },
  { id: 'hide', method: 'POST', path: '/api/items/:id/hide', adapter: 'hide-item' },
];

/** A started proxy with the new and canary modes wired to the sample adapters. */
export interface ModesProxy {
  proxy: RunningProxy;
  modes: ConfiguredModes;
  client: GraphqlClient;
  events: RequestEvent[];
  base: string;
  /** Prometheus text of the proxy's registry. */
  metrics(): Promise<string>;
  close(): Promise<void>;
}

/** Start the real proxy in front of `legacyUrl` with createModeHandlers over `graphqlUrl`; routes get `mode` etc. from `routes`. */
export async function startModesProxy(options: {
  legacyUrl: string;
  graphqlUrl: string;
  routes: Record<string, unknown>[];
  operator?: Record<string, unknown>;
  breaker?: Partial<CircuitBreakerOptions>;
  timeoutMs?: number;
  maxBodyBytes?: number;
}): Promise<ModesProxy> {
  const config = loadConfig({
    overrides: {
      legacy: { url: options.legacyUrl, connectTimeoutMs: 2000 },
      server: { port: 0, host: '127.0.0.1', ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}) },
      admin: { port: null },
      candidate: { url: options.graphqlUrl, timeoutMs: options.timeoutMs ?? 2000 },
      routes: options.routes,
      ...(options.operator ? { operator: options.operator } : {}),
    },
  });
  const client = createGraphqlClient({ url: options.graphqlUrl, timeoutMs: options.timeoutMs ?? 2000 });
  const modes = createModeHandlers({ config, adapters: exampleAdapters, client, breaker: options.breaker });
  const events: RequestEvent[] = [];
  const proxy = await startProxy(config, { logger: pino({ level: 'silent' }), eventSink: { push: (e) => events.push(e) }, handlers: modes.handlers });
  return {
    proxy,
    modes,
    client,
    events,
    base: `http://127.0.0.1:${proxy.port}`,
    metrics: () => proxy.metrics.registry.metrics(),
    async close() {
      await proxy.close();
      await client.close();
    },
  };
}

/** The sample stack with a counting relay in front of its legacy app, and the proxy over both. */
export interface RelayedModes {
  stack: SampleStack;
  relay: CountingRelay;
  front: ModesProxy;
  close(): Promise<void>;
}

/**
 * Start the sample stack, a counting relay before its legacy app (so a test sees every call that
 * reached legacy) and startModesProxy over the relay and the stack's GraphQL service.
 */
export async function startRelayedModes(proxy: Omit<Parameters<typeof startModesProxy>[0], 'legacyUrl' | 'graphqlUrl'>): Promise<RelayedModes> {
  const stack = await startSampleStack();
  const relay = await startCountingRelay(stack.legacy.url);
  const front = await startModesProxy({ ...proxy, legacyUrl: relay.url, graphqlUrl: stack.graphql.url });
  return {
    stack,
    relay,
    front,
    async close() {
      await front.close();
      await relay.close();
      await stack.close();
    },
  };
}

/** A request through the proxy and its parsed JSON answer. */
export async function call(
  base: string,
  method: string,
  path: string,
  options: { headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; body: any; text: string }> {
  const res = await fetch(base + path, { method, headers: options.headers, body: options.body });
  const text = await res.text();
  let body: unknown = null;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: the test looks at `text`
  }
  return { status: res.status, body, text };
}

/** The value of one sample of a Prometheus text exposition (0 when absent). */
export function metricValue(text: string, name: string, labels: Record<string, string>): number {
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const inner = line.slice(name.length + 1, line.indexOf('}'));
    const parts = inner.split(',');
    if (want.every((w) => parts.includes(w)) && parts.length === want.length) return Number(line.slice(line.indexOf('}') + 1).trim());
  }
  return 0;
}

/** Wait until the proxy has recorded `n` events (events are pushed when the response closes). */
export async function eventsReach(events: RequestEvent[], n: number): Promise<void> {
  for (let i = 0; i < 200 && events.length < n; i++) await new Promise((r) => setTimeout(r, 10));
}
