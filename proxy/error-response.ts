import type { ServerResponse } from 'node:http';
import type { CodedError } from '../errors/index.js';

/** Answer with a short JSON body carrying the error code: `{"error":{"code","message"}}`. */
export function sendCodedError(res: ServerResponse, err: CodedError, closeConnection = false): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const body = JSON.stringify({ error: { code: err.code, message: err.message } });
  const headers: Record<string, string | number> = {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  };
  if (closeConnection) headers.connection = 'close';
  res.writeHead(err.statusCode, headers);
  res.end(body);
}
