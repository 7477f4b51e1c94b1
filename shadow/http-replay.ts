import { Pool, util, type Dispatcher } from 'undici';
import type { IncomingHttpHeaders } from 'node:http';
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
  const prefix = new URL(baseUrl).pathname.replace(/\/$/, '');
  return {
    call(req, callOpts) {
      return new Promise<Observation>((resolve) => {
        const started = performance.now();
        const { maxBodyBytes } = callOpts;
        let abort: ((reason?: Error) => void) | null = null;
        let settled = false;
        let deadline: Error | null = null;
        let stopListening = (): void => undefined;
        const settle = (fields: Omit<Parameters<typeof observe>[0], 'side' | 'durationMs'>): void => {
          if (settled) return;
          settled = true;
          stopListening();
          resolve(observe({ side: opts.side, ...fields, durationMs: performance.now() - started }));
        };
        const fail = (): void => settle({ error: deadline !== null ? SHD_ERR_TIMEOUT.code : SHD_ERR_CANDIDATE_FAILED.code });
        const onDeadline = (reason: Error): void => {
          deadline = reason;
          if (abort !== null) abort(reason);
          else fail();
        };
        // `onDeadline` when the caller offers it: reading `signal` would make an AbortController a call.
        // A deadline already passed settles the call here, before anything is sent.
        stopListening = callOpts.onDeadline !== undefined ? callOpts.onDeadline(onDeadline) : listen(callOpts.signal, onDeadline);
        if (settled) return;
        let status = 0;
        let headers: Record<string, string | string[]> = {};
        let chunks: Buffer[] = [];
        let size = 0;
        // A raw dispatch handler, not `pool.request`: no Readable stream and no promise per chunk on
        // the event loop for an answer that is only collected.
        const handler: Dispatcher.DispatchHandler = {
          onConnect(abortRequest) {
            abort = abortRequest;
            if (deadline !== null) abortRequest(deadline);
          },
          onHeaders(statusCode, rawHeaders) {
            status = statusCode;
            headers = util.parseHeaders(rawHeaders) as Record<string, string | string[]>;
            return true;
          },
          onData(chunk) {
            size += chunk.length;
            if (size > maxBodyBytes) {
              // Past the cap: stop reading, the rest would only be thrown away.
              chunks = [];
              settle({ status, headers, body: null, tooLarge: true });
              abort?.(new Error('shadow answer past the cap'));
              return false;
            }
            chunks.push(chunk);
            return true;
          },
          onComplete() {
            settle({ status, headers, body: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size), tooLarge: false });
          },
          onError: fail,
        };
        try {
          pool.dispatch(
            { method: req.method as Dispatcher.HttpMethod, path: prefix + req.url, headers: replayHeaders(req.headers, opts.tag), body: req.body.length > 0 ? req.body : null },
            handler,
          );
        } catch {
          fail();
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
