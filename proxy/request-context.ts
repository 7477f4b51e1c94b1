import type { IncomingMessage, ServerResponse, ClientRequest } from 'node:http';
import type { Readable } from 'node:stream';
import type { Logger } from 'pino';
import type { ServedBy } from '../model/request-event.js';
import type { CompiledRoute, LiveFlag } from './route-table.js';
import type { ProxyMetrics } from './metrics.js';

/** Options for one passthrough to legacy. */
export interface PassthroughOptions {
  /** Called with legacy's response before it is streamed to the client (shadow tees it here; never consume it). */
  onProxyRes?: (proxyRes: IncomingMessage) => void;
  /** Body to send instead of the client's request stream, when a handler has already read it (fallbacks). */
  body?: Readable;
}

/** Sends one request to legacy and streams the answer to the client. */
export type PassthroughFn = (ctx: RequestContext, options?: PassthroughOptions) => void;

/** Who served the request, for the event: set by the mode handler before the response ends. */
export interface Outcome {
  servedBy: ServedBy;
  /** Experiment arm: `legacy`, `shadow`, `canary-new`, `canary-legacy`, `new`. */
  arm: string | null;
  fallback: boolean;
}

/**
 * Everything a mode handler gets for one request. Built once per request by the data plane; the
 * route, params and flag are the values decided at arrival (a flag change mid-request does not apply).
 */
export class RequestContext {
  /** Event id: a UUIDv7 made here (the store's unique, time-ordered key). */
  readonly id: string;
  /** The id logs carry (`reqId`): the client's `X-Request-Id` when it sent a usable one, else `id`. */
  requestId: string;
  /** The client's W3C `traceparent`, when well-formed (logged; legacy gets the header untouched). */
  traceparent: string | null = null;
  /** Epoch ms at arrival. */
  readonly ts: number;
  /** performance.now() at arrival, for latency. */
  readonly startedAt: number;
  servedBy: ServedBy = 'legacy';
  arm: string | null;
  fallback = false;
  /** Status to record when the response could not be completed (502, 504, 413 …). */
  failedStatus: number | null = null;
  /** The live request to legacy, once one is made (aborted when the client goes away). */
  upstreamRequest: ClientRequest | null = null;
  /** Set by passthrough: which timeout cut the upstream call. */
  upstreamTimeout: 'connect' | 'idle' | null = null;
  /** Set by passthrough once legacy's response head arrived: from then on it is being piped to the client. */
  upstreamResponded = false;
  /** True once an error answer or abort has been handled, so it is handled once. */
  settled = false;
  onProxyRes: ((proxyRes: IncomingMessage) => void) | null = null;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    /** Raw path as sent by the client, query stripped (never normalised: this is what legacy sees). */
    readonly rawPath: string,
    /** Normalised path segments used for matching. */
    readonly segments: readonly string[],
    readonly route: CompiledRoute | null,
    readonly params: Readonly<Record<string, string>>,
    readonly flag: LiveFlag,
    /** Set at arrival; a looked-up session or a successful login sets it before the handler or the event. */
    public operatorId: string | null,
    readonly caseId: string | null,
    readonly metrics: ProxyMetrics,
    readonly logger: Logger,
    private readonly passthroughFn: PassthroughFn,
    id: string,
    ts: number,
    startedAt: number,
  ) {
    this.id = id;
    this.requestId = id;
    this.ts = ts;
    this.startedAt = startedAt;
    this.arm = flag.mode === 'legacy' ? 'legacy' : null;
  }

  /** Stream this request to legacy and legacy's answer to the client, byte for byte. */
  passthrough(options?: PassthroughOptions): void {
    this.passthroughFn(this, options);
  }

  /** Record who served the request (servedBy, arm, fallback) for the request event. */
  setOutcome(outcome: Partial<Outcome>): void {
    if (outcome.servedBy !== undefined) this.servedBy = outcome.servedBy;
    if (outcome.arm !== undefined) this.arm = outcome.arm;
    if (outcome.fallback !== undefined) this.fallback = outcome.fallback;
  }
}
