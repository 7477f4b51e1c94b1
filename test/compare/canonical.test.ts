import { describe, expect, it } from 'vitest';
import { canonicalDecimal, canonicalKey, compareSortKeys, isNumericString, jsonType, sameNumber } from '../../compare/canonical.js';
import { ExactNumber } from '../../compare/json-text.js';

describe('canonical shape', () => {
  it('spells every number one way', () => {
    for (const s of ['1', '1.0', '10e-1', '0.1e1', '001', '1.000e0']) expect(canonicalDecimal(s), s).toBe('1e0');
    expect(canonicalDecimal('-0.0')).toBe('0');
    expect(canonicalDecimal('1200')).toBe('12e2');
    expect(canonicalDecimal(String(1e21))).toBe('1e21');
  });
  it('compares integers exactly at any length, decimals as doubles', () => {
    const n = (s: string) => new ExactNumber(s);
    expect(sameNumber(n('12345678901234567891'), n('12345678901234567891.00'))).toBe(true);
    expect(sameNumber(n('12345678901234567891'), n('12345678901234567890'))).toBe(false);
    expect(sameNumber(n('0.10000000000000001'), 0.1)).toBe(true);
    expect(sameNumber(1, n('1.0'))).toBe(true);
  });
  it('gives equal values equal keys regardless of key order and spelling', () => {
    expect(canonicalKey({ b: [1, 'x'], a: null })).toBe(canonicalKey({ a: null, b: [new ExactNumber('1.0e0'), 'x'] }));
    expect(canonicalKey([1])).not.toBe(canonicalKey(['1']));
  });
  it('knows JSON types and numeric strings', () => {
    expect([null, true, 1, new ExactNumber('1'), 's', [], {}].map(jsonType)).toEqual(['null', 'boolean', 'number', 'number', 'string', 'array', 'object']);
    expect(isNumericString('-12.5e3')).toBe(true);
    expect(isNumericString('12a')).toBe(false);
  });
  it('orders sort keys: numbers by value, then strings', () => {
    expect([10, 2, new ExactNumber('12345678901234567891'), 'b', 'a'].sort(compareSortKeys)).toEqual([
      2,
      10,
      new ExactNumber('12345678901234567891'),
      'a',
      'b',
    ]);
  });
});
