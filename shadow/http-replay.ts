import { Pool, util, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
import { deadline, ResponseTooLarge, sizeCap, type DeadlineOptions, type OnDeadline, type SizeCapOptions } from '../legacy-adapters/index.js';
import { observe, type Observation, type ObservationSide } from './observation.js';
import { SHD_ERR_CANDIDATE_FAILED, SHD_ERR_TIMEOUT } from './errors.js';
import type { CandidateCallOptions, ShadowCandidate, ShadowRequest } from './candidate.js';

// RFC 9110 §7.6.1 hop-by-hop fields, plus the framing undici sets itself from the body it sends.
const HOP_BY_HOP = new Set([
  'connection', 'keep-alive', 'proxy-connection', 'proxy-authenticate', 'proxy-authorization',
  'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length', 'expect',
]);

/** Marks replayed calls so that legacy's own logs can tell them from the operator's. */
export const SHADOW_HEADER = 'x-strangler-shadow';

/** Replays requests to one HTTP origin over a keep-alive pool. */
export interface HttpReplay {
  /**
   * Send `req` again and observe the answer (never throws: failures become the observation's error).
   * Listens for the deadline with `onDeadline` when given, else on `signal`.
   */
  call(req: ShadowRequest, opts: Pick<CandidateCallOptions, 'signal' | 'maxBodyBytes' | 'onDeadline'>): Promise<Observation>;
  close(): Promise<void>;
}

/**
 * A keep-alive replay client to `baseUrl` (legacy, for the noise baseline, or an HTTP candidate that
 * speaks legacy's API). Same method, path, query, headers (minus hop-by-hop) and body; a connection
 * is reused, unlike nginx's `mirror`, which is what keeps shadowing cheap.
 */
export function createHttpReplay(baseUrl: string, opts: { side: ObservationSide; connections?: number; tag: string }): HttpReplay {
  const pool = new Pool(new URL(baseUrl).origin, { connections: opts.connections ?? 16, pipelining: 1 });
  // The same wrappers as the GraphQL client; here every answer counts towards the cap.
  const dispatcher = pool.compose(sizeCap(), deadline());
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  return {
    call(req, callOpts) {
      return new Promise<Observation>((resolve) => {
        const started = performance.now();
        let settled = false;
        let deadlinePassed = false;
        let status = 0;
        let headers: Record<string, string | string[]> = {};
        let chunks: Buffer[] = [];
        let size = 0;
        const settle = (fields: Omit<Parameters<typeof observe>[0], 'side' | 'durationMs'>): void => {
          if (settled) return;
          settled = true;
          resolve(observe({ side: opts.side, ...fields, durationMs: performance.now() - started }));
        };
        // `onDeadline` when the caller offers it: reading `signal` would make an AbortController a call.
        // A deadline already passed settles the call at once, before anything is sent.
        const subscribe: OnDeadline = callOpts.onDeadline !== undefined ? (fire) => callOpts.onDeadline!(fire) : (fire) => listen(callOpts.signal, fire);
        const onDeadline: OnDeadline = (fire) => subscribe((reason) => {
          deadlinePassed = true;
          fire(reason);
        });
        // A raw dispatch handler, not `pool.request`: no Readable stream and no promise per chunk on
        // the event loop for an answer that is only collected.
        const handler: Dispatcher.DispatchHandler = {
          onHeaders(statusCode, rawHeaders) {
            status = statusCode;
            headers = util.parseHeaders(rawHeaders) as Record<string, string | string[]>;
            return true;
          },
          onData(chunk) {
            size += chunk.length;
            chunks.push(chunk);
            return true;
          },
          onComplete() {
            settle({ status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), tooLarge: false });
          },
          onError(err) {
            chunks = [];
            // Past the cap: the answer is observed as too large (status and headers kept), not as a failure.
            if (err instanceof ResponseTooLarge) settle({ status, headers, body: null, tooLarge: true });
            else settle({ error: deadlinePassed ? SHD_ERR_TIMEOUT.code : SHD_ERR_CANDIDATE_FAILED.code });
          },
        };
        const dispatchOptions: Dispatcher.DispatchOptions & DeadlineOptions & SizeCapOptions = {
          method: req.method as Dispatcher.HttpMethod,
          path: prefix + req.url,
          headers: replayHeaders(req.headers, opts.tag),
          body: req.body.length > 0 ? req.body : null,
          onDeadline,
          maxResponseBytes: callOpts.maxBodyBytes,
        };
        try {
          dispatcher.dispatch(dispatchOptions, handler);
        } catch {
          settle({ error: SHD_ERR_CANDIDATE_FAILED.code });
        }
      });
    },
    close: () => pool.close(),
  };
}

/** Listen for `signal`'s abort (at once if it already is); returns a function that stops listening. */
function listen(signal: AbortSignal, listener: (reason: Error) => void): () => void {
  if (signal.aborted) {
    listener(signal.reason as Error);
    return () => undefined;
  }
  const onAbort = (): void => listener(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  return () => signal.removeEventListener('abort', onAbort);
}

/** The candidate is an HTTP service answering legacy's own API (no dry-run form: writes are never sent). */
export function httpCandidate(baseUrl: string, opts: { connections?: number } = {}): ShadowCandidate & { close(): Promise<void> } {
  const replay = createHttpReplay(baseUrl, { side: 'candidate', connections: opts.connections, tag: 'candidate' });
  return {
    dryRun: false,
    call: (req: ShadowRequest, callOpts: CandidateCallOptions) => replay.call(req, callOpts),
    recipe: { type: 'http', baseUrl, connections: opts.connections },
    close: () => replay.close(),
  };
}

function replayHeaders(headers: Readonly<IncomingHttpHeaders>, tag: string): Record<string, string | string[]> {
  const named = new Set(
    String(headers.connection ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter(Boolean),
  );
  const out: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP.has(lower) || named.has(lower)) continue;
    out[lower] = value;
  }
  out[SHADOW_HEADER] = tag;
  return out;
}
