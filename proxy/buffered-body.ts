import type { IncomingMessage } from 'node:http';

/** The whole request body, or why there is none: past the limit, or the client went away. */
export type BufferedBody = { ok: true; body: Buffer } | { ok: false; reason: 'too-large' | 'closed' };

/**
 * Read a request body into memory, up to `maxBytes` (config.server.maxBodyBytes). The adapter needs the
 * whole body; a fallback to legacy replays these same bytes, since the stream cannot be read twice.
 */
export function readBufferedBody(req: IncomingMessage, maxBytes: number): Promise<BufferedBody> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BufferedBody) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onClose);
      req.off('close', onClose);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        // Keep draining so the 413 can still be written on this connection.
        req.resume();
        done({ ok: false, reason: 'too-large' });
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => done({ ok: true, body: Buffer.concat(chunks, size) });
    const onClose = () => done({ ok: false, reason: 'closed' });
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onClose);
    req.once('close', onClose);
  });
}
