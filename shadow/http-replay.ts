import { Pool } from 'undici';
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
  /** Send `req` again and observe the answer (never throws: failures become the observation's error). */
  call(req: ShadowRequest, opts: { signal: AbortSignal; maxBodyBytes: number }): Promise<Observation>;
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
    async call(req, callOpts) {
      const started = performance.now();
      try {
        const res = await pool.request({
          method: req.method as 'GET',
          path: prefix + req.url,
          headers: replayHeaders(req.headers, opts.tag),
          body: req.body.length > 0 ? req.body : null,
          signal: callOpts.signal,
        });
        const { body, tooLarge } = await readCapped(res.body, callOpts.maxBodyBytes);
        return observe({
          side: opts.side,
          status: res.statusCode,
          headers: res.headers as Record<string, string | string[]>,
          body,
          tooLarge,
          durationMs: performance.now() - started,
        });
      } catch (err) {
        const timedOut = callOpts.signal.aborted;
        const error = timedOut ? SHD_ERR_TIMEOUT.code : SHD_ERR_CANDIDATE_FAILED.code;
        return observe({ side: opts.side, error, durationMs: performance.now() - started });
      }
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

async function readCapped(body: AsyncIterable<Buffer> & { destroy(): unknown }, max: number): Promise<{ body: Buffer | null; tooLarge: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > max) {
      // Stop reading: the bytes past the cap would only be thrown away.
      body.destroy();
      return { body: null, tooLarge: true };
    }
    chunks.push(chunk);
  }
  return { body: Buffer.concat(chunks, size), tooLarge: false };
}
