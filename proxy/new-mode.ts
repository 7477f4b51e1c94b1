import type { ServerResponse } from 'node:http';
import { ADP_ERR_CIRCUIT_OPEN, failureResponse, runAdapter, type Adapter, type CircuitBreaker, type GraphqlClient } from '../legacy-adapters/index.js';
import type { ModeHandler } from './mode-handlers.js';
import type { RequestContext } from './request-context.js';
import { readBufferedBody } from './buffered-body.js';
import { adapterRequestOf } from './adapter-request.js';
import { fallBackToLegacy, fallbackReason, mayFallBack } from './fallback.js';
import { sendCodedError } from './error-response.js';
import { PRX_ERR_BODY_TOO_LARGE, PRX_ERR_HANDLER } from './errors.js';

/** How one route is served by the new stack; compiled once at start-up. */
export interface NewRouteBinding {
  readonly adapter: Adapter;
  /** This route's breaker (one per route, so one failing screen does not close the others). */
  readonly breaker: CircuitBreaker;
  /** The route's candidate timeout (null: the adapter's, else the client's). */
  readonly timeoutMs: number | null;
}

/** What {@link createServeNew} needs. */
export interface ServeNewParts {
  /** Bindings by route id; a route without one (no adapter, or an adapter marked legacy-only) goes to legacy. */
  bindings: ReadonlyMap<string, NewRouteBinding>;
  client: GraphqlClient;
  /** config.server.maxBodyBytes: the body is read whole for the adapter. */
  maxBodyBytes: number;
  /** Routes whose adapter failed the schema check under `onInvalidAdapter: legacy-only`. */
  legacyOnly?: ReadonlySet<string>;
}

/** Serves one request through the new stack, recording `arm` (`new` or `canary-new`) on its event. */
export type ServeNew = (ctx: RequestContext, arm: 'new' | 'canary-new') => void;

/**
 * Serve through the route's adapter and the candidate. On a failure that legacy may take over (see
 * mayFallBack) the request goes to legacy with the same body bytes and is counted as a fallback;
 * otherwise the operator gets the adapter's legacy-shaped error (never a stack trace).
 */
export function createServeNew(parts: ServeNewParts): ServeNew {
  const { bindings, client, maxBodyBytes } = parts;
  const legacyOnly = parts.legacyOnly ?? new Set<string>();

  async function serve(ctx: RequestContext, binding: NewRouteBinding, arm: 'new' | 'canary-new'): Promise<void> {
    const read = await readBufferedBody(ctx.req, maxBodyBytes);
    if (!read.ok) {
      if (read.reason === 'too-large' && !ctx.settled) {
        ctx.settled = true;
        ctx.failedStatus = 413;
        sendCodedError(ctx.res, new PRX_ERR_BODY_TOO_LARGE(maxBodyBytes), true);
      }
      return;
    }
    if (ctx.res.destroyed) return;
    const req = adapterRequestOf(ctx, read.body);
    const startedAt = performance.now();
    const outcome = await runAdapter(binding.adapter, client, req, { timeoutMs: binding.timeoutMs, breaker: binding.breaker });
    // An open circuit made no call: its near-zero time would flatter the candidate's latency.
    if (outcome.ok || outcome.error.code !== ADP_ERR_CIRCUIT_OPEN.code) {
      ctx.metrics.candidateDuration.observe({ route: ctx.route?.id ?? '-', mode: arm === 'new' ? 'new' : 'canary' }, (performance.now() - startedAt) / 1000);
    }
    if (ctx.res.destroyed || ctx.res.headersSent) return;
    if (outcome.ok) {
      send(ctx.res, req.method, outcome);
      return;
    }
    if (mayFallBack(outcome)) {
      ctx.logger.debug({ reqId: ctx.requestId, route: ctx.route?.id, code: outcome.error.code }, 'new stack failed: legacy serves');
      fallBackToLegacy(ctx, read.body, fallbackReason(outcome.error));
      return;
    }
    // Not idempotent and the candidate may have acted on it: sending it to legacy too could do it twice.
    ctx.logger.warn({ reqId: ctx.requestId, route: ctx.route?.id, code: outcome.error.code }, 'new stack failed on a non-idempotent request');
    send(ctx.res, req.method, failureResponse(binding.adapter, outcome.error, req));
  }

  return (ctx, arm) => {
    const binding = ctx.route === null ? undefined : bindings.get(ctx.route.id);
    ctx.setOutcome({ servedBy: 'new', arm });
    if (binding === undefined) {
      fallBackToLegacy(ctx, null, ctx.route !== null && legacyOnly.has(ctx.route.id) ? 'legacy-only' : 'no-adapter');
      return;
    }
    serve(ctx, binding, arm).catch((err: unknown) => {
      // runAdapter never throws; this is a bug in this file, and the operator still gets a coded answer.
      ctx.logger.error({ err, reqId: ctx.requestId }, 'new mode failed');
      if (ctx.settled || ctx.res.headersSent) return;
      ctx.settled = true;
      ctx.failedStatus = 500;
      sendCodedError(ctx.res, new PRX_ERR_HANDLER(arm, err));
    });
  };
}

/** The proxy's `new` mode handler. */
export function newModeHandler(serveNew: ServeNew): ModeHandler {
  return (ctx) => serveNew(ctx, 'new');
}

function send(res: ServerResponse, method: string, answer: { status: number; headers: Record<string, string>; body: Buffer }): void {
  res.writeHead(answer.status, answer.headers);
  // HEAD keeps content-length but sends no body (RFC 9110 §9.3.2).
  res.end(method === 'HEAD' ? undefined : answer.body);
}
