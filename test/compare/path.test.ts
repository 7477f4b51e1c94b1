import { describe, expect, it } from 'vitest';
import { formatPath, generalizePath, parsePath, parsePathPattern, PathMatcher } from '../../compare/path.js';
import { hasCode } from '../../errors/coded-error.js';

describe('paths', () => {
  it('formats steps, bracket-quoting keys that need it', () => {
    expect(formatPath(['data', 'items', 3, 'price'])).toBe('$.data.items[3].price');
    expect(formatPath(['a.b', "it's", '日本'])).toBe("$['a.b']['it\\'s']['日本']");
  });
  it('parses what it formats', () => {
    const steps = ['a.b', "it's", 0, 'x', 'back\\slash', ''];
    expect(parsePath(formatPath(steps))).toEqual(steps);
  });
  it('parses patterns: [*], .*, $..name', () => {
    expect(parsePathPattern('$.data[*].token')).toEqual([{ t: 'key', name: 'data' }, { t: 'any' }, { t: 'key', name: 'token' }]);
    expect(parsePathPattern('$..request_id')).toEqual([{ t: 'desc', name: 'request_id' }]);
    expect(parsePathPattern("$['a.b'][2]")).toEqual([{ t: 'key', name: 'a.b' }, { t: 'index', index: 2 }]);
  });
  it('rejects malformed patterns with CMP_ERR_INVALID_PATH', () => {
    for (const bad of ['data.x', '$.', '$[', '$[x]', "$['a", '$.a]']) {
      expect(() => parsePathPattern(bad), bad).toThrow();
      try {
        parsePathPattern(bad);
      } catch (err) {
        expect(hasCode(err, 'CMP_ERR_INVALID_PATH')).toBe(true);
      }
    }
  });
  it('matches at any depth with ..', () => {
    const m = new PathMatcher<string>();
    m.add('$..id', 'id');
    m.add('$.a[*].b', 'b');
    expect(m.test(['x', 3, 'y', 'id'], 'id')).toBe(true);
    expect(m.test(['id'], 'id')).toBe(true);
    expect(m.test(['x', 'idx'], 'id')).toBe(false);
    expect(m.test(['a', 7, 'b'], 'b')).toBe(true);
    expect(m.test(['a', 'k', 'b'], 'b')).toBe(true);
    expect(m.test(['a', 7, 'c'], 'b')).toBe(false);
  });
  it('generalises indices to [*]', () => {
    expect(generalizePath('$.items[3].tags[12]')).toBe('$.items[*].tags[*]');
    expect(generalizePath("$['a[3]'][1]")).toBe("$['a[3]'][*]");
  });
});
