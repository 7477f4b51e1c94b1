import { jsonType } from './canonical.js';
import type { Difference } from '../model/difference.js';
import { formatStep } from './path.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SIGNATURE_MAX = 64;

/**
 * The format of a string, not its content: each run of letters and digits becomes `9` (digits only)
 * or `a` (any letter), everything else is kept. `"2024-03-30 09:49:00"` → `9-9-9 9:9:9`,
 * `"2024-03-30T00:49:00Z"` → `9-9-a:9:a`, `"91"` → `9`, `"abc "` → `a `. UUIDs are one format.
 */
export function formatSignature(s: string): string {
  if (s.length === 36 && UUID.test(s)) return 'uuid';
  let out = '';
  let run = 0; // 0 none, 1 digits, 2 letters
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    const digit = c >= 48 && c <= 57;
    const letter = !digit && ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c > 127 && /\p{L}/u.test(ch)));
    if (digit || letter) {
      run = run === 2 || letter ? 2 : 1;
      continue;
    }
    if (run !== 0) out += run === 1 ? '9' : 'a';
    run = 0;
    out += ch;
    if (out.length > SIGNATURE_MAX) return out;
  }
  if (run !== 0) out += run === 1 ? '9' : 'a';
  return out;
}

/** Same JSON type and, for strings, the same format: how `generated` values compare. */
export function sameShape(a: unknown, b: unknown): boolean {
  const t = jsonType(a);
  if (t !== jsonType(b)) return false;
  return t !== 'string' || formatSignature(a as string) === formatSignature(b as string);
}

/**
 * How a difference differs, for noise: `value` (same type and format, another value), `format:A>B`
 * (a string in another format), `type:A>B`, or the kind (`added`, `removed`, `order`). Legacy that
 * ticks a timestamp differs by `value`; an adapter that writes it as ISO differs by `format`.
 */
export function differenceShape(d: Difference): string {
  switch (d.kind) {
    case 'changed':
      if (typeof d.legacy === 'string' && typeof d.candidate === 'string') {
        const x = formatSignature(d.legacy);
        const y = formatSignature(d.candidate);
        return x === y ? 'value' : `format:${x}>${y}`;
      }
      return 'value';
    case 'type':
      return `type:${jsonType(d.legacy)}>${jsonType(d.candidate)}`;
    default:
      return d.kind;
  }
}

/** Most leaf paths `answerShape` lists (a bound on what a hostile answer can make it hold). */
export const SHAPE_MAX_PATHS = 2000;

/**
 * The generalised leaf paths of a parsed answer (indices as `[*]`), each once, at most
 * SHAPE_MAX_PATHS: what `NoiseModel` measures noise coverage against. Iterative: any depth.
 */
export function answerShape(value: unknown): string[] {
  const seen = new Set<string>();
  const stack: [unknown, string][] = [[value, '$']];
  while (stack.length > 0 && seen.size < SHAPE_MAX_PATHS) {
    const [v, path] = stack.pop()!;
    const t = jsonType(v);
    if (t === 'array') {
      const arr = v as unknown[];
      if (arr.length === 0) seen.add(path);
      for (let i = arr.length - 1; i >= 0; i--) stack.push([arr[i], `${path}[*]`]);
    } else if (t === 'object') {
      const keys = Object.keys(v as object);
      if (keys.length === 0) seen.add(path);
      for (let i = keys.length - 1; i >= 0; i--) stack.push([(v as Record<string, unknown>)[keys[i]!], path + formatStep(keys[i]!)]);
    } else {
      seen.add(path);
    }
    if (stack.length > 100_000) break;
  }
  return [...seen];
}
