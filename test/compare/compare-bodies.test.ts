import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bodyKind, compareBodies } from '../../compare/compare-bodies.js';

const enc = (s: string) => new TextEncoder().encode(s);

describe('compareBodies', () => {
  it('chooses the comparison by content type', () => {
    expect(bodyKind('application/json; charset=utf-8')).toBe('json');
    expect(bodyKind('application/problem+json')).toBe('json');
    expect(bodyKind('text/html; charset=UTF-8')).toBe('text');
    expect(bodyKind('application/xml')).toBe('text');
    expect(bodyKind('image/png')).toBe('bytes');
    expect(bodyKind(undefined)).toBe('bytes');
  });
  it('diffs JSON structurally from bytes or strings', () => {
    const r = compareBodies({
      contentType: 'application/json',
      legacy: enc('{"a":1,"b":[1,2]}'),
      candidate: '{"b":[1,3],"a":1.0}',
    });
    expect(r).toMatchObject({ kind: 'json', equal: false, differences: [{ path: '$.b[1]', kind: 'changed' }] });
  });
  it('applies rules to JSON', () => {
    const r = compareBodies({ contentType: 'application/json', legacy: '{"t":1}', candidate: '{"t":2}', rules: { ignore: ['$.t'] } });
    expect(r.equal).toBe(true);
  });
  it('compares JSON that does not parse as text, and says which side', () => {
    const r = compareBodies({ contentType: 'application/json', legacy: '{"a":1}', candidate: '<html>oops</html>' });
    expect(r).toMatchObject({ kind: 'json', equal: false, invalidJson: 'candidate' });
  });
  it('line-diffs HTML after normalisation', () => {
    expect(compareBodies({ contentType: 'text/html', legacy: 'a\r\nb  \r\n', candidate: 'a\nb' }).equal).toBe(true);
    expect(compareBodies({ contentType: 'text/html', legacy: 'a\nb', candidate: 'a\nc' }).differences).toEqual([
      { path: '$[1]', kind: 'changed', legacy: 'b', candidate: 'c' },
    ]);
  });
  it('compares anything else by hash', () => {
    expect(compareBodies({ contentType: 'image/png', legacy: enc('abc'), candidate: enc('abc') }).equal).toBe(true);
    const r = compareBodies({ contentType: 'image/png', legacy: enc('abc'), candidate: enc('abd') });
    expect(r).toMatchObject({ kind: 'bytes', equal: false, differences: [{ path: '$', kind: 'changed' }] });
    expect(String(r.differences[0].legacy)).toMatch(/^sha256:[0-9a-f]{64}$/);
  });
  it('bounds the number of differences it returns (default 1000)', () => {
    const a = JSON.stringify(Array.from({ length: 1500 }, (_, i) => i));
    const b = JSON.stringify(Array.from({ length: 1500 }, (_, i) => -i - 1));
    const r = compareBodies({ contentType: 'application/json', legacy: a, candidate: b });
    expect(r.differences).toHaveLength(1000);
    expect(r.truncated).toBe(true);
  });
  it('never throws on any body under any content type', () => {
    const type = fc.constantFrom('application/json', 'text/html', 'application/octet-stream', '', 'application/json; charset=utf-8');
    const body = fc.oneof(fc.string({ unit: 'binary' }), fc.json(), fc.uint8Array({ maxLength: 64 }));
    fc.assert(
      fc.property(type, body, body, (contentType, legacy, candidate) => {
        const r = compareBodies({ contentType, legacy, candidate });
        expect(typeof r.equal).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
