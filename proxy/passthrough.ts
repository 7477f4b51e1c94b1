import type { IncomingMessage, ClientRequest, ServerResponse } from 'node:http';
import net from 'node:net';
import { Transform, type Duplex, type Readable, type TransformCallback } from 'node:stream';
import httpProxy from 'http-proxy';
import type { Logger } from 'pino';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { ProxyMetrics } from './metrics.js';
import type { PassthroughOptions, RequestContext } from './request-context.js';
import { PRX_ERR_BODY_TOO_LARGE, PRX_ERR_UPSTREAM, PRX_ERR_UPSTREAM_TIMEOUT } from './errors.js';
import { sendCodedError } from './error-response.js';
import { createLegacyAgent } from './legacy-agent.js';

const kCtx = Symbol('strangler.ctx');
type WithCtx = IncomingMessage & { [kCtx]?: RequestContext };

/** The stream to legacy: http-proxy with a keep-alive agent, raw paths and bounded timeouts. */
export interface Passthrough {
  /** Stream one request to legacy (the data plane calls this through ctx.passthrough()). */
  web(ctx: RequestContext, options?: PassthroughOptions): void;
  /** Pass a WebSocket upgrade through to legacy. */
  ws(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** True when a TCP connection to legacy opens within the connect timeout. */
  reachable(): Promise<boolean>;
  /** Close the WebSocket connections passed through (shutdown: the browser reconnects elsewhere). */
  endUpgrades(): void;
  close(): void;
}

/** Build the passthrough for config.legacy; `draining()` is true once the proxy is shutting down. */
export function createPassthrough(config: StranglerConfig, metrics: ProxyMetrics, logger: Logger, draining: () => boolean = () => false): Passthrough {
  const target = new URL(config.legacy.url);
  // http-proxy joins paths with a regex that folds `//`; we send the client's raw target instead.
  const basePath = target.pathname === '/' ? '' : target.pathname.replace(/\/$/, '');
  const { timeoutMs, connectTimeoutMs } = config.legacy;
  // The idle timeout lives on the agent's sockets, set once per connection and restored on reuse
  // (legacy-agent.ts): a per-request proxyReq.setTimeout() would make a new timer on every request.
  // The request still gets the socket's `timeout` event (below); an idle pooled socket past it, or
  // past legacy's keep-alive hint, is closed by the agent.
  const agent = createLegacyAgent(target.protocol, timeoutMs);
  const maxBody = config.server.maxBodyBytes;
  // Upgraded connections leave node's HTTP server, so its drain neither sees nor closes them.
  const upgrades = new Set<Duplex>();
  const proxy = httpProxy.createProxyServer({
    target: config.legacy.url,
    agent,
    xfwd: true,
    preserveHeaderKeyCase: true,
    changeOrigin: false,
    ws: true,
  });
  // http-proxy's deleteLength pass sets Content-Length: 0 on DELETE/OPTIONS sent chunked, which drops
  // (or desynchronises) their body; a transparent proxy forwards the framing as sent.
  const internal = proxy as unknown as { webPasses: { name: string }[] };
  internal.webPasses = internal.webPasses.filter((pass) => pass.name !== 'deleteLength');

  proxy.on('proxyReq', (proxyReq: ClientRequest, req: IncomingMessage) => {
    proxyReq.path = basePath + req.url;
    const ctx = (req as WithCtx)[kCtx];
    if (ctx === undefined) return;
    ctx.upstreamRequest = proxyReq;
    if (timeoutMs > 0) {
      proxyReq.on('timeout', () => {
        // A new socket's timer runs from its creation: while it is still connecting, the connect
        // timeout below decides (502), and the idle timer starts again with the first bytes sent.
        if ((proxyReq.socket as net.Socket | null)?.connecting) return;
        ctx.upstreamTimeout = 'idle';
        proxyReq.destroy(new Error('legacy idle timeout'));
      });
    }
    const armConnectTimer = (socket: net.Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => {
        ctx.upstreamTimeout = 'connect';
        proxyReq.destroy(new Error('legacy connect timeout'));
      }, connectTimeoutMs);
      socket.once('connect', () => clearTimeout(timer));
      proxyReq.once('close', () => clearTimeout(timer));
    };
    // http-proxy emits `proxyReq` from inside the request's own `socket` event, so a `socket` listener
    // added here would never run: the socket is already there.
    if (proxyReq.socket) armConnectTimer(proxyReq.socket as net.Socket);
    else proxyReq.once('socket', armConnectTimer);
  });
  proxy.on('proxyReqWs', (proxyReq: ClientRequest, req: IncomingMessage, socket: Duplex) => {
    proxyReq.path = basePath + req.url;
    // Runs before http-proxy's own listeners, which write legacy's head and pipe the decoded body.
    proxyReq.once('response', (proxyRes: IncomingMessage) => {
      // Legacy declined the upgrade: an ordinary answer, and the end of this connection, which node's
      // HTTP parser has let go of (bytes pipelined after the request are never forwarded). The body is
      // framed by the close: the chunked framing is gone once http-proxy pipes it decoded.
      proxyRes.headers.connection = 'close';
      delete proxyRes.headers['keep-alive'];
      delete proxyRes.headers['transfer-encoding'];
      socket.once('finish', () => socket.destroy());
    });
    proxyReq.once('upgrade', (_res: IncomingMessage, proxySocket: Duplex) => {
      socket.once('close', () => proxySocket.destroy());
    });
  });
  proxy.on('proxyRes', (proxyRes: IncomingMessage, req: IncomingMessage) => {
    const ctx = (req as WithCtx)[kCtx];
    // Shutting down: tell keep-alive clients to reconnect (to another instance) after this answer; a
    // client that keeps its connection busy would otherwise hold the drain until the grace period ends
    // and then be cut mid-response. http-proxy keeps a `connection` header legacy's answer already has.
    if (draining()) proxyRes.headers.connection = 'close';
    if (ctx !== undefined) ctx.upstreamResponded = true;
    // Legacy cut its answer mid-body: http-proxy only unpipes, which would leave the client waiting
    // for the rest until its idle timeout. Cut the client too, so the browser sees it at once.
    if (ctx !== undefined) proxyRes.once('close', () => onUpstreamCut(ctx, proxyRes));
    if (ctx?.onProxyRes) {
      try {
        ctx.onProxyRes(proxyRes);
      } catch (err) {
        // a tee must never change what the operator sees
        logger.warn({ err, reqId: ctx.requestId }, 'onProxyRes hook failed');
      }
    }
  });
  // http-proxy accepts (req, res, callback); its types only list the form with options.
  const webShared = proxy.web.bind(proxy) as unknown as (req: IncomingMessage, res: ServerResponse, callback: (err: Error) => void) => void;
  // Errors without a callback (client resets seen by http-proxy itself) must not crash the process.
  proxy.on('error', (err: Error) => logger.debug({ err }, 'proxy error'));

  function onUpstreamError(ctx: RequestContext, err: Error): void {
    if (ctx.settled) return;
    ctx.settled = true;
    if (ctx.res.destroyed) return; // the client has left: nobody to answer
    const coded = ctx.upstreamTimeout === 'idle' ? new PRX_ERR_UPSTREAM_TIMEOUT(err) : new PRX_ERR_UPSTREAM(err);
    ctx.failedStatus = coded.statusCode;
    metrics.upstreamErrors.inc({ route: ctx.route?.id ?? '-', code: coded.code });
    logger.warn({ reqId: ctx.requestId, code: coded.code, cause: (err as NodeJS.ErrnoException).code ?? err.message }, 'legacy call failed');
    if (ctx.upstreamResponded) {
      // Legacy's answer is already being piped to the client (a stall, or a chunked body turned into
      // garbage): answering now would race the pipe ("write after end"); cut the client instead.
      ctx.res.destroy();
      return;
    }
    sendCodedError(ctx.res, coded);
  }

  function onUpstreamCut(ctx: RequestContext, proxyRes: IncomingMessage): void {
    if (proxyRes.complete || ctx.res.destroyed || ctx.res.writableFinished) return;
    ctx.failedStatus = 502;
    metrics.upstreamErrors.inc({ route: ctx.route?.id ?? '-', code: PRX_ERR_UPSTREAM.code });
    logger.warn({ reqId: ctx.requestId, code: PRX_ERR_UPSTREAM.code, cause: 'legacy closed the connection mid-response' }, 'legacy call failed');
    ctx.res.destroy();
  }

  return {
    web(ctx, options) {
      (ctx.req as WithCtx)[kCtx] = ctx;
      if (options?.onProxyRes) ctx.onProxyRes = options.onProxyRes;
      let body = options?.body;
      if (body === undefined && ctx.req.headers['content-length'] === undefined && ctx.req.headers['transfer-encoding'] !== undefined) {
        body = limitBody(ctx, maxBody);
      }
      const onError = (err: Error) => onUpstreamError(ctx, err);
      // Without per-request options http-proxy uses its shared options, whose target it parsed once;
      // an options object (even `{}`) makes it copy them and parse the target URL again per request.
      if (body === undefined) webShared(ctx.req, ctx.res as ServerResponse, onError);
      else proxy.web(ctx.req, ctx.res as ServerResponse, { buffer: body }, onError);
    },
    ws(req, socket, head) {
      socket.on('error', () => socket.destroy());
      upgrades.add(socket);
      socket.once('close', () => upgrades.delete(socket));
      proxy.ws(req, socket, head, {}, (err: Error) => {
        metrics.upstreamErrors.inc({ route: '-', code: PRX_ERR_UPSTREAM.code });
        logger.warn({ cause: (err as NodeJS.ErrnoException).code ?? err.message }, 'websocket to legacy failed');
        socket.destroy();
      });
    },
    reachable: () => legacyReachable(config),
    endUpgrades() {
      for (const socket of upgrades) socket.destroy();
    },
    close() {
      proxy.close();
      agent.destroy();
    },
  };
}

/** A chunked body has no announced size: count it as it streams; past `max`, answer 413 and stop legacy's call. */
function limitBody(ctx: RequestContext, max: number): Readable {
  let seen = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback) {
      seen += chunk.length;
      if (seen <= max) {
        done(null, chunk);
        return;
      }
      if (!ctx.settled) {
        ctx.settled = true;
        ctx.failedStatus = 413;
        ctx.upstreamRequest?.destroy();
        sendCodedError(ctx.res, new PRX_ERR_BODY_TOO_LARGE(max), true);
      }
      done();
    },
  });
  ctx.req.pipe(counter);
  return counter;
}

/** True when a TCP connection to legacy opens within legacy.connectTimeoutMs (for /readyz). */
export function legacyReachable(config: StranglerConfig): Promise<boolean> {
  const target = new URL(config.legacy.url);
  return new Promise((resolve) => {
    const port = Number(target.port) || (target.protocol === 'https:' ? 443 : 80);
    const socket = net.connect({ host: target.hostname, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(config.legacy.connectTimeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
