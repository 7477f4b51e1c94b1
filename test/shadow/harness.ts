import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import httpProxy from 'http-proxy';
import type { ShadowRunner } from '../../shadow/index.js';

/** A real HTTP server on port 0 that records what reaches it. */
export interface TestServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

/** Start a server on 127.0.0.1:0; `handler` answers after the body has been read. */
export async function startServer(handler: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  return listen(server, requests);
}

async function listen(server: Server, requests: TestServer['requests']): Promise<TestServer> {
  server.keepAliveTimeout = 1000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * A minimal shadow-mode front for tests of shadow/ alone: streams every request to legacy with
 * http-proxy and lets the runner tee the answer, the way the proxy's shadow handler does.
 */
export async function startShadowFront(
  legacyUrl: string,
  runner: ShadowRunner,
  routeId = 'r',
  sample = 1,
  paramsOf: (url: string) => Record<string, string> = () => ({}),
): Promise<TestServer> {
  const proxy = httpProxy.createProxyServer({ target: legacyUrl, xfwd: true });
  const taps = new WeakMap<IncomingMessage, ReturnType<ShadowRunner['begin']>>();
  proxy.on('proxyRes', (proxyRes, req) => taps.get(req)?.captureResponse(proxyRes));
  proxy.on('error', (_err, req, res) => {
    taps.get(req as IncomingMessage)?.abandon('upstream error');
    (res as ServerResponse).writeHead?.(502).end();
  });
  const server = createServer((req, res) => {
    const tap = runner.begin(routeId, sample, {
      method: req.method!,
      url: req.url!,
      headers: req.headers,
      params: paramsOf(req.url!),
      operatorId: null,
      requestId: String(Math.random()),
      body: req,
      startedAt: performance.now(),
    });
    if (tap) taps.set(req, tap);
    proxy.web(req, res);
  });
  const front = await listen(server, []);
  const close = front.close;
  return { ...front, close: async () => { proxy.close(); await close(); } };
}

/** One request through `url`; resolves when the whole answer has arrived. */
export function send(
  url: string,
  opts: { method?: string; path?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: IncomingMessage['headers']; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(url + (opts.path ?? '/'), { method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
