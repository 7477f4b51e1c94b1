import { createHash } from 'node:crypto';
import { diffLines } from 'diff';
import type { Difference } from '../model/difference.js';
import type { JsonComparison } from './json-diff.js';

// Myers' diff is O(N·D): past this many edited lines, report one whole-body difference instead.
const MAX_EDIT_LENGTH = 5_000;

/** Normalise text for comparison: no BOM, `\n` line endings, no trailing spaces, no trailing blank lines. */
export function normalizeText(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/[ \t]+$/gm, '')
    .replace(/\n+$/, '');
}

/** `sha256:<hex>` of bytes or text: how bodies that cannot be diffed are shown. */
export function bodyHash(body: Uint8Array | string): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/**
 * Line diff of two texts after normalisation. Lines are addressed like an array, `$[12]` being the
 * 13th line (of legacy for `changed`/`removed`, of the candidate for `added`); a removed run followed
 * by an added run pairs up line by line as `changed`.
 */
export function compareText(legacy: string, candidate: string, options: { limit?: number } = {}): JsonComparison {
  const a = normalizeText(legacy);
  const b = normalizeText(candidate);
  if (a === b) return { equal: true, differences: [], truncated: false, accepted: [] };
  const limit = options.limit ?? Infinity;
  // every line ends in `\n`, so the last line is not "changed" merely by lacking one
  const changes = diffLines(`${a}\n`, `${b}\n`, { maxEditLength: MAX_EDIT_LENGTH });
  if (changes === undefined) {
    const whole: Difference = { path: '$', kind: 'changed', legacy: bodyHash(a), candidate: bodyHash(b) };
    return { equal: false, differences: [whole], truncated: false, accepted: [] };
  }
  const out: Difference[] = [];
  let truncated = false;
  const push = (d: Difference): void => {
    if (out.length < limit) out.push(d);
    else truncated = true;
  };
  let la = 0;
  let lb = 0;
  for (let c = 0; c < changes.length; c++) {
    const ch = changes[c];
    const lines = splitLines(ch.value);
    if (!ch.added && !ch.removed) {
      la += lines.length;
      lb += lines.length;
    } else if (ch.removed) {
      const next = changes[c + 1];
      const added = next !== undefined && next.added ? splitLines(next.value) : [];
      const n = Math.max(lines.length, added.length);
      for (let k = 0; k < n; k++) {
        if (k < lines.length && k < added.length) {
          push({ path: `$[${la + k}]`, kind: 'changed', legacy: lines[k], candidate: added[k] });
        } else if (k < lines.length) push({ path: `$[${la + k}]`, kind: 'removed', legacy: lines[k] });
        else push({ path: `$[${lb + k}]`, kind: 'added', candidate: added[k] });
      }
      la += lines.length;
      lb += added.length;
      if (added.length > 0) c++;
    } else {
      lines.forEach((line, k) => push({ path: `$[${lb + k}]`, kind: 'added', candidate: line }));
      lb += lines.length;
    }
  }
  return { equal: out.length === 0 && !truncated, differences: out, truncated, accepted: [] };
}

function splitLines(value: string): string[] {
  const lines = value.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
