import { describe, expect, it } from 'vitest';
import { escapeCodeFence, escapeMarkdownCell, escapeMarkdownText } from '../../reports/escape-markdown.js';

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

describe('escapeMarkdownText', () => {
  it('regression: prose keeps its parentheses, p < 0.001 and snake_case without backslashes', () => {
    expect(escapeMarkdownText('left out (over_max_duration), p < 0.001, ±5 s')).toBe('left out (over_max_duration), p < 0.001, ±5 s');
  });
  it('still neutralises tags, links, code, pipes and emphasis', () => {
    expect(escapeMarkdownText('a|b <img> [x](http://e) `c` *d* _e_')).toBe('a\\|b \\<img> \\[x](http://e) \\`c\\` \\*d\\* \\_e\\_');
    expect(escapeMarkdownText('rate [34.5%, 48.7%] (75/181)')).toBe('rate [34.5%, 48.7%] (75/181)');
  });
});
