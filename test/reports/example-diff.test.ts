import { describe, expect, it } from 'vitest';
import { exampleDiff, unifiedDiffText } from '../../reports/example-diff.js';

describe('exampleDiff', () => {
  it('diffs pretty-printed values line by line', () => {
    const lines = exampleDiff({ a: 1, b: 2 }, { a: 1, b: 3 }, { legacy: true, candidate: true });
    expect(lines).toEqual([
      { op: ' ', text: '{' },
      { op: ' ', text: '  "a": 1,' },
      { op: '-', text: '  "b": 2' },
      { op: '+', text: '  "b": 3' },
      { op: ' ', text: '}' },
    ]);
  });

  it('shows an absent side as (absent)', () => {
    const lines = exampleDiff(undefined, 'x', { legacy: false, candidate: true });
    expect(unifiedDiffText(lines)).toBe('--- legacy\n+++ candidate\n-(absent)\n+"x"');
  });
});
