/** Escape text for one GitHub-flavoured Markdown table cell: no HTML, no pipes, no line breaks, no links. */
export function escapeMarkdownCell(value: unknown): string {
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_{}[\]()#+!|<>~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}

/** Make text safe inside a fenced code block: a run of backticks could close the fence. */
export function escapeCodeFence(text: string): string {
  return text.replace(/`{3,}/g, (m) => m.split('').join('\u200b'));
}

/**
 * Escape running text (prose or a table cell) with as few backslashes as keep it plain: HTML tags,
 * emphasis, code, links and pipes are neutralised; parentheses, `#`, `+`, `!`, `~`, `>` and a `<` not
 * opening a tag (`p < 0.001`) are left alone inside a line, and so is `_` between letters (snake_case).
 */
export function escapeMarkdownText(value: unknown): string {
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*|]|\[(?=[^\]]*\][([])|<(?=[A-Za-z/!?])|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;');
}
