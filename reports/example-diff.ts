import { diffLines } from 'diff';

/** One line of a unified diff between the legacy and the candidate value. */
export interface DiffLine {
  op: ' ' | '-' | '+';
  text: string;
}

function pretty(value: unknown, present: boolean): string {
  if (!present) return '(absent)\n';
  return `${JSON.stringify(value, null, 2) ?? String(value)}\n`;
}

/** Line diff of two JSON values (legacy → candidate), with the `diff` package; an absent side shows `(absent)`. */
export function exampleDiff(legacy: unknown, candidate: unknown, has: { legacy: boolean; candidate: boolean }): DiffLine[] {
  const lines: DiffLine[] = [];
  for (const part of diffLines(pretty(legacy, has.legacy), pretty(candidate, has.candidate))) {
    const op = part.added ? '+' : part.removed ? '-' : ' ';
    for (const text of part.value.replace(/\n$/, '').split('\n')) lines.push({ op, text });
  }
  return lines;
}

/** The diff as unified-diff text (`-legacy`/`+candidate` lines). */
export function unifiedDiffText(lines: DiffLine[]): string {
  return ['--- legacy', '+++ candidate', ...lines.map((l) => `${l.op}${l.text}`)].join('\n');
}
