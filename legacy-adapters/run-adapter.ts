import { CodedError } from '../errors/index.js';
import type { AdapterRequest } from './adapter-request.js';
import type { Adapter, LegacyResponse } from './define-adapter.js';
import type { GraphqlClient } from './graphql-client.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import {
  ADP_ERR_ADAPTER_FAILED, ADP_ERR_CIRCUIT_OPEN, ADP_ERR_CONNECT, ADP_ERR_GRAPHQL_FATAL, ADP_ERR_HTTP_5XX,
  ADP_ERR_INVALID_RESPONSE, ADP_ERR_NO_DRY_RUN, ADP_ERR_TIMEOUT,
} from './errors.js';

/** A legacy-shaped answer ready to send. */
export interface AdapterSuccess {
  ok: true;
  status: number;
  /** Lower-case names; content-type and content-length always set. */
  headers: Record<string, string>;
  body: Buffer;
  /** True when the candidate was called (false when `precheck` answered). */
  sentToCandidate: boolean;
  durationMs: number;
  /**
   * For a dry run of an adapter with `effects`: `{ state }`, the state the dry run says it would leave
   * (`effects.candidate`), or `{ error }` when that function failed; absent otherwise or when it gave null.
   */
  effects?: { state: Record<string, unknown> } | { error: string };
}

/** The candidate path failed; the operator has seen nothing yet. */
export interface AdapterFailure {
  ok: false;
  error: CodedError;
  /** Safe to serve this request from legacy instead: idempotent, and a candidate failure (see docs/adapters.md). */
  retryableOnLegacy: boolean;
  /** False when the candidate was never called (circuit open, bad body, no dry-run form). */
  sentToCandidate: boolean;
  durationMs: number;
}

/** The outcome of {@link runAdapter}. */
export type AdapterOutcome = AdapterSuccess | AdapterFailure;

/** Options of {@link runAdapter}. */
export interface RunAdapterOptions {
  /** Run the adapter's dry-run form (a write that is rolled back). */
  dryRun?: boolean;
  /** Candidate timeout for this call, ms (route config); else the adapter's, else the client's. */
  timeoutMs?: number | null;
  /** The route's breaker: consulted before the call, told the result after. */
  breaker?: CircuitBreaker | null;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// Failures after which the candidate produced nothing usable, so legacy may answer instead.
const CANDIDATE_FAILURES = new Set([
  ADP_ERR_CONNECT.code, ADP_ERR_TIMEOUT.code, ADP_ERR_HTTP_5XX.code, ADP_ERR_INVALID_RESPONSE.code,
  ADP_ERR_GRAPHQL_FATAL.code, ADP_ERR_CIRCUIT_OPEN.code, ADP_ERR_ADAPTER_FAILED.code,
]);
const GENERIC_MESSAGE = 'システムエラーが発生しました。時間をおいて再度お試しください。';

/** GET, HEAD and OPTIONS are idempotent; other methods only when the adapter declares it. */
export function isIdempotent(adapter: Adapter, req: AdapterRequest): boolean {
  return SAFE_METHODS.has(req.method) || adapter.idempotent;
}

/**
 * Serve one request through an adapter: precheck → variables → candidate call → error mapping →
 * toLegacy. Never throws; every failure is an AdapterFailure with a coded error.
 */
export async function runAdapter(
  adapter: Adapter,
  client: GraphqlClient,
  req: AdapterRequest,
  options: RunAdapterOptions = {},
): Promise<AdapterOutcome> {
  const started = performance.now();
  const idempotent = isIdempotent(adapter, req);
  let sent = false;
  const fail = (error: CodedError): AdapterFailure => ({
    ok: false,
    error,
    retryableOnLegacy: idempotent && CANDIDATE_FAILURES.has(error.code),
    sentToCandidate: sent,
    durationMs: performance.now() - started,
  });
  const succeed = (response: LegacyResponse): AdapterOutcome => {
    try {
      return { ok: true, ...serializeResponse(response), sentToCandidate: sent, durationMs: performance.now() - started };
    } catch (err) {
      return fail(ADP_ERR_ADAPTER_FAILED(adapter.name, 'serialising its answer', err));
    }
  };
  let stage = 'precheck';
  try {
    const form = options.dryRun ? adapter.dryRun : adapter;
    if (form === null) return fail(ADP_ERR_NO_DRY_RUN(adapter.name));
    const early = adapter.precheck?.(req) ?? null;
    if (early !== null) return succeed(early);
    stage = 'variables';
    const variables = form.variables(req);
    if (options.breaker && !options.breaker.allow()) return fail(ADP_ERR_CIRCUIT_OPEN(adapter.name));
    stage = 'the candidate call';
    sent = true;
    let result;
    try {
      result = await client.execute(
        { document: form.document, variables, operationName: adapter.operationName },
        {
          timeoutMs: options.timeoutMs ?? adapter.timeoutMs ?? undefined,
          // The operator's own trace and request id, when its client sent them, so both stacks' logs join.
          requestId: oneHeader(req.headers['x-request-id']) ?? req.requestId,
          operatorId: req.operatorId,
          traceparent: oneHeader(req.headers.traceparent),
        },
      );
    } catch (err) {
      options.breaker?.onFailure();
      throw err;
    }
    if (result.errors && result.errors.length > 0) {
      stage = 'mapErrors';
      const mapped = adapter.mapErrors?.(result.errors, req) ?? null;
      if (mapped !== null) {
        options.breaker?.onSuccess();
        return succeed(mapped);
      }
      const fatal = adapter.fatalErrors ? adapter.fatalErrors(result.errors, result) : result.data === null;
      if (fatal) {
        options.breaker?.onFailure();
        const codes = result.errors.map((e) => String(e.extensions?.code ?? 'no code')).join(', ');
        return fail(ADP_ERR_GRAPHQL_FATAL(codes));
      }
    }
    options.breaker?.onSuccess();
    stage = 'toLegacy';
    const done = succeed(form.toLegacy(result, req));
    if (options.dryRun && adapter.effects !== null && done.ok) {
      const effects = dryRunEffects(adapter, result, req);
      if (effects !== null) done.effects = effects;
    }
    return done;
  } catch (err) {
    if (err instanceof CodedError) return fail(err);
    return fail(ADP_ERR_ADAPTER_FAILED(adapter.name, stage, err));
  }
}

/** The state a dry run says it would leave; a failing `effects.candidate` is reported, not thrown. */
function dryRunEffects(adapter: Adapter, result: Parameters<NonNullable<Adapter['effects']>['candidate']>[0], req: AdapterRequest): AdapterSuccess['effects'] | null {
  try {
    const state = adapter.effects!.candidate(result, req);
    return state === null ? null : { state };
  } catch (err) {
    return { error: `effects.candidate of ${adapter.name} failed: ${(err as Error)?.message ?? String(err)}` };
  }
}

/** Turn a LegacyResponse into bytes and complete headers (JSON unless the body is a Buffer or string). */
export function serializeResponse(response: LegacyResponse): { status: number; headers: Record<string, string>; body: Buffer } {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(response.headers ?? {})) headers[k.toLowerCase()] = v;
  let body: Buffer;
  if (Buffer.isBuffer(response.body)) body = response.body;
  else if (typeof response.body === 'string') body = Buffer.from(response.body, 'utf8');
  else {
    body = Buffer.from(JSON.stringify(response.body) ?? 'null', 'utf8');
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  }
  headers['content-type'] ??= 'text/plain; charset=UTF-8';
  headers['content-length'] = String(body.length);
  return { status: response.status, headers, body };
}

/**
 * The answer for an operator when the candidate failed and legacy cannot take over: the adapter's
 * `errorResponse`, else a legacy NG envelope with the code and a generic message. Never a stack trace.
 */
export function failureResponse(
  adapter: Adapter,
  error: CodedError,
  req: AdapterRequest,
): { status: number; headers: Record<string, string>; body: Buffer } {
  if (adapter.errorResponse) {
    try {
      return serializeResponse(adapter.errorResponse(error, req));
    } catch {
      // fall through to the generic answer
    }
  }
  const status = error.statusCode >= 400 && error.statusCode < 600 ? error.statusCode : 502;
  return serializeResponse({ status, body: { result: 'NG', error: { code: error.code, message: GENERIC_MESSAGE } } });
}

/** A header's single value, or null when absent or sent more than once. */
function oneHeader(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
