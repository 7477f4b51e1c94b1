import { describe, expect, it } from 'vitest';
import { escapeCodeFence, escapeMarkdownCell } from '../../reports/escape-markdown.js';

describe('escapeMarkdownCell', () => {
  it('keeps a cell one cell: pipes, newlines, markup and links are neutralised', () => {
    expect(escapeMarkdownCell('a|b\nc <img> [x](http://e)')).toBe('a\\|b c \\<img\\> \\[x\\]\\(http://e\\)');
  });
});

describe('escapeCodeFence', () => {
  it('breaks a run of backticks that would close the fence', () => {
    expect(escapeCodeFence('a ``` b')).not.toContain('```');
  });
});
