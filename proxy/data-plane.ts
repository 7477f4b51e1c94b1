import http, { type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Logger } from 'pino';
import type { StranglerConfig } from '../config/strangler-config.js';
import type { RouteMode } from '../model/flag.js';
import type { RequestEvent } from '../model/request-event.js';
import type { EventSink } from './event-sink.js';
import type { ProxyMetrics } from './metrics.js';
import type { ModeHandler } from './mode-handlers.js';
import type { OperatorIdentity } from './operator-identity.js';
import type { LoginWatch, SessionLogin } from './session-login.js';
import type { CaseMatcher } from './case-matcher.js';
import type { EventRedaction } from './event-redaction.js';
import type { Passthrough } from './passthrough.js';
import { LEGACY_FLAG, type RouteTable } from './route-table.js';
import { normalizePath, separatorReading, targetPath } from '../routing/normalize-path.js';
import { RequestContext } from './request-context.js';
import { idTime, keptRequestId, newRequestId, traceparentOf } from '../model/request-id.js';
import { sendCodedError } from './error-response.js';
import { PRX_ERR_AMBIGUOUS_PATH, PRX_ERR_BAD_REQUEST, PRX_ERR_BODY_TOO_LARGE, PRX_ERR_HANDLER, PRX_ERR_HEADER_TOO_LARGE } from './errors.js';

/** What the data plane needs, all compiled at start-up. */
export interface DataPlaneParts {
  config: StranglerConfig;
  table: RouteTable;
  handlers: Map<RouteMode, ModeHandler>;
  passthrough: Passthrough;
  eventSink: EventSink;
  metrics: ProxyMetrics;
  logger: Logger;
  operatorIdentity: OperatorIdentity;
  caseMatcher: CaseMatcher;
  /** Keeps e-mails and phone numbers in paths out of events and logs. */
  redaction: EventRedaction;
  /** `operator.from: session`: learns session → operator from legacy's login (null otherwise). */
  sessionLogin?: SessionLogin | null;
  /** True once shutdown began (the drain delay included): answers then end their connection. */
  draining?: () => boolean;
}

/**
 * The public server: plain node:http, so bytes pass untouched (no body parsing, no reply layer).
 * The strict HTTP parser stays on (insecureHTTPParser would open request smuggling).
 */
export function createDataPlane(parts: DataPlaneParts): http.Server {
  const { config, table, handlers, passthrough, eventSink, metrics, logger, operatorIdentity, caseMatcher, redaction } = parts;
  const sessionLogin = parts.sessionLogin ?? null;
  const loginWatches = new WeakMap<RequestContext, LoginWatch>();
  const draining = parts.draining ?? (() => false);
  const maxBody = config.server.maxBodyBytes;
  const instance = config.instance;
  const passthroughFn = (ctx: RequestContext, options?: Parameters<Passthrough['web']>[1]) => passthrough.web(ctx, options);

  const server = http.createServer(
    {
      maxHeaderSize: config.server.maxHeaderBytes,
      insecureHTTPParser: false,
      // A long upload must not be cut by a whole-request deadline (node's default is 300 s): only
      // silence is, below via server.timeout, like a web server's client_body_timeout.
      requestTimeout: 0,
      headersTimeout: 60_000,
      keepAliveTimeout: 5_000,
    },
    (req, res) => {
      // RFC 9112 §2.3 (a version on the request line) and §3.2 (at most one Host; node already refuses
      // an HTTP/1.1 request with none): node's parser lets both through.
      if (req.httpVersionMajor !== 1 || hasSeveralHosts(req.rawHeaders)) {
        sendCodedError(res, new PRX_ERR_BAD_REQUEST(), true);
        return;
      }
      const socket = req.socket as OpenSocket;
      socket[kOpen] = (socket[kOpen] ?? 0) + 1;
      socket[kLast] = req;
      // Pipelined behind an answer still being written: forward it only once that answer has ended and
      // the connection stays open, since node never answers a request queued behind a closing answer.
      if (res.socket === null) {
        // node destroys the requests still queued when the connection closes
        const dropped = () => {
          socket[kOpen]!--;
          logger.debug({ method: req.method }, 'pipelined request dropped unforwarded: the connection closed before its turn');
        };
        req.once('close', dropped);
        res.once('socket', () => {
          req.off('close', dropped);
          handle(req, res);
        });
        return;
      }
      handle(req, res);
    },
  );

  /** One request whose turn on its connection has come. */
  function handle(req: IncomingMessage, res: http.ServerResponse): void {
    const startedAt = performance.now();
    const url = targetPath(req.url ?? '/');
    const q = url.indexOf('?');
    const rawPath = q === -1 ? url : url.slice(0, q);
    const method = req.method ?? 'GET';
    const segments = normalizePath(rawPath);
    const match = table.matchSegments(method, segments);
    const route = match === null ? null : match.route;
    const flag = route === null ? LEGACY_FLAG : route.flag;
    const id = newRequestId();
    // A session not yet known here is looked up (store, whoami) for this request alone; others go on.
    const who = operatorIdentity(req);
    const ctx = new RequestContext(
      req, res, rawPath, segments, route, match === null ? {} : match.params, flag,
      typeof who === 'string' ? who : null, caseMatcher(method, segments), metrics, logger, passthroughFn,
      id, idTime(id), startedAt,
    );
    const kept = keptRequestId(req.headers['x-request-id']);
    if (kept !== null) ctx.requestId = kept;
    ctx.traceparent = traceparentOf(req.headers.traceparent);
    metrics.inFlight.inc();
    res.once('close', () => finish(ctx));
    // A stream error on the client's response (a write racing a cut) must never become an uncaught exception.
    res.on('error', (err) => logger.debug({ err, reqId: ctx.requestId }, 'client response error'));
    // Closing: answers not passed through from legacy also end the connection (see passthrough's drain note).
    if (!server.listening || draining()) res.shouldKeepAlive = false;

    // Legacy may read %2F as "/" (nginx, most PHP routers): both readings must reach the same route.
    const alternative = separatorReading(rawPath);
    if (alternative !== null && table.matchSegments(method, normalizePath(alternative))?.route !== match?.route) {
      ctx.failedStatus = 400;
      sendCodedError(res, new PRX_ERR_AMBIGUOUS_PATH(), true);
      return;
    }
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > maxBody) {
      ctx.failedStatus = 413;
      sendCodedError(res, new PRX_ERR_BODY_TOO_LARGE(maxBody), true);
      return;
    }
    if (who === null || typeof who === 'string') dispatch(ctx, method, segments);
    else {
      who.then(
        (operatorId) => {
          ctx.operatorId = operatorId;
          dispatch(ctx, method, segments);
        },
        (err: unknown) => {
          logger.warn({ err, reqId: ctx.requestId }, 'operator lookup failed; the request has no operator');
          dispatch(ctx, method, segments);
        },
      );
    }
  }

  function dispatch(ctx: RequestContext, method: string, segments: readonly string[]): void {
    const { res, flag } = ctx;
    if (res.destroyed) return; // the client left while its session was looked up
    const handler = handlers.get(flag.mode) ?? handlers.get('legacy')!;
    // Same tick as the handler that forwards the body, so the login form is seen whole.
    if (sessionLogin !== null && sessionLogin.matches(method, segments)) loginWatches.set(ctx, sessionLogin.watch(ctx.req));
    try {
      handler(ctx);
    } catch (err) {
      logger.error({ err, reqId: ctx.requestId, mode: flag.mode }, 'mode handler failed');
      ctx.failedStatus = 500;
      sendCodedError(res, new PRX_ERR_HANDLER(flag.mode, err));
    }
  }

  // A client socket silent for longer than legacy may be silent is closed (slow-drip clients); the
  // margin lets legacy's own 504 reach the client first.
  if (config.legacy.timeoutMs > 0) server.timeout = config.legacy.timeoutMs + 5_000;

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    // Only WebSocket is passed through as an upgrade. Any other (`h2c`, which `curl --http2` asks
    // for) is declined as RFC 9110 §7.8 allows: the request goes back into the HTTP server without
    // its upgrade headers and is served, recorded and pipelined like any other.
    if (!/^websocket$/i.test(req.headers.upgrade ?? '')) {
      socket.unshift(Buffer.concat([withoutUpgrade(req), head]));
      server.emit('connection', socket);
      return;
    }
    socket.setTimeout(0); // a WebSocket may stay quiet for long; only legacy or the browser ends it
    passthrough.ws(req, socket, head);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: OpenSocket) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const coded = err.code === 'HPE_HEADER_OVERFLOW' ? new PRX_ERR_HEADER_TOO_LARGE() : new PRX_ERR_BAD_REQUEST();
    if ((socket[kOpen] ?? 0) > 0 && socket[kLast]!.complete) {
      // The bad bytes come after whole requests that are being answered: writing now would corrupt
      // their answers. Bytes after `Connection: close` are ignored (RFC 9112 §9.6); anything else gets
      // its 400 once the answers before it have ended (finish() below). A bad body is the request's own
      // fault: 400 at once, which also stops its call to legacy.
      if (err.code !== 'HPE_CLOSED_CONNECTION') socket[kPendingError] = true;
      return;
    }
    socket.end(rawError(coded));
  });

  function finish(ctx: RequestContext): void {
    metrics.inFlight.dec();
    const socket = ctx.req.socket as OpenSocket;
    if (--socket[kOpen]! === 0) {
      socket[kLast] = undefined;
      if (socket[kPendingError] === true && socket.writable) socket.end(rawError(new PRX_ERR_BAD_REQUEST()));
    }
    const res = ctx.res;
    // The client went away before the answer ended: stop legacy's side too (no stuck sockets).
    if (!res.writableFinished && ctx.upstreamRequest !== null && !ctx.upstreamRequest.destroyed) ctx.upstreamRequest.destroy();
    const status = ctx.failedStatus ?? (res.writableFinished ? res.statusCode : 499);
    const latencyMs = Math.round((performance.now() - ctx.startedAt) * 10) / 10;
    const login = loginWatches.get(ctx);
    if (login !== undefined) {
      try {
        // The login request itself is the operator's first event.
        ctx.operatorId = login.settle(res) ?? ctx.operatorId;
      } catch (err) {
        logger.warn({ err, reqId: ctx.requestId }, 'login watch failed');
      }
    }
    const routeId = ctx.route === null ? null : ctx.route.id;
    const routeLabel = routeId ?? '-';
    metrics.requests.inc({ route: routeLabel, mode: ctx.flag.mode, status, served_by: ctx.servedBy });
    metrics.duration.observe({ route: routeLabel, mode: ctx.flag.mode, served_by: ctx.servedBy }, latencyMs / 1000);
    const event: RequestEvent = {
      id: ctx.id, ts: ctx.ts, operatorId: ctx.operatorId, caseId: ctx.caseId === null ? null : redaction.caseId(ctx.caseId), method: ctx.req.method ?? 'GET',
      routeId, path: redaction.path(ctx.rawPath), status, latencyMs, servedBy: ctx.servedBy, arm: ctx.arm, fallback: ctx.fallback, instance,
    };
    // The log line is the event (serialised now, before the sink may keep it) with the request id logs
    // share and the trace it belongs to: one object per request, no bodies, no other headers.
    logger.info({ reqId: ctx.requestId, ...event, traceparent: ctx.traceparent ?? undefined }, 'request');
    try {
      eventSink.push(event);
    } catch (err) {
      // the event sink must never hurt the request path
      logger.warn({ err }, 'event sink failed');
    }
  }

  return server;
}

/** Requests on a client connection that arrived and are not answered yet; a parse error waits for them. */
const kOpen = Symbol('strangler.openRequests');
/** A parse error came while requests were open: answer 400 and close once they are answered. */
const kPendingError = Symbol('strangler.pendingError');
/** The last request parsed on the connection: a parse error while its body is incomplete is its own. */
const kLast = Symbol('strangler.lastRequest');
type OpenSocket = Socket & { [kOpen]?: number; [kPendingError]?: boolean; [kLast]?: IncomingMessage };

/** True when the head has more than one Host header (two hosts let a proxy and legacy disagree). */
function hasSeveralHosts(rawHeaders: string[]): boolean {
  let n = 0;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!;
    if (name.length === 4 && name.toLowerCase() === 'host' && ++n > 1) return true;
  }
  return false;
}

/** A coded error as raw bytes for a socket node's HTTP layer no longer writes to; closes the connection. */
function rawError(coded: InstanceType<typeof PRX_ERR_BAD_REQUEST>): string {
  const body = JSON.stringify({ error: { code: coded.code, message: coded.message } });
  return (
    `HTTP/1.1 ${coded.statusCode} ${http.STATUS_CODES[coded.statusCode]}\r\n` +
    `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`
  );
}

/** The request head as sent, minus the upgrade: `Upgrade`, `HTTP2-Settings` and their `Connection` tokens. */
function withoutUpgrade(req: IncomingMessage): Buffer {
  let head = `${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    let value = raw[i + 1]!;
    if (name === 'upgrade' || name === 'http2-settings') continue;
    if (name === 'connection') {
      value = value.split(',').map((t) => t.trim()).filter((t) => t !== '' && !/^(upgrade|http2-settings)$/i.test(t)).join(', ');
      if (value === '') continue;
    }
    head += `${raw[i]}: ${value}\r\n`;
  }
  return Buffer.from(head + '\r\n', 'latin1');
}
