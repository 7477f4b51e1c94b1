import { describe, expect, it } from 'vitest';
import { ExactNumber, parseJson, stringifyJson } from '../../compare/json-text.js';
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
