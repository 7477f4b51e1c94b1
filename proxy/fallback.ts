import { Readable } from 'node:stream';
import type { CodedError } from '../errors/index.js';
import type { AdapterFailure } from '../legacy-adapters/index.js';
import {
  ADP_ERR_ADAPTER_FAILED, ADP_ERR_BODY, ADP_ERR_CIRCUIT_OPEN, ADP_ERR_CONNECT, ADP_ERR_GRAPHQL_FATAL, ADP_ERR_HTTP_5XX,
  ADP_ERR_INVALID_RESPONSE, ADP_ERR_TIMEOUT,
} from '../legacy-adapters/index.js';
import type { RequestContext } from './request-context.js';

/** Why a `new` request was served by legacy: the `reason` label of strangler_fallbacks_total. */
export type FallbackReason =
  | 'connect' | 'timeout' | 'http-5xx' | 'invalid-response' | 'graphql-fatal' | 'circuit-open'
  | 'adapter-error' | 'bad-body' | 'no-adapter' | 'legacy-only' | 'other';

const REASONS: ReadonlyMap<string, FallbackReason> = new Map([
  [ADP_ERR_CONNECT.code, 'connect'],
  [ADP_ERR_TIMEOUT.code, 'timeout'],
  [ADP_ERR_HTTP_5XX.code, 'http-5xx'],
  [ADP_ERR_INVALID_RESPONSE.code, 'invalid-response'],
  [ADP_ERR_GRAPHQL_FATAL.code, 'graphql-fatal'],
  [ADP_ERR_CIRCUIT_OPEN.code, 'circuit-open'],
  [ADP_ERR_ADAPTER_FAILED.code, 'adapter-error'],
  [ADP_ERR_BODY.code, 'bad-body'],
]);

// Socket errors raised before a connection existed: not one byte of the request reached the candidate.
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** The fallback reason for an adapter failure's error code. */
export function fallbackReason(error: CodedError): FallbackReason {
  return REASONS.get(error.code) ?? 'other';
}

/**
 * May legacy serve this request instead? Yes when runAdapter says so (idempotent and a candidate
 * failure), or when the candidate provably never received it (circuit open, a body or adapter problem
 * before the call, a refused connection): then legacy gets it once, which is never a duplicate.
 */
export function mayFallBack(failure: AdapterFailure): boolean {
  if (failure.retryableOnLegacy || !failure.sentToCandidate) return true;
  if (failure.error.code !== ADP_ERR_CONNECT.code) return false;
  const cause = failure.error.cause as { code?: unknown } | undefined;
  return typeof cause?.code === 'string' && NOT_CONNECTED.has(cause.code);
}

/**
 * Serve the request from legacy after all: count it, mark the event (served by legacy, fallback), and
 * replay the body bytes already read (null: the body was never read, so the live stream goes).
 */
export function fallBackToLegacy(ctx: RequestContext, body: Buffer | null, reason: FallbackReason): void {
  ctx.metrics.fallbacks.inc({ route: ctx.route?.id ?? '-', reason });
  ctx.setOutcome({ servedBy: 'legacy', fallback: true });
  ctx.passthrough(body === null ? undefined : { body: Readable.from(body.length === 0 ? [] : [body]) });
}
