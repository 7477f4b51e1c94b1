import { LosslessNumber, isSafeNumber, parse as losslessParse, stringify as losslessStringify } from 'lossless-json';
import { CMP_ERR_INVALID_JSON, CMP_ERR_TOO_DEEP } from './errors.js';

/**
 * A JSON integer that a JS number cannot hold exactly (a 64-bit id beyond 2^53).
 * `JSON.stringify` writes it as its exact digits in a string; `stringifyJson` writes it as a number.
 */
export class ExactNumber extends LosslessNumber {
  /** Exact digits as a string: `JSON.stringify` cannot write a number it cannot hold. */
  toJSON(): string {
    return this.value;
  }
}

// Integers of 16+ digits may not survive JSON.parse. Decimals are compared as IEEE doubles anyway
// (what both PHP and Go hold), so only integers need the exact path.
const LONG_INTEGER = /\d{16}|\d[eE][+-]?\d{3}/;
// A number token whose integer part has 16+ digits; whether it sits inside a string is told by
// counting the unescaped quotes before it (indexOf jumps: ~3× faster than one regex for both).
const LONG_NUMBER = /-?\d{16,}(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
// Also a number with an exponent of 3+ digits: `1e999999` overflows a double (Infinity), and two such
// numbers that differ must not compare equal. A slower regex, used only when the text has one.
const HUGE_EXPONENT = /\d[eE][+-]?\d{3}/;
const LONG_OR_HUGE_NUMBER = /-?\d{16,}(?:\.\d+)?(?:[eE][+-]?\d+)?|-?\d+(?:\.\d+)?[eE][+-]?\d{3,}/g;
const MARKER = '\u0000';
const LONG_DIGITS = /\d{16}/;

function parseNumber(text: string): number | ExactNumber {
  return isSafeNumber(text) ? Number(text) : new ExactNumber(text);
}

function fail(what: string, err: unknown): never {
  throw new CMP_ERR_INVALID_JSON(what, (err as Error).message, err as Error);
}

/** JSON.parse, with the coded error; numbers beyond 2^53 may be rounded (see `isExactNumber`). */
export function parseJsonFast(text: string, what = 'body'): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    return fail(what, err);
  }
}

/**
 * Parse keeping every integer exact: unsafe ones become `ExactNumber`. Throws CMP_ERR_INVALID_JSON.
 * `parsed`, when given, is `JSON.parse(text)` already done: it is reused when nothing needs marking.
 */
export function parseJsonExact(text: string, what = 'body', parsed?: unknown): unknown {
  if (text.includes('\\u0000')) {
    // the marker could collide with a real string: take the slow, fully lossless parser
    try {
      return losslessParse(text, null, parseNumber);
    } catch (err) {
      return fail(what, err);
    }
  }
  const { quoted, marked } = markLongNumbers(text);
  if (marked === 0 && parsed !== undefined) return parsed;
  const value = parseJsonFast(quoted, what);
  return marked === 0 ? value : revive(value);
}

/** Quote every unsafe long number token in value position as `"\u0000<digits>"`. */
function markLongNumbers(text: string): { quoted: string; marked: number } {
  // The module's one regex, rewound: a fresh RegExp a call was 4 % of the comparison thread's time (V8
  // compiles each new one). Safe to share: nothing below can re-enter this function mid-scan.
  const re = HUGE_EXPONENT.test(text) ? LONG_OR_HUGE_NUMBER : LONG_NUMBER;
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let marked = 0;
  let scanned = 0;
  let inString = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const at = m.index;
    for (let p = text.indexOf('"', scanned); p !== -1 && p < at; p = text.indexOf('"', p + 1)) {
      let backslashes = 0;
      while (text.charCodeAt(p - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) inString = !inString;
    }
    scanned = at;
    if (inString) continue;
    const token = m[0];
    const before = text.charCodeAt(at - 1);
    // part of a longer token (a fraction or an exponent): leave it to JSON.parse
    if ((before >= 48 && before <= 57) || before === 46 || before === 43 || before === 45 || before === 69 || before === 101) continue;
    if (/^\s*:/.test(text.slice(at + token.length, at + token.length + 16))) continue;
    if (isSafeNumber(token) || (!LONG_DIGITS.test(token) && Number.isFinite(Number(token)))) continue;
    out += `${text.slice(last, at)}"\\u0000${token}"`;
    last = at + token.length;
    marked++;
  }
  return { quoted: marked === 0 ? text : out + text.slice(last), marked };
}

function revive(v: unknown): unknown {
  if (typeof v === 'string') return v.charCodeAt(0) === 0 && v.length > 1 ? new ExactNumber(v.slice(MARKER.length)) : v;
  if (typeof v !== 'object' || v === null) return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = revive(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) o[k] = revive(o[k]);
  return v;
}

/** Parse JSON without losing integer digits: safe numbers are JS numbers, others `ExactNumber`. Throws CMP_ERR_INVALID_JSON. */
export function parseJson(text: string, what = 'body'): unknown {
  return LONG_INTEGER.test(text) ? parseJsonExact(text, what) : parseJsonFast(text, what);
}

/**
 * A cheap hint that a large body holds 64-bit ids: a 16-digit run in its first 2 KB (ids come early).
 * Then the exact parser runs at once instead of after a wasted JSON.parse; a miss only costs speed.
 */
export function likelyHasLongIntegers(text: string): boolean {
  return text.length > 16_384 && LONG_INTEGER.test(text.slice(0, 2048));
}

/** True when a JS number parsed from JSON text is certainly exact (an integer within 2^53, or any finite decimal). */
export function isExactNumber(n: number): boolean {
  // every double beyond 2^53 is an integer, so magnitude alone decides (Infinity included)
  return n <= Number.MAX_SAFE_INTEGER && n >= -Number.MAX_SAFE_INTEGER;
}

/** Stringify JSON keeping `ExactNumber`s as numbers (for `--json` output and stored differences). */
export function stringifyJson(value: unknown, space?: number): string {
  return losslessStringify(value, null, space) ?? 'null';
}

/** True for a parsed JSON number of either representation. */
export function isJsonNumber(value: unknown): value is number | LosslessNumber {
  return typeof value === 'number' || value instanceof LosslessNumber;
}

/** Throw CMP_ERR_TOO_DEEP when a parsed value nests deeper than `max` (checked without recursion). */
export function assertDepth(value: unknown, max: number): void {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null || v instanceof LosslessNumber) continue;
    if (depth >= max) throw new CMP_ERR_TOO_DEEP(max);
    for (const x of Array.isArray(v) ? v : Object.values(v)) if (typeof x === 'object' && x !== null) stack.push([x, depth + 1]);
  }
}
