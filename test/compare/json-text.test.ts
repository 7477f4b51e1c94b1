import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LosslessNumber, parse as losslessParse } from 'lossless-json';
import { ExactNumber, parseJson, parseJsonExact, stringifyJson } from '../../compare/json-text.js';
import { hasCode } from '../../errors/coded-error.js';

describe('parseJson', () => {
  it('keeps integers beyond 2^53 exact', () => {
    const v = parseJson('{"id":12345678901234567891,"small":42}') as Record<string, unknown>;
    expect(v.id).toBeInstanceOf(ExactNumber);
    expect(String(v.id)).toBe('12345678901234567891');
    expect(v.small).toBe(42);
  });
  it('writes exact numbers back as numbers, and as exact strings through JSON.stringify', () => {
    const v = parseJson('[12345678901234567891]');
    expect(stringifyJson(v)).toBe('[12345678901234567891]');
    expect(JSON.stringify(v)).toBe('["12345678901234567891"]');
  });
  it('throws CMP_ERR_INVALID_JSON on bad input, on both paths', () => {
    for (const bad of ['{', '{"a":1,}', '[12345678901234567891,]']) {
      expect.soft(hasCode(catchErr(() => parseJson(bad)), 'CMP_ERR_INVALID_JSON'), bad).toBe(true);
    }
  });
});

function catchErr(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  return undefined;
}

describe('parseJsonExact', () => {
  it('leaves digits inside strings and keys alone', () => {
    const v = parseJsonExact('{"note":"call 12345678901234567891","12345678901234567891":1,"id":12345678901234567891}') as Record<string, unknown>;
    expect(v.note).toBe('call 12345678901234567891');
    expect(v['12345678901234567891']).toBe(1);
    expect(String(v.id)).toBe('12345678901234567891');
  });
  it('keeps long numbers with a fraction or exponent exact', () => {
    const v = parseJsonExact('[12345678901234567891.5, -12345678901234567891e2]') as unknown[];
    expect(v.map(String)).toEqual(['12345678901234567891.5', '-12345678901234567891e2']);
  });
  it('falls back to the fully lossless parser when the text has a \\u0000 escape', () => {
    const v = parseJsonExact('{"s":"\\u0000123","id":12345678901234567891}') as Record<string, unknown>;
    expect(v.s).toBe('\u0000123');
    expect(String(v.id)).toBe('12345678901234567891');
  });
  it('does not turn invalid JSON into valid JSON (a number as a key)', () => {
    expect(hasCode(catchErr(() => parseJsonExact('{12345678901234567891: 1}')), 'CMP_ERR_INVALID_JSON')).toBe(true);
  });
});

describe('parseJsonExact: round trip', () => {
  it('reads back exactly what was written, whatever the strings hold', () => {
    const big = fc.bigInt(-(2n ** 80n), 2n ** 80n).map((b) => new LosslessNumber(b.toString()));
    const tricky = fc
      .array(fc.constantFrom('"', '\\', ':', ' ', '12345678901234567891', '-', 'e', '.', ',', '9'), { maxLength: 8 })
      .map((parts) => parts.join(''));
    const leaf = fc.oneof(big, tricky, fc.double({ noNaN: true, noDefaultInfinity: true }), fc.jsonValue({ maxDepth: 1 }));
    const tree = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('v'), { maxLength: 4 }), fc.dictionary(tricky, tie('v'), { maxKeys: 4 })),
    })).v;
    fc.assert(
      fc.property(tree, (v) => {
        const text = stringifyJson(v);
        expect(stringifyJson(parseJsonExact(text))).toBe(stringifyJson(losslessParse(text)));
      }),
      { numRuns: 300 },
    );
  });
});
