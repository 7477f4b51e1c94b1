import {
  brotliDecompress, brotliDecompressSync, gunzip, gunzipSync, inflate, inflateRaw, inflateRawSync, inflateSync,
  type ZlibOptions, type BrotliOptions,
} from 'node:zlib';
import { promisify } from 'node:util';
import { SHD_ERR_DECODE } from './errors.js';

const gunzipAsync = promisify<Buffer, ZlibOptions, Buffer>(gunzip);
const inflateAsync = promisify<Buffer, ZlibOptions, Buffer>(inflate);
const inflateRawAsync = promisify<Buffer, ZlibOptions, Buffer>(inflateRaw);
const brotliAsync = promisify<Buffer, BrotliOptions, Buffer>(brotliDecompress);

/** A body decoded for comparison; `tooLarge` when decoding would pass the cap (a zip bomb or just big). */
export type DecodedBody = { body: Buffer; tooLarge: false } | { body: null; tooLarge: true };

/**
 * Undo `Content-Encoding` (gzip, x-gzip, br, deflate, identity; stacked codings right to left) for
 * comparison only: the client's stream is never touched. Runs on the zlib thread pool, not the event
 * loop, and stops at `maxBytes` of output. Unknown codings and corrupt data throw SHD_ERR_DECODE.
 */
export async function decodeBody(body: Buffer, contentEncoding: string | undefined, maxBytes: number): Promise<DecodedBody> {
  let out = body;
  for (const coding of codingsOf(contentEncoding)) {
    try {
      out = await decodeOne(out, coding, maxBytes);
    } catch (err) {
      return decodeFailure(err, coding);
    }
  }
  return { body: out, tooLarge: false };
}

/**
 * `decodeBody` on the calling thread, for the comparison worker (which may block: it serves no
 * requests). Same codings, cap and errors.
 */
export function decodeBodySync(body: Buffer, contentEncoding: string | undefined, maxBytes: number): DecodedBody {
  let out = body;
  for (const coding of codingsOf(contentEncoding)) {
    try {
      out = decodeOneSync(out, coding, maxBytes);
    } catch (err) {
      return decodeFailure(err, coding);
    }
  }
  return { body: out, tooLarge: false };
}

/** Stacked codings, last applied first; identity dropped. */
function codingsOf(contentEncoding: string | undefined): string[] {
  return (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity')
    .reverse();
}

/** Past the cap is `tooLarge` (data, not an error); anything else is SHD_ERR_DECODE. */
function decodeFailure(err: unknown, coding: string): DecodedBody {
  if ((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return { body: null, tooLarge: true };
  if ((err as { code?: string }).code === 'SHD_ERR_DECODE') throw err;
  throw SHD_ERR_DECODE(coding, (err as Error).message, err);
}

/** RFC 9110 says deflate is zlib-wrapped, but some servers (old PHP/IIS) send raw deflate: accept both. */
function isZlibWrapped(body: Buffer): boolean {
  return body.length > 1 && (body[0]! & 0x0f) === 8 && ((body[0]! << 8) | body[1]!) % 31 === 0;
}

function decodeOne(body: Buffer, coding: string, maxOutputLength: number): Promise<Buffer> {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipAsync(body, { maxOutputLength });
    case 'br':
      return brotliAsync(body, { maxOutputLength });
    case 'deflate':
      return isZlibWrapped(body) ? inflateAsync(body, { maxOutputLength }) : inflateRawAsync(body, { maxOutputLength });
    default:
      return Promise.reject(SHD_ERR_DECODE(coding, 'unsupported content-encoding'));
  }
}

function decodeOneSync(body: Buffer, coding: string, maxOutputLength: number): Buffer {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(body, { maxOutputLength });
    case 'br':
      return brotliDecompressSync(body, { maxOutputLength });
    case 'deflate':
      return isZlibWrapped(body) ? inflateSync(body, { maxOutputLength }) : inflateRawSync(body, { maxOutputLength });
    default:
      throw SHD_ERR_DECODE(coding, 'unsupported content-encoding');
  }
}
