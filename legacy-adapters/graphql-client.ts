import { Pool } from 'undici';
import type { Dispatcher } from 'undici';
import { CodedError } from '../errors/index.js';
import type { GraphqlErrorItem, GraphqlResult, Variables } from './define-adapter.js';
import { ADP_ERR_CONNECT, ADP_ERR_HTTP_5XX, ADP_ERR_INVALID_RESPONSE, ADP_ERR_TIMEOUT } from './errors.js';
import { afterMs, deadline, DeadlineExceeded, ResponseTooLarge, sizeCap, staticHeaders, type DeadlineOptions, type SizeCapOptions } from './outbound/index.js';

/** Options of {@link createGraphqlClient}. */
export interface GraphqlClientOptions {
  /** The GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** Default whole-call timeout, ms (per call overridable). */
  timeoutMs: number;
  /** TCP connect timeout, ms (default: min(timeoutMs, 5000)). */
  connectTimeoutMs?: number;
  /** Persistent connections kept to the candidate (default 16). */
  connections?: number;
  /** Largest answer accepted, bytes (default 16 MiB); past it ADP_ERR_INVALID_RESPONSE. */
  maxResponseBytes?: number;
  /** Headers sent with every call (credentials: `candidate.headers`); never logged. */
  headers?: Readonly<Record<string, string>>;
  /** TLS options for an `https:` candidate (mTLS: a client certificate and key; a private CA). */
  tls?: { ca?: string | Buffer; cert?: string | Buffer; key?: string | Buffer };
}

/** One GraphQL operation. */
export interface GraphqlOperation {
  document: string;
  variables?: Variables;
  operationName?: string | null;
}

/** Per-call options. */
export interface GraphqlCallOptions {
  timeoutMs?: number;
  /** Forwarded as `x-request-id`. */
  requestId?: string | null;
  /** Forwarded as `x-operator-id`. */
  operatorId?: string | null;
  /** The incoming W3C `traceparent`, forwarded so the candidate's spans join the operator's trace. */
  traceparent?: string | null;
}

/** A GraphQL-over-HTTP client with keep-alive connections. */
export interface GraphqlClient {
  readonly url: string;
  /**
   * Run one operation. Resolves with `data` and `errors` (partial data included); rejects only with
   * coded errors: ADP_ERR_CONNECT, ADP_ERR_TIMEOUT, ADP_ERR_HTTP_5XX, ADP_ERR_INVALID_RESPONSE.
   */
  execute(operation: GraphqlOperation, options?: GraphqlCallOptions): Promise<GraphqlResult>;
  close(): Promise<void>;
}

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** An error page's body is never read (only its status is reported), so it is never capped. */
const isErrorPage = (status: number): boolean => status >= 500;

/** A client for the candidate GraphQL service (one undici Pool per client). */
export function createGraphqlClient(options: GraphqlClientOptions): GraphqlClient {
  const url = new URL(options.url);
  const path = `${url.pathname}${url.search}`;
  const maxBytes = options.maxResponseBytes ?? 16 * 1024 * 1024;
  const pool = new Pool(url.origin, {
    connections: options.connections ?? 16,
    keepAliveTimeout: 30_000,
    connect: { timeout: options.connectTimeoutMs ?? Math.min(options.timeoutMs, 5000), ...options.tls },
  });
  // Outer last: the deadline sees the whole call, the cap the body, the headers go on every call.
  const dispatcher = pool.compose(staticHeaders(options.headers ?? {}), sizeCap({ uncounted: isErrorPage }), deadline());

  /*
   * A raw dispatch handler, not `pool.request`: no Readable stream and no promise per chunk for an
   * answer that is only collected and parsed (the same choice as shadow/http-replay.ts). Shadow mode
   * runs this on the event loop for every shadowed request, canary and new mode for every request
   * they serve (bench/shadow-candidates.ts measures a call).
   */
  function execute(operation: GraphqlOperation, call: GraphqlCallOptions = {}): Promise<GraphqlResult> {
    const timeoutMs = call.timeoutMs ?? options.timeoutMs;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (call.requestId) headers['x-request-id'] = call.requestId;
    if (call.operatorId) headers['x-operator-id'] = call.operatorId;
    if (call.traceparent) headers.traceparent = call.traceparent;
    const payload = JSON.stringify({
      query: operation.document,
      variables: operation.variables ?? {},
      ...(operation.operationName ? { operationName: operation.operationName } : {}),
    });
    return new Promise<GraphqlResult>((resolve, reject) => {
      let settled = false;
      let status = 0;
      let contentType = 'no content-type';
      let chunks: Buffer[] = [];
      let size = 0;
      const fail = (err: unknown): void => {
        if (settled) return;
        settled = true;
        reject(classify(err, timeoutMs, url.origin));
      };
      const handler: Dispatcher.DispatchHandler = {
        onHeaders(statusCode, rawHeaders) {
          status = statusCode;
          // Only Content-Type is read (for error messages): no object of every header for each answer.
          for (let k = 0; k + 1 < rawHeaders.length; k += 2) {
            const name = rawHeaders[k]!;
            if (name.length === 12 && name.toString('latin1').toLowerCase() === 'content-type') {
              contentType = rawHeaders[k + 1]!.toString('latin1');
              break;
            }
          }
          return true;
        },
        onData(chunk) {
          if (!isErrorPage(status)) {
            chunks.push(chunk);
            size += chunk.length;
          }
          return true;
        },
        onComplete() {
          if (settled) return;
          settled = true;
          if (isErrorPage(status)) return reject(ADP_ERR_HTTP_5XX(status));
          const text = (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)).toString('utf8');
          chunks = [];
          try {
            resolve(parseResult(text, status, contentType));
          } catch (err) {
            reject(err);
          }
        },
        onError: fail,
      };
      const dispatchOptions: Dispatcher.DispatchOptions & DeadlineOptions & SizeCapOptions = {
        path, method: 'POST', headers, body: payload, onDeadline: afterMs(timeoutMs), maxResponseBytes: maxBytes,
      };
      try {
        dispatcher.dispatch(dispatchOptions, handler);
      } catch (err) {
        fail(err);
      }
    });
  }

  return Object.freeze({ url: options.url, execute, close: () => pool.close() });
}

/** Only the shape is checked; the text of an error page is never copied into the error (it may hold a stack trace). */
function parseResult(text: string, status: number, contentType: string): GraphqlResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw ADP_ERR_INVALID_RESPONSE(`HTTP ${status}, ${contentType}, not JSON`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw ADP_ERR_INVALID_RESPONSE(`HTTP ${status}, JSON but not an object`);
  }
  const { data, errors } = parsed as { data?: unknown; errors?: unknown };
  const dataOk = data === undefined || data === null || (typeof data === 'object' && !Array.isArray(data));
  const errorsOk = errors === undefined || (Array.isArray(errors) && errors.every(isErrorItem));
  if (!dataOk || !errorsOk || (data === undefined && errors === undefined)) {
    throw ADP_ERR_INVALID_RESPONSE(`HTTP ${status}, JSON without GraphQL data or errors`);
  }
  // GraphQL over HTTP answers request errors with 4xx and an `errors` list: that is a result, not garbage.
  if (status >= 400 && (errors === undefined || (errors as unknown[]).length === 0)) {
    throw ADP_ERR_INVALID_RESPONSE(`HTTP ${status} without GraphQL errors`);
  }
  const result: GraphqlResult = { data: (data ?? null) as Record<string, unknown> | null };
  if (errors !== undefined && (errors as unknown[]).length > 0) result.errors = errors as GraphqlErrorItem[];
  return result;
}

function isErrorItem(e: unknown): boolean {
  return typeof e === 'object' && e !== null && typeof (e as { message?: unknown }).message === 'string';
}

function classify(err: unknown, timeoutMs: number, origin: string): CodedError {
  if (err instanceof CodedError) return err;
  const code = (err as { code?: unknown })?.code;
  if (err instanceof DeadlineExceeded || (typeof code === 'string' && TIMEOUT_CODES.has(code))) return ADP_ERR_TIMEOUT(timeoutMs, err);
  if (err instanceof ResponseTooLarge) return ADP_ERR_INVALID_RESPONSE('larger than maxResponseBytes', err);
  // Refused, reset, DNS, socket closed mid-answer: all mean the candidate is not reachable right now.
  const why = typeof code === 'string' ? code : ((err as { name?: string })?.name ?? 'transport error');
  return ADP_ERR_CONNECT(origin, why, err);
}
