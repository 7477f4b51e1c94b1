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
   * Past `timeoutMs` the request is aborted and the observation is SHD_ERR_TIMEOUT.
   */
  call(req: ShadowRequest, opts: { timeoutMs: number; maxBodyBytes: number }): Promise<Observation>;
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
        const { timeoutMs, maxBodyBytes } = callOpts;
        let abort: ((reason?: Error) => void) | null = null;
        let settled = false;
        let timedOut = false;
        // A timer of its own rather than an AbortSignal: a signal costs several times what a timer does,
        // and this runs once for every shadowed request.
        const timer = setTimeout(() => {
          timedOut = true;
          abort?.(SHD_ERR_TIMEOUT(opts.side, timeoutMs));
          settle({ error: SHD_ERR_TIMEOUT.code });
        }, timeoutMs);
        const settle = (fields: Omit<Parameters<typeof observe>[0], 'side' | 'durationMs'>): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve(observe({ side: opts.side, ...fields, durationMs: performance.now() - started }));
        };
        const fail = (): void => settle({ error: timedOut ? SHD_ERR_TIMEOUT.code : SHD_ERR_CANDIDATE_FAILED.code });
        let status = 0;
        let headers: Record<string, string | string[]> = {};
        let chunks: Buffer[] = [];
        let size = 0;
        // A raw dispatch handler, not `pool.request`: no Readable stream and no promise per chunk on
        // the event loop for an answer that is only collected.
        const handler: Dispatcher.DispatchHandler = {
          onConnect(abortRequest) {
            abort = abortRequest;
            if (timedOut) abortRequest(SHD_ERR_TIMEOUT(opts.side, timeoutMs));
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

/** The candidate is an HTTP service answering legacy's own API (no dry-run form: writes are never sent). */
export function httpCandidate(baseUrl: string, opts: { connections?: number } = {}): ShadowCandidate & { close(): Promise<void> } {
  const replay = createHttpReplay(baseUrl, { side: 'candidate', connections: opts.connections, tag: 'candidate' });
  return {
    dryRun: false,
    call: (req: ShadowRequest, callOpts: CandidateCallOptions) => replay.call(req, callOpts),
    close: () => replay.close(),
  };
}

function replayHeaders(headers: Readonly<IncomingHttpHeaders>, tag: string): Record<string, string | string[]> {
  // Fields the client named in Connection are hop-by-hop too (RFC 9110 §7.6.1); most requests name none
  // but keep-alive, so no set is built for them.
  const connection = headers.connection;
  const named =
    connection === undefined || connection === 'keep-alive' || connection === 'close'
      ? null
      : new Set(
          String(connection)
            .split(',')
            .map((h) => h.trim().toLowerCase())
            .filter(Boolean),
        );
  const out: Record<string, string | string[]> = {};
  // node's IncomingMessage gives lower-case names; a caller's own headers object may not.
  for (const name in headers) {
    const value = headers[name];
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (named !== null && named.has(lower))) continue;
    out[lower] = value;
  }
  out[SHADOW_HEADER] = tag;
  return out;
}
