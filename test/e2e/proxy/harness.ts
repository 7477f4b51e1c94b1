import http from 'node:http';
import { pino } from 'pino';
import { loadConfig } from '../../../config/index.js';
import { startProxy, type ProxyDeps, type RunningProxy } from '../../../proxy/index.js';
import type { RequestEvent } from '../../../model/request-event.js';

/** Start the real proxy on port 0 in front of `legacyUrl`, collecting its events. */
export async function startStrangler(
  legacyUrl: string,
  overrides: Record<string, unknown> = {},
  deps: ProxyDeps = {},
): Promise<{ proxy: RunningProxy; events: RequestEvent[]; base: string; admin: string }> {
  const config = loadConfig({
    overrides: {
      legacy: { url: legacyUrl },
      server: { port: 0, host: '127.0.0.1' },
      admin: { port: 0 },
      ...overrides,
    },
  });
  const events: RequestEvent[] = [];
  const proxy = await startProxy(config, { logger: pino({ level: 'silent' }), eventSink: { push: (e) => events.push(e) }, ...deps });
  return { proxy, events, base: `http://127.0.0.1:${proxy.port}`, admin: `http://127.0.0.1:${proxy.adminPort}` };
}

/** A finished HTTP exchange with everything a browser would see. */
export interface Exchange {
  status: number;
  statusMessage: string;
  rawHeaders: string[];
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Send a request with an exact path (http.request sends it as given) and collect the whole answer. */
export function request(
  base: string,
  path: string,
  options: { method?: string; headers?: http.OutgoingHttpHeaders; body?: Buffer | string; agent?: http.Agent | false } = {},
): Promise<Exchange> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers, agent: options.agent ?? false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, statusMessage: res.statusMessage ?? '', rawHeaders: res.rawHeaders, headers: res.headers, body: Buffer.concat(chunks) }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'date', 'transfer-encoding']);

/** Raw header pairs minus hop-by-hop ones (and Date), in order, names as sent. */
export function endToEndHeaders(raw: string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i < raw.length; i += 2) if (!HOP_BY_HOP.has(raw[i].toLowerCase())) pairs.push([raw[i], raw[i + 1]]);
  return pairs;
}
