import { compileRules } from './compiled-rules.js';
import { compareJson, type CompareOptions, type JsonComparison } from './json-diff.js';
import { parseJsonExact } from './json-text.js';
import type { CompareRules } from './rules.js';

/*
 * Legacy's answer and the candidate's are mostly the same bytes: the same document with a field or
 * two that differ. When the document holds 64-bit ids, the exact parser that keeps their digits costs
 * about three times JSON.parse, and parsing both texts whole with it is most of a comparison. Here both
 * texts are read side by side, once: a native-speed loop finds where they part, and a scanner follows
 * text A's tokens up to there, only tracking where it is (object, key, array index). The smallest
 * value that holds the difference is cut out of each text, parsed exactly and placed in a skeleton: a
 * copy of the document that holds only those values, on their real paths. Where an object's members
 * differ (a key added, removed or renamed), the rest of its members are paired by key. The ordinary
 * walk then compares the two skeletons, so rules, paths, the order of differences and the limit are
 * the plain path's own. Equal bytes are equal values under every rule the walk applies to single
 * values, so nothing outside the cut-out values can hold a difference.
 *
 * A scan in JavaScript costs about what V8's JSON.parse does a character on the machines measured
 * (BENCHMARKS.md), so it pays only against the exact parser: compare-bodies.ts uses it for texts that
 * hold long integers, not for every pair.
 *
 * It answers null, and the caller parses both texts whole, whenever that reasoning would not hold or
 * would not pay: a text that is not valid JSON or holds control characters (spaced-out JSON; the plain
 * path reports invalid text), a root that is not an object or array, a difference only the whole
 * document holds (a root array of another length), an array rule (sets and sort keys compare elements with their neighbours), a key repeated in
 * an object where members differ (JSON.parse keeps the last), or cut-out values that come to more than
 * half the text.
 */

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const PLUS = 43;
const COMMA = 44;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const UPPER_E = 69;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const LOWER_E = 101;
const LOWER_U = 117;
const LBRACE = 123;
const RBRACE = 125;

// What the scanner expects next.
const VALUE = 0; // a value (after `:` or `,` in an array)
const VALUE_OR_END = 1; // a value or `]` (after `[`)
const KEY = 2; // a key (after `,` in an object)
const KEY_OR_END = 3; // a key or `}` (after `{`)
const COLON_NEXT = 4; // `:` after a key
const AFTER = 5; // `,` or the container's end, after a value

/** One open object or array, the same in both texts up to here. */
interface Frame {
  arr: boolean;
  /** Offsets of the opening bracket in each text. */
  startA: number;
  startB: number;
  /** Current element's index (arrays). */
  index: number;
  /** Current member's key token in text A, quotes included, and its decoded form once asked for. */
  keyStart: number;
  keyEnd: number;
  key: string | null;
  /** This container's place in the skeletons, once a cut-out value lies inside it. */
  skelA: Skeleton | null;
  skelB: Skeleton | null;
}

type Skeleton = Record<string, unknown> | unknown[];

/** Why a pair goes to the plain path (thrown inside, never out). */
const BAIL = Symbol('bail');

/** Shared by a scan and the scans it starts on members' values. */
interface Budget {
  /** Characters cut out of both texts and parsed so far, and the most allowed (half of both). */
  cut: number;
  readonly max: number;
}

/**
 * Compare two JSON texts by parsing only the values where they differ; null when the caller must parse
 * them whole (see above). Same result as `compareJson` on both texts parsed exactly.
 */
export function compareJsonTexts(a: string, b: string, rules?: CompareRules, options: CompareOptions = {}): JsonComparison | null {
  const c = compileRules(rules);
  if (c.hasArrayRules) return null;
  try {
    const i = skipWs(a, 0);
    const j = skipWs(b, 0);
    const root = a.charCodeAt(i);
    if ((root !== LBRACE && root !== LBRACKET) || b.charCodeAt(j) !== root) return null;
    checkStrings(a);
    checkStrings(b);
    const values = scan(a, i, b, j, { cut: 0, max: (a.length + b.length) >> 1 });
    if (skipWs(a, values.endA) !== a.length || skipWs(b, values.endB) !== b.length) return null;
    if (values.pair === null) return { equal: true, differences: [], truncated: false };
    return compareJson(values.pair[0], values.pair[1], rules, options);
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

/** Parse a value cut out of one text, within the budget. */
function cutOne(t: string, s: number, e: number, budget: Budget): unknown {
  budget.cut += e - s;
  if (budget.cut > budget.max) throw BAIL;
  try {
    return parseJsonExact(t.slice(s, e));
  } catch {
    throw BAIL;
  }
}

/** Parse a cut-out value of each text. */
function cutOut(a: string, sA: number, eA: number, b: string, sB: number, eB: number, budget: Budget): [unknown, unknown] {
  return [cutOne(a, sA, eA, budget), cutOne(b, sB, eB, budget)];
}

/** One text's members of an object from `p` (just after a member, or where a key or the end is due) to its `}`. */
function readMembers(t: string, p: number, afterMember: boolean): { keys: string[]; starts: number[]; ends: number[]; end: number } {
  const keys: string[] = [];
  const starts: number[] = [];
  const ends: number[] = [];
  let q = skipWs(t, p);
  if (afterMember) {
    if (t.charCodeAt(q) === RBRACE) return { keys, starts, ends, end: q + 1 };
    if (t.charCodeAt(q) !== COMMA) throw BAIL;
    q = skipWs(t, q + 1);
  } else if (t.charCodeAt(q) === RBRACE) {
    return { keys, starts, ends, end: q + 1 };
  }
  for (;;) {
    if (t.charCodeAt(q) !== QUOTE) throw BAIL;
    const keyEnd = skipString(t, q);
    keys.push(decodeKey(t, q, keyEnd));
    q = skipWs(t, keyEnd);
    if (t.charCodeAt(q) !== COLON) throw BAIL;
    q = skipWs(t, q + 1);
    starts.push(q);
    q = skipValue(t, q);
    ends.push(q);
    q = skipWs(t, q);
    const ch = t.charCodeAt(q);
    if (ch === RBRACE) return { keys, starts, ends, end: q + 1 };
    if (ch !== COMMA) throw BAIL;
    q = skipWs(t, q + 1);
  }
}

/** Keys of the members of the object opening at t[from] whose key starts before `to`. */
function keysBefore(t: string, from: number, to: number): Set<string> {
  const keys = new Set<string>();
  let q = skipWs(t, from + 1);
  while (q < to && t.charCodeAt(q) === QUOTE) {
    const keyEnd = skipString(t, q);
    keys.add(decodeKey(t, q, keyEnd));
    q = skipWs(t, skipValue(t, skipWs(t, skipWs(t, keyEnd) + 1)));
    if (t.charCodeAt(q) !== COMMA) break;
    q = skipWs(t, q + 1);
  }
  return keys;
}

function decodeKey(t: string, start: number, end: number): string {
  const raw = t.slice(start + 1, end - 1);
  return raw.includes('\\') ? (JSON.parse(t.slice(start, end)) as string) : raw;
}

/** Two members' values: null when they are the same value, else what the skeletons hold for them. */
function compareValues(a: string, sA: number, eA: number, b: string, sB: number, eB: number, budget: Budget): [unknown, unknown] | null {
  const ch = a.charCodeAt(sA);
  if ((ch === LBRACE || ch === LBRACKET) && b.charCodeAt(sB) === ch) {
    const inner = scan(a, sA, b, sB, budget);
    if (inner.endA !== eA || inner.endB !== eB) throw BAIL;
    return inner.pair;
  }
  if (eA - sA === eB - sB && a.startsWith(b.slice(sB, eB), sA)) {
    // The same spelling: valid JSON or not, which the plain path decides.
    if (ch === QUOTE ? skipString(a, sA) !== eA : !isValidScalar(a, sA, eA)) throw BAIL;
    return null;
  }
  return cutOut(a, sA, eA, b, sB, eB, budget);
}

/**
 * Read the container opening at a[i0] and b[j0] side by side to its end: `pair` holds the skeletons
 * (or, when the container itself had to be cut out, both values), null when the two are the same.
 * The whole document cut out comes to more than half the texts, so at the top the budget refuses it.
 */
function scan(a: string, i0: number, b: string, j0: number, budget: Budget): { pair: [unknown, unknown] | null; endA: number; endB: number } {
  const n = a.length;
  const m = b.length;
  let i = i0;
  let j = j0;
  const frames: Frame[] = [];
  let rootA: Skeleton | null = null;
  let rootB: Skeleton | null = null;
  let state = VALUE;
  /** Set when the container scanned is itself cut out. */
  let whole: { pair: [unknown, unknown]; endA: number; endB: number } | null = null;

  const keyOf = (f: Frame): string => {
    if (f.key === null) f.key = decodeKey(a, f.keyStart, f.keyEnd);
    return f.key;
  };

  /** Make sure frames[0..depth) have skeletons, linked on their paths; answer the deepest. */
  const skeletonsTo = (depth: number): [Skeleton, Skeleton] => {
    for (let k = 0; k < depth; k++) {
      const f = frames[k]!;
      if (f.skelA !== null) continue;
      f.skelA = f.arr ? [] : (Object.create(null) as Record<string, unknown>);
      f.skelB = f.arr ? [] : (Object.create(null) as Record<string, unknown>);
      if (k === 0) {
        rootA = f.skelA;
        rootB = f.skelB;
      } else {
        const p = frames[k - 1]!;
        const step = p.arr ? p.index : keyOf(p);
        (p.skelA as Record<string | number, unknown>)[step] = f.skelA;
        (p.skelB as Record<string | number, unknown>)[step] = f.skelB;
      }
    }
    const f = frames[depth - 1]!;
    return [f.skelA!, f.skelB!];
  };

  /** Place both values at the current step of frames[depth - 1]. */
  const place = (depth: number, va: unknown, vb: unknown): void => {
    const [pa, pb] = skeletonsTo(depth);
    const p = frames[depth - 1]!;
    const step = p.arr ? p.index : keyOf(p);
    (pa as Record<string | number, unknown>)[step] = va;
    (pb as Record<string | number, unknown>)[step] = vb;
  };

  /** Cut out the value at a[sA…] and b[sB…] and place it; the scan goes on after it. */
  const cut = (sA: number, sB: number): void => {
    const eA = skipValue(a, sA);
    const eB = skipValue(b, sB);
    const [va, vb] = cutOut(a, sA, eA, b, sB, eB, budget);
    place(frames.length, va, vb);
    i = eA;
    j = eB;
    state = AFTER;
  };

  /**
   * The members of the innermost object differ from here on (a key added, removed or renamed): read
   * the rest of it on each side, pair its members by key, and compare each pair on its own.
   */
  const members = (): void => {
    const f = frames[frames.length - 1]!;
    const afterMember = state === AFTER;
    const ra = readMembers(a, i, afterMember);
    const rb = readMembers(b, j, afterMember);
    // JSON.parse keeps a repeated key's last value: a key seen twice goes to the plain path.
    const seen = keysBefore(a, f.startA, i);
    const inB = new Map<string, number>();
    for (let k = 0; k < rb.keys.length; k++) {
      if (seen.has(rb.keys[k]!) || inB.has(rb.keys[k]!)) throw BAIL;
      inB.set(rb.keys[k]!, k);
    }
    const inA = new Set<string>();
    for (const key of ra.keys) {
      if (seen.has(key) || inA.has(key)) throw BAIL;
      inA.add(key);
    }
    if (f.skelA !== null) for (const key of [...inA, ...inB.keys()]) if (Object.hasOwn(f.skelA, key)) throw BAIL;
    const depth = frames.length;
    const skeletons = (): [Record<string, unknown>, Record<string, unknown>] => skeletonsTo(depth) as [Record<string, unknown>, Record<string, unknown>];
    // Legacy's order first, then the candidate's own keys: the order the walk reports them in.
    for (let k = 0; k < ra.keys.length; k++) {
      const key = ra.keys[k]!;
      const other = inB.get(key);
      if (other === undefined) {
        skeletons()[0][key] = cutOne(a, ra.starts[k]!, ra.ends[k]!, budget);
        continue;
      }
      const pair = compareValues(a, ra.starts[k]!, ra.ends[k]!, b, rb.starts[other]!, rb.ends[other]!, budget);
      if (pair === null) continue;
      const [sa, sb] = skeletons();
      sa[key] = pair[0];
      sb[key] = pair[1];
    }
    for (let k = 0; k < rb.keys.length; k++) {
      const key = rb.keys[k]!;
      if (!inA.has(key)) skeletons()[1][key] = cutOne(b, rb.starts[k]!, rb.ends[k]!, budget);
    }
    closed(ra.end, rb.end);
  };

  /** The innermost container ended at a[endA] / b[endB] (exclusive). */
  const closed = (endA: number, endB: number): void => {
    frames.pop();
    i = endA;
    j = endB;
    state = AFTER;
  };

  /** The texts part at i / j: cut out the smallest value that holds the difference. */
  const part = (valueStartA: number, valueStartB: number): void => {
    if (valueStartA >= 0) return cut(valueStartA, valueStartB);
    if (state === VALUE || state === VALUE_OR_END) {
      const pa = skipWs(a, i);
      const pb = skipWs(b, j);
      if (isValueStart(a.charCodeAt(pa)) && isValueStart(b.charCodeAt(pb))) return cut(pa, pb);
    }
    const f = frames[frames.length - 1]!;
    if (!f.arr && state !== COLON_NEXT) return members();
    // An array that differs in length, or odd spacing: the whole container is the value.
    frames.pop();
    if (frames.length === 0) {
      const endA = skipValue(a, f.startA);
      const endB = skipValue(b, f.startB);
      whole = { pair: cutOut(a, f.startA, endA, b, f.startB, endB, budget), endA, endB };
      return;
    }
    cut(f.startA, f.startB);
  };

  for (;;) {
    if (whole !== null) return whole;
    if (frames.length === 0 && i !== i0) return { pair: rootA === null ? null : [rootA, rootB], endA: i, endB: j };
    // Where the texts next part (native-speed loop), then the tokens of text A up to there.
    const d = j - i;
    const p = firstDifference(a, i, b, j);
    let parted = false;
    while (!parted) {
      if (frames.length === 0 && i !== i0) break;
      j = i + d;
      if (i >= p) {
        if (i >= n || j >= m) throw BAIL;
        part(-1, -1);
        parted = true;
        continue;
      }
      const ch = a.charCodeAt(i);
      switch (ch) {
        case SPACE:
          i++;
          continue;
        case QUOTE: {
          const isValue = state === VALUE || state === VALUE_OR_END;
          if (!isValue && state !== KEY && state !== KEY_OR_END) throw BAIL;
          const end = skipString(a, i);
          if (end > p) {
            // A key that differs leaves the member set different (part() reads the members).
            part(isValue ? i : -1, isValue ? j : -1);
            parted = true;
            continue;
          }
          if (isValue) {
            state = AFTER;
          } else {
            const f = frames[frames.length - 1]!;
            f.keyStart = i;
            f.keyEnd = end;
            f.key = null;
            // A key met again after a differing member: JSON.parse keeps the later value.
            if (f.skelA !== null && Object.hasOwn(f.skelA, keyOf(f))) throw BAIL;
            state = COLON_NEXT;
          }
          i = end;
          continue;
        }
        case COLON:
          if (state !== COLON_NEXT) throw BAIL;
          state = VALUE;
          i++;
          continue;
        case COMMA: {
          if (state !== AFTER) throw BAIL;
          const f = frames[frames.length - 1]!;
          if (f.arr) {
            f.index++;
            state = VALUE;
          } else {
            state = KEY;
          }
          i++;
          continue;
        }
        case LBRACE:
        case LBRACKET: {
          if (state !== VALUE && state !== VALUE_OR_END) throw BAIL;
          const arr = ch === LBRACKET;
          frames.push({ arr, startA: i, startB: j, index: 0, keyStart: -1, keyEnd: -1, key: null, skelA: null, skelB: null });
          state = arr ? VALUE_OR_END : KEY_OR_END;
          i++;
          continue;
        }
        case RBRACE:
        case RBRACKET: {
          const f = frames[frames.length - 1];
          const arr = ch === RBRACKET;
          if (f === undefined || f.arr !== arr || !(state === AFTER || state === (arr ? VALUE_OR_END : KEY_OR_END))) throw BAIL;
          if (arr && f.skelA !== null) {
            // Elements between the cut-out ones are holes, equal on both sides; the length is the real one.
            const length = state === AFTER ? f.index + 1 : 0;
            (f.skelA as unknown[]).length = length;
            (f.skelB as unknown[]).length = length;
          }
          closed(i + 1, i + 1 + d);
          continue;
        }
        default: {
          if (state !== VALUE && state !== VALUE_OR_END) throw BAIL;
          const end = skipValue(a, i);
          // Equal only when text B's token ends at the same place.
          if (end > p || (end === p && !isDelimiter(b.charCodeAt(end + d)))) {
            part(i, j);
            parted = true;
            continue;
          }
          if (!isValidScalar(a, i, end)) throw BAIL;
          i = end;
          state = AFTER;
          continue;
        }
      }
    }
    if (!parted) j = i + d;
  }
}

/** The first offset from a[i] / b[j] where the two texts differ (as an offset in a). */
function firstDifference(a: string, i: number, b: string, j: number): number {
  const d = j - i;
  const n = Math.min(a.length, b.length - d);
  let p = i;
  while (p < n && a.charCodeAt(p) === b.charCodeAt(p + d)) p++;
  return p;
}

/**
 * Nothing in text `t` that JSON.parse would reject is hidden in a part the scan only skips: no control
 * characters (so no raw ones in strings; spaced-out JSON with newlines goes to the plain path), and
 * every backslash starts a valid escape.
 */
function checkStrings(t: string): void {
  if (CONTROL.test(t)) throw BAIL;
  for (let p = t.indexOf('\\'); p !== -1; ) {
    const e = t.charCodeAt(p + 1);
    if (e === LOWER_U) {
      for (let k = 2; k < 6; k++) {
        const h = t.charCodeAt(p + k);
        if (!((h >= ZERO && h <= NINE) || (h >= 65 && h <= 70) || (h >= 97 && h <= 102))) throw BAIL;
      }
      p = t.indexOf('\\', p + 6);
    } else if (e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) {
      p = t.indexOf('\\', p + 2);
    } else {
      throw BAIL;
    }
  }
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f]/;

function skipWs(t: string, p: number): number {
  for (;;) {
    const ch = t.charCodeAt(p);
    if (ch !== SPACE && ch !== LF && ch !== CR && ch !== TAB) return p;
    p++;
  }
}

function isValueStart(ch: number): boolean {
  return ch === QUOTE || ch === LBRACE || ch === LBRACKET || ch === MINUS || (ch >= ZERO && ch <= NINE) || ch === 116 || ch === 102 || ch === 110;
}

function isDelimiter(ch: number): boolean {
  return ch === COMMA || ch === RBRACE || ch === RBRACKET || ch === COLON || ch === SPACE || ch === LF || ch === CR || ch === TAB || Number.isNaN(ch);
}

/** true, false, null, or a number as JSON spells one. */
function isValidScalar(t: string, s: number, e: number): boolean {
  const ch = t.charCodeAt(s);
  if (ch === 116) return e - s === 4 && t.startsWith('true', s);
  if (ch === 102) return e - s === 5 && t.startsWith('false', s);
  if (ch === 110) return e - s === 4 && t.startsWith('null', s);
  let p = s;
  if (t.charCodeAt(p) === MINUS) p++;
  const digits = (): number => {
    const from = p;
    while (p < e && t.charCodeAt(p) >= ZERO && t.charCodeAt(p) <= NINE) p++;
    return p - from;
  };
  const first = t.charCodeAt(p);
  const intDigits = digits();
  if (intDigits === 0 || (first === ZERO && intDigits > 1)) return false;
  if (p < e && t.charCodeAt(p) === DOT) {
    p++;
    if (digits() === 0) return false;
  }
  if (p < e && (t.charCodeAt(p) === LOWER_E || t.charCodeAt(p) === UPPER_E)) {
    p++;
    if (t.charCodeAt(p) === PLUS || t.charCodeAt(p) === MINUS) p++;
    if (digits() === 0) return false;
  }
  return p === e;
}

/** Offset just past the JSON value starting at t[p] (brackets matched, strings skipped); BAIL when it never ends. */
function skipValue(t: string, p: number): number {
  const n = t.length;
  const ch = t.charCodeAt(p);
  if (ch === QUOTE) return skipString(t, p);
  if (ch !== LBRACE && ch !== LBRACKET) {
    let q = p;
    while (q < n && !isDelimiter(t.charCodeAt(q))) q++;
    return q;
  }
  let depth = 0;
  for (let q = p; q < n; q++) {
    const c = t.charCodeAt(q);
    if (c === QUOTE) q = skipString(t, q) - 1;
    else if (c === LBRACE || c === LBRACKET) depth++;
    else if ((c === RBRACE || c === RBRACKET) && --depth === 0) return q + 1;
  }
  throw BAIL;
}

function skipString(t: string, p: number): number {
  for (let q = p + 1; ; ) {
    const close = t.indexOf('"', q);
    if (close < 0) throw BAIL;
    let backslashes = 0;
    while (t.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    q = close + 1;
  }
}
