import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LosslessNumber } from 'lossless-json';
import { bodyKind, compareBodies } from '../../compare/compare-bodies.js';
import { compareJson } from '../../compare/json-diff.js';
import { parseJsonExact, stringifyJson } from '../../compare/json-text.js';

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
  it('keeps 64-bit ids apart even when JSON.parse would round them to the same double', () => {
    const r = compareBodies({
      contentType: 'application/json',
      legacy: '{"id":12345678901234567891,"x":{"ids":[1]}}',
      candidate: '{"id":12345678901234567890,"x":{"ids":[1,9007199254740993]}}',
    });
    expect(stringifyJson(r.differences)).toBe(
      '[{"path":"$.id","kind":"changed","legacy":12345678901234567891,"candidate":12345678901234567890},' +
        '{"path":"$.x.ids[1]","kind":"added","candidate":9007199254740993}]',
    );
  });
  it.each([
    ['an object member', '{"id":12345678901234567891,"n":1}', '{"id":12345678901234567890,"n":1}', '$.id'],
    ['an array element', '[1,12345678901234567891]', '[1,12345678901234567890]', '$[1]'],
  ])('finds 64-bit ids in %s that differ only past 2^53, when nothing else differs', (_where, legacy, candidate, path) => {
    const r = compareBodies({ contentType: 'application/json', legacy, candidate });
    expect(r.equal).toBe(false);
    expect(r.differences.map((d) => [d.path, d.kind])).toEqual([[path, 'changed']]);
  });
  it('answers as the exact path does, with or without 64-bit ids (fast path = exact path)', () => {
    const big = fc.bigInt(-(2n ** 70n), 2n ** 70n).map((b) => new LosslessNumber(b.toString()));
    const leaf = fc.oneof(fc.jsonValue({ maxDepth: 1 }), big, fc.constantFrom(new LosslessNumber('12345678901234567891')));
    const tree = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'b', 'id'), tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(
      fc.property(tree, tree, (x, y) => {
        const a = stringifyJson(x);
        const b = stringifyJson(y);
        const viaBodies = compareBodies({ contentType: 'application/json', legacy: a, candidate: b, limit: Infinity });
        const exact = compareJson(parseJsonExact(a), parseJsonExact(b));
        expect(stringifyJson(viaBodies.differences)).toBe(stringifyJson(exact.differences));
        expect(compareBodies({ contentType: 'application/json', legacy: a, candidate: ` ${a} ` }).equal).toBe(true);
      }),
      { numRuns: 300 },
    );
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

describe('compareBodies: large bodies with 64-bit ids', () => {
  it('takes the exact path at once and still tells which side is not JSON', () => {
    const items = Array.from({ length: 400 }, (_, i) => `{"id":${12345678901234567000n + BigInt(i)},"name":"item ${i}"}`);
    const legacy = `{"items":[${items.join(',')}]}`;
    const candidate = legacy.replace('12345678901234567001', '12345678901234567002');
    expect(legacy.length).toBeGreaterThan(16_384);
    const r = compareBodies({ contentType: 'application/json', legacy, candidate });
    expect(stringifyJson(r.differences)).toBe(
      '[{"path":"$.items[1].id","kind":"changed","legacy":12345678901234567001,"candidate":12345678901234567002}]',
    );
    const broken = compareBodies({ contentType: 'application/json', legacy, candidate: `${candidate.slice(0, -1)}` });
    expect(broken).toMatchObject({ equal: false, invalidJson: 'candidate' });
  });
});
