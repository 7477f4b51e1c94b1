import { describe, expect, it } from 'vitest';
import { compareText, normalizeText } from '../../compare/text-diff.js';

describe('compareText', () => {
  it('ignores line endings, trailing spaces and trailing blank lines', () => {
    expect(normalizeText('\uFEFFa \r\nb\t\rc\n\n')).toBe('a\nb\nc');
    expect(compareText('<p>a</p>  \r\n<p>b</p>\r\n', '<p>a</p>\n<p>b</p>').equal).toBe(true);
  });
  it('pairs a removed run with the added run after it as changed lines', () => {
    const r = compareText('a\nb\nc\nd', 'a\nB\nc\nd\ne');
    expect(r.differences).toEqual([
      { path: '$[1]', kind: 'changed', legacy: 'b', candidate: 'B' },
      { path: '$[4]', kind: 'added', candidate: 'e' },
    ]);
  });
  it('reports removed lines by their legacy index', () => {
    expect(compareText('a\nb\nc', 'a\nc').differences).toEqual([{ path: '$[1]', kind: 'removed', legacy: 'b' }]);
  });
  it('keeps leading whitespace significant', () => {
    expect(compareText('  a', 'a').equal).toBe(false);
  });
});
