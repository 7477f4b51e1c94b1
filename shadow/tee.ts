import type { Readable } from 'node:stream';

/** What a tee kept of one stream. */
export interface TeeResult {
  /** The bytes seen, or null when they passed the cap (then nothing is kept). */
  readonly body: Buffer | null;
  /** Bytes that flowed, counted even past the cap. */
  readonly bytes: number;
  readonly tooLarge: boolean;
  /** False when the stream closed or failed before its end (client abort, upstream reset). */
  readonly complete: boolean;
}

/**
 * Keep a copy of a stream's bytes as they flow to their real destination, up to `maxBytes`; past it,
 * drop what was kept and only count. It listens to `data` and never pauses, resumes or buffers ahead of
 * the consumer: when the destination applies back-pressure (pipe pauses the source) the tee simply sees
 * nothing. Attach it in the same tick as the `pipe` (http-proxy's `proxyRes` event does that), since a
 * `data` listener on a stream that is not yet piped starts the flow.
 */
export function teeStream(stream: Readable, maxBytes: number): Promise<TeeResult> {
  return new Promise((resolve) => {
    let chunks: Buffer[] = [];
    let kept = 0;
    let bytes = 0;
    let tooLarge = false;
    let settled = false;
    const finish = (complete: boolean): void => {
      if (settled) return;
      settled = true;
      stream.off('data', onData);
      const body = tooLarge ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, kept);
      chunks = [];
      resolve({ body, bytes, tooLarge, complete });
    };
    const onData = (chunk: Buffer | string): void => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      bytes += buf.length;
      if (tooLarge) return;
      if (kept + buf.length > maxBytes) {
        tooLarge = true;
        chunks = [];
        kept = 0;
        return;
      }
      chunks.push(buf);
      kept += buf.length;
    };
    stream.on('data', onData);
    stream.once('end', () => finish(true));
    stream.once('error', () => finish(false));
    stream.once('close', () => finish(stream.readableEnded));
  });
}
