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
