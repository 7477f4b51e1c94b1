import { describe, it, expect } from 'vitest';
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { decodeBody, decodeBodySync } from '../../shadow/decode.js';
import { hasCode } from '../../errors/index.js';

const json = Buffer.from(JSON.stringify({ data: { id: 1, items: ['a', 'b'] } }));

describe('decodeBody', () => {
  it('undoes gzip, br, deflate (zlib and raw) and identity', async () => {
    for (const [coding, body] of [
      ['gzip', gzipSync(json)],
      ['x-gzip', gzipSync(json)],
      ['br', brotliCompressSync(json)],
      ['deflate', deflateSync(json)],
      ['deflate', deflateRawSync(json)],
      ['identity', json],
      [undefined, json],
    ] as const) {
      const out = await decodeBody(body, coding, 1024);
      expect(out.body?.equals(json), String(coding)).toBe(true);
    }
  });

  it('undoes stacked codings right to left', async () => {
    const out = await decodeBody(brotliCompressSync(gzipSync(json)), 'gzip, br', 1024);
    expect(out.body?.equals(json)).toBe(true);
  });

  it('stops a zip bomb at the cap instead of inflating it', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    expect(bomb.length).toBeLessThan(100 * 1024);
    const out = await decodeBody(bomb, 'gzip', 1024 * 1024);
    expect(out.tooLarge).toBe(true);
    expect(out.body).toBeNull();
  });

  it('answers SHD_ERR_DECODE for corrupt data and unknown codings', async () => {
    await expect(decodeBody(Buffer.from('not gzip'), 'gzip', 1024)).rejects.toSatisfy((e) => hasCode(e, 'SHD_ERR_DECODE'));
    await expect(decodeBody(json, 'zstd-unknown', 1024)).rejects.toSatisfy((e) => hasCode(e, 'SHD_ERR_DECODE'));
  });
});

describe('decodeBodySync (the comparison thread)', () => {
  it('decodes what decodeBody decodes, with the same cap and the same error codes', async () => {
    for (const [coding, body] of [
      ['gzip', gzipSync(json)],
      ['br', brotliCompressSync(json)],
      ['deflate', deflateSync(json)],
      ['deflate', deflateRawSync(json)],
      ['gzip, br', brotliCompressSync(gzipSync(json))],
      [undefined, json],
    ] as const) {
      expect(decodeBodySync(body, coding, 1024).body?.equals(json), String(coding)).toBe(true);
    }
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    expect(decodeBodySync(bomb, 'gzip', 1024 * 1024)).toEqual({ body: null, tooLarge: true });
    expect(() => decodeBodySync(Buffer.from('not gzip'), 'gzip', 1024)).toThrow(expect.objectContaining({ code: 'SHD_ERR_DECODE' }));
    expect(() => decodeBodySync(json, 'zstd-unknown', 1024)).toThrow(expect.objectContaining({ code: 'SHD_ERR_DECODE' }));
  });
});
