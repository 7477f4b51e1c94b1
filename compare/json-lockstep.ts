import { compileRules } from './compiled-rules.js';
import { MAX_DEPTH, compareJson, type CompareOptions, type JsonComparison } from './json-diff.js';
import { parseJsonExact } from './json-text.js';
import { CMP_ERR_TOO_DEEP } from './errors.js';
import type { CompareRules } from './rules.js';

/*
 * Legacy's answer and the candidate's are mostly the same bytes: the same document with a field or
 * two that differ. Parsing both texts whole is most of the cost of comparing them (three quarters at
 * 4 KB with JSON.parse; more with the exact parser that keeps 64-bit ids, which costs about three
 * times JSON.parse). Here both texts are read side by side, once: slices compared natively find where
 * they part, and a scanner follows text A's tokens up to there, only tracking where it is (object,
 * key, array index). The smallest value that holds the difference is cut out of each text, parsed
 * exactly and placed in a skeleton: a copy of the document that holds only those values, on their
 * real paths. Where an object's members differ (a key added, removed or renamed), the rest of its
 * members are paired by key. The ordinary walk then compares the two skeletons, so rules, paths, the
 * order of differences and the limit are the plain path's own. Equal bytes are equal values under
 * every rule the walk applies to single values, so nothing outside the cut-out values can hold a
 * difference.
 *
 * The scan reads only text A's tokens, skipping the inside of strings, and keeps its position in
 * locals: through a 4.5 KB pair it costs about half of JSON.parse of both texts (BENCHMARKS.md,
 * "Reading every pair side by side"), so compare-bodies.ts tries it first for every JSON pair.
 *
 * It answers null, and the caller parses both texts whole, whenever that reasoning would not hold or
 * would not pay: a text that is not valid JSON or holds control characters (spaced-out JSON; the plain
 * path reports invalid text), a root that is not an object or array, a difference only the whole
 * document holds (a root array of another length), an array rule (sets and sort keys compare
 * elements with their neighbours), a key repeated in an object where members differ (JSON.parse keeps
 * the last), cut-out values that come to more than half the text, texts spelled differently throughout
 * (escapes as PHP writes them on one side only, one side over several lines, an object's keys in
 * another order), or reading past its budget (`charge`).
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

/**
 * Put a value at a step of a skeleton as JSON.parse would: as an own member, even `__proto__` (an
 * assignment would set the prototype). Skeletons are ordinary objects, not `Object.create(null)`:
 * the walk reads those (dictionary objects to V8) about a fifth slower.
 */
function setStep(skel: Skeleton, step: string | number, v: unknown): void {
  if (step === '__proto__') Object.defineProperty(skel, step, { value: v, writable: true, enumerable: true, configurable: true });
  else (skel as Record<string | number, unknown>)[step] = v;
}

/** Shared by a scan and the scans it starts on members' values. */
interface Budget {
  /** Characters cut out of both texts and parsed so far, and the most allowed (half of both). */
  cut: number;
  readonly max: number;
  /** Text A holds a backslash: a key may be spelled with escapes, so no key is searched for by its spelling. */
  readonly escapes: boolean;
  /**
   * Characters read so far (tokens followed, members read again, values cut out, each cut-out counted
   * at least CUT_COST), and the most allowed: past it the pair goes to the plain path (see `charge`).
   */
  read: number;
  readonly readMax: number;
}

/** What a cut-out value costs at least, in characters read: a call to parse it, and a place in a skeleton. */
const CUT_COST = 256;
/** What finding the next place where the texts part costs at least, in characters read. */
const SEGMENT_COST = 128;
/** The most a comparison may read, in characters, for each character of the two texts, and on top of that (small texts). */
const READ_MAX = 1.5;
const READ_FLOOR = 4096;

/**
 * Count `n` characters of reading against the budget. Texts that share little (keys in another order
 * throughout, every string escaped differently, one side spaced out) would have the scan read members
 * again level after level, and cut out value after value: up to five times the plain path's cost on a 4
 * KB pair. The budget stops that at about one reading of both texts more than the plain path needs.
 */
function charge(budget: Budget, n: number): void {
  budget.read += n;
  if (budget.read > budget.readMax) throw BAIL;
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
    // Texts spelled differently throughout share few equal bytes: PHP's json_encode escapes non-ASCII
    // characters and slashes by default and JSON.stringify neither, or one side is spaced out over
    // lines. Reading those side by side cost twice what parsing them whole does (a 4 KB pair).
    if (a.includes('\\u') !== b.includes('\\u') || a.includes('\\/') !== b.includes('\\/') || b.includes('\n')) return null;
    const budget: Budget = { cut: 0, max: (a.length + b.length) >> 1, escapes: a.includes('\\'), read: 0, readMax: READ_MAX * (a.length + b.length) + READ_FLOOR };
    const values = scan(a, i, b, j, budget, a.length);
    if (skipWs(a, values.endA) !== a.length || skipWs(b, values.endB) !== b.length) return null;
    // What the scan skipped in text A is checked once it has answered (a scan that gives up never pays
    // for it). Text B is not checked whole: where the scan skips its strings it is the same as text A,
    // and every other part of it is parsed, or checked where it is read (keys).
    checkStrings(a);
    if (values.pair === null) return { equal: true, differences: [], truncated: false, accepted: [] };
    return compareJson(values.pair[0], values.pair[1], rules, options);
  } catch (err) {
    if (err === BAIL) return null;
    throw err;
  }
}

/**
 * Parse a value cut out of one text, within the budget. Most cut-out values are short scalars; those
 * are read here, as JSON.parse would read them, without the exact parser's set-up (a search for long
 * numbers, then JSON.parse), which was most of the cost of cutting one out.
 */
function cutOne(t: string, s: number, e: number, budget: Budget): unknown {
  budget.cut += e - s;
  if (budget.cut > budget.max) throw BAIL;
  charge(budget, CUT_COST + e - s);
  const ch = t.charCodeAt(s);
  if (ch === QUOTE) {
    if (e - s <= 64 && isPlainString(t, s + 1, e - 1)) return t.slice(s + 1, e - 1);
    // A string holds no number to keep exact: plain JSON.parse reads it.
    try {
      return JSON.parse(t.slice(s, e)) as string;
    } catch {
      throw BAIL;
    }
  } else if (ch === 116 || ch === 102 || ch === 110) {
    if (scalarEnd(t, s) === e) return ch === 116 ? true : ch === 102 ? false : null;
  } else if (e - s < 16 && ch !== LBRACE && ch !== LBRACKET) {
    // Fewer than 16 characters: an integer part of 15 digits at most, so JSON.parse's double exactly.
    if (scalarEnd(t, s) === e) {
      const n = Number(t.slice(s, e));
      // `1e999` reads as Infinity: the exact parser keeps its digits
      if (Number.isFinite(n)) return n;
    }
  }
  try {
    return parseJsonExact(t.slice(s, e));
  } catch {
    throw BAIL;
  }
}

/** No backslash, quote or control character in t[s…e): the characters are the string's value. */
function isPlainString(t: string, s: number, e: number): boolean {
  for (let q = s; q < e; q++) {
    const ch = t.charCodeAt(q);
    if (ch < SPACE || ch === BACKSLASH || ch === QUOTE) return false;
  }
  return true;
}

/** Parse a cut-out value of each text. */
function cutOut(a: string, sA: number, eA: number, b: string, sB: number, eB: number, budget: Budget): [unknown, unknown] {
  // both sides checked before either is parsed: a whole list cut out for alignment may not fit
  if (budget.cut + (eA - sA) + (eB - sB) > budget.max) throw BAIL;
  return [cutOne(a, sA, eA, budget), cutOne(b, sB, eB, budget)];
}

/**
 * One text's members of an object from `p` (just after a member, or where a key or the end is due) to
 * its `}`. With `order` (the other text's keys and their places), BAIL at the first key found out of
 * that order, before the values after it are read.
 */
function readMembers(t: string, p: number, afterMember: boolean, order?: Map<string, number>): { keys: string[]; starts: number[]; ends: number[]; end: number } {
  let last = -1;
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
    const key = decodeKey(t, q, keyEnd);
    if (order !== undefined) {
      const at = order.get(key);
      if (at !== undefined) {
        if (at < last) throw BAIL;
        last = at;
      }
    }
    keys.push(key);
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

/** The key spelled at t[start…end), quotes included; BAIL where JSON.parse would reject it. */
function decodeKey(t: string, start: number, end: number): string {
  if (isPlainString(t, start + 1, end - 1)) return t.slice(start + 1, end - 1);
  try {
    return JSON.parse(t.slice(start, end)) as string;
  } catch {
    throw BAIL;
  }
}

/** Two members' values: null when they are the same value, else what the skeletons hold for them. */
function compareValues(a: string, sA: number, eA: number, b: string, sB: number, eB: number, budget: Budget): [unknown, unknown] | null {
  const ch = a.charCodeAt(sA);
  if ((ch === LBRACE || ch === LBRACKET) && b.charCodeAt(sB) === ch) {
    const inner = scan(a, sA, b, sB, budget, eA);
    if (inner.endA !== eA || inner.endB !== eB) throw BAIL;
    return inner.pair;
  }
  if (eA - sA === eB - sB && a.startsWith(b.slice(sB, eB), sA)) {
    // The same spelling: valid JSON or not, which the plain path decides.
    if (ch === QUOTE ? skipString(a, sA) !== eA : scalarEnd(a, sA) !== eA) throw BAIL;
    return null;
  }
  return cutOut(a, sA, eA, b, sB, eB, budget);
}

/** What one `scan` answers: the skeletons or cut-out values (null when the same), and where it ended. */
interface Scanned {
  pair: [unknown, unknown] | null;
  endA: number;
  endB: number;
}

/**
 * A scan's state for the steps it takes only where the texts part (cut out a value, pair an object's
 * members). The token loop in `scan` keeps its position in locals and hands it over here for those
 * steps, rather than sharing variables with closures (which V8 keeps on the heap).
 */
class Scan {
  i: number;
  j: number;
  state = VALUE;
  readonly frames: Frame[] = [];
  rootA: Skeleton | null = null;
  rootB: Skeleton | null = null;
  /** Set when the container scanned is itself cut out. */
  whole: Scanned | null = null;

  constructor(
    readonly a: string,
    readonly b: string,
    readonly budget: Budget,
    i0: number,
    j0: number,
    /** This scan reads the documents themselves, not a member's value. */
    readonly top: boolean,
  ) {
    this.i = i0;
    this.j = j0;
  }

  keyOf(f: Frame): string {
    if (f.key === null) f.key = decodeKey(this.a, f.keyStart, f.keyEnd);
    return f.key;
  }

  /** Make sure frames[0..depth) have skeletons, linked on their paths; answer the deepest. */
  skeletonsTo(depth: number): [Skeleton, Skeleton] {
    const frames = this.frames;
    for (let k = 0; k < depth; k++) {
      const f = frames[k]!;
      if (f.skelA !== null) continue;
      f.skelA = f.arr ? [] : {};
      f.skelB = f.arr ? [] : {};
      if (k === 0) {
        this.rootA = f.skelA;
        this.rootB = f.skelB;
      } else {
        const p = frames[k - 1]!;
        const step = p.arr ? p.index : this.keyOf(p);
        setStep(p.skelA!, step, f.skelA);
        setStep(p.skelB!, step, f.skelB);
      }
    }
    const f = frames[depth - 1]!;
    return [f.skelA!, f.skelB!];
  }

  /** Place both values at the current step of frames[depth - 1]. */
  place(depth: number, va: unknown, vb: unknown): void {
    const [pa, pb] = this.skeletonsTo(depth);
    const p = this.frames[depth - 1]!;
    const step = p.arr ? p.index : this.keyOf(p);
    setStep(pa, step, va);
    setStep(pb, step, vb);
  }

  /** Cut out the value at a[sA…] and b[sB…] and place it; the scan goes on after it. */
  cut(sA: number, sB: number): void {
    const eA = skipValue(this.a, sA);
    const eB = skipValue(this.b, sB);
    const [va, vb] = cutOut(this.a, sA, eA, this.b, sB, eB, this.budget);
    this.place(this.frames.length, va, vb);
    this.i = eA;
    this.j = eB;
    this.state = AFTER;
  }

  /**
   * The members of the innermost object differ from here on (a key added, removed or renamed): read
   * the rest of it on each side, pair its members by key, and compare each pair on its own.
   */
  members(): void {
    const { a, b, budget } = this;
    const f = this.frames[this.frames.length - 1]!;
    // The documents part at their first member: nothing was equal, and the rest would be read member
    // by member (the whole of both texts, before a key order could even be checked).
    if (this.top && this.frames.length === 1 && this.state === KEY_OR_END) throw BAIL;
    const rb = readMembers(b, this.j, this.state === AFTER);
    // JSON.parse keeps a repeated key's last value: a key seen twice goes to the plain path.
    const inB = new Map<string, number>();
    for (let k = 0; k < rb.keys.length; k++) {
      if (inB.has(rb.keys[k]!)) throw BAIL;
      inB.set(rb.keys[k]!, k);
    }
    // Members both sides have, in another order: the candidate orders its keys its own way, likely
    // throughout the document, where side by side would read members again level after level. Legacy's
    // members are read only up to the first key out of the candidate's order.
    const ra = readMembers(a, this.i, this.state === AFTER, inB);
    charge(budget, ra.end - this.i + (rb.end - this.j));
    const inA = new Set<string>();
    for (const key of ra.keys) {
      if (inA.has(key)) throw BAIL;
      inA.add(key);
    }
    if (repeatsEarlierKey(a, f.startA, this.i, ra.keys, rb.keys, budget)) throw BAIL;
    if (f.skelA !== null) for (const key of [...inA, ...inB.keys()]) if (Object.hasOwn(f.skelA, key)) throw BAIL;
    const depth = this.frames.length;
    // Legacy's order first, then the candidate's own keys: the order the walk reports them in.
    for (let k = 0; k < ra.keys.length; k++) {
      const key = ra.keys[k]!;
      const other = inB.get(key);
      if (other === undefined) {
        setStep(this.skeletonsTo(depth)[0], key, cutOne(a, ra.starts[k]!, ra.ends[k]!, budget));
        continue;
      }
      const pair = compareValues(a, ra.starts[k]!, ra.ends[k]!, b, rb.starts[other]!, rb.ends[other]!, budget);
      if (pair === null) continue;
      const [sa, sb] = this.skeletonsTo(depth);
      setStep(sa, key, pair[0]);
      setStep(sb, key, pair[1]);
    }
    for (let k = 0; k < rb.keys.length; k++) {
      const key = rb.keys[k]!;
      if (!inA.has(key)) setStep(this.skeletonsTo(depth)[1], key, cutOne(b, rb.starts[k]!, rb.ends[k]!, budget));
    }
    this.frames.pop();
    this.i = ra.end;
    this.j = rb.end;
    this.state = AFTER;
  }

  /**
   * The texts part at i / j, with `state` what the token loop expects there: cut out the smallest
   * value that holds the difference. `valueStartA` / `valueStartB` are given when a value starts there.
   */
  part(i: number, j: number, state: number, valueStartA: number, valueStartB: number): void {
    this.i = i;
    this.j = j;
    this.state = state;
    if (this.movesAlignment(state)) return this.cutContainer(true);
    if (valueStartA >= 0) return this.cut(valueStartA, valueStartB);
    const { a, b } = this;
    if (state === VALUE || state === VALUE_OR_END) {
      const pa = skipWs(a, i);
      const pb = skipWs(b, j);
      if (isValueStart(a.charCodeAt(pa)) && isValueStart(b.charCodeAt(pb))) return this.cut(pa, pb);
    }
    const f = this.frames[this.frames.length - 1]!;
    if (!f.arr && state !== COLON_NEXT) return this.members();
    // An array that differs in length, or odd spacing: the whole container is the value.
    this.cutContainer(false);
  }

  /**
   * The texts part in an array element's key-like member (`id`, `uuid`, `key`, `*_id`) or in its
   * members themselves: the walk may align that array on a key (align.ts), which needs all its
   * elements, so the array is cut out whole. Elsewhere keys stay in place and positions decide, as
   * they do for the elements cut out one by one.
   */
  movesAlignment(state: number): boolean {
    const n = this.frames.length;
    if (n < 2 || !this.frames[n - 2]!.arr) return false;
    const f = this.frames[n - 1]!;
    if (f.arr) return false;
    if (state !== VALUE) return true;
    const key = this.keyOf(f);
    return key === 'id' || key === 'uuid' || key === 'key' || key.endsWith('_id');
  }

  /** Cut out the innermost container whole, or with `element` the array that holds the innermost. */
  cutContainer(element: boolean): void {
    const { a, b } = this;
    if (element) this.frames.pop();
    const f = this.frames[this.frames.length - 1]!;
    this.frames.pop();
    if (this.frames.length === 0) {
      const endA = skipValue(a, f.startA);
      const endB = skipValue(b, f.startB);
      this.whole = { pair: cutOut(a, f.startA, endA, b, f.startB, endB, this.budget), endA, endB };
      return;
    }
    this.cut(f.startA, f.startB);
  }
}

/**
 * Read the container opening at a[i0] and b[j0] side by side to its end: `pair` holds the skeletons
 * (or, when the container itself had to be cut out, both values), null when the two are the same.
 * The whole document cut out comes to more than half the texts, so at the top the budget refuses it.
 */
function scan(a: string, i0: number, b: string, j0: number, budget: Budget, endA: number): Scanned {
  const s = new Scan(a, b, budget, i0, j0, endA === a.length);
  const frames = s.frames;
  const n = a.length;
  const m = b.length;
  let i = i0;
  let j = j0;
  let state = VALUE;
  for (;;) {
    if (s.whole !== null) return s.whole;
    if (frames.length === 0 && i !== i0) return { pair: s.rootA === null ? null : [s.rootA, s.rootB!], endA: i, endB: j };
    // Where the texts next part (native-speed loop), then the tokens of text A up to there; text B is
    // the same up to there, `d` characters further on.
    const d = j - i;
    const p = firstDifference(a, i, b, j, endA);
    charge(budget, SEGMENT_COST + p - i);
    for (;;) {
      if (frames.length === 0 && i !== i0) {
        j = i + d;
        break;
      }
      if (i >= p) {
        j = i + d;
        if (i >= n || j >= m) throw BAIL;
        s.part(i, j, state, -1, -1);
        ({ i, j, state } = s);
        break;
      }
      const ch = a.charCodeAt(i);
      if (ch === QUOTE) {
        const isValue = state === VALUE || state === VALUE_OR_END;
        if (!isValue && state !== KEY && state !== KEY_OR_END) throw BAIL;
        const end = skipString(a, i);
        if (end > p) {
          // A key that differs leaves the member set different (part() reads the members).
          s.part(i, i + d, state, isValue ? i : -1, isValue ? i + d : -1);
          ({ i, j, state } = s);
          break;
        }
        if (isValue) {
          state = AFTER;
        } else {
          const f = frames[frames.length - 1]!;
          f.keyStart = i;
          f.keyEnd = end;
          f.key = null;
          // A key met again after a differing member: JSON.parse keeps the later value.
          if (f.skelA !== null && Object.hasOwn(f.skelA, s.keyOf(f))) throw BAIL;
          state = COLON_NEXT;
        }
        i = end;
      } else if (ch === COLON) {
        if (state !== COLON_NEXT) throw BAIL;
        state = VALUE;
        i++;
      } else if (ch === COMMA) {
        if (state !== AFTER) throw BAIL;
        const f = frames[frames.length - 1]!;
        if (f.arr) {
          f.index++;
          state = VALUE;
        } else {
          state = KEY;
        }
        i++;
      } else if (ch === LBRACE || ch === LBRACKET) {
        if (state !== VALUE && state !== VALUE_OR_END) throw BAIL;
        // Deeper than the walk follows (it would throw this on the parsed values too): said at once,
        // before JSON.parse spends most of a second on 100,000 nested arrays.
        if (frames.length >= MAX_DEPTH) throw new CMP_ERR_TOO_DEEP(MAX_DEPTH);
        const arr = ch === LBRACKET;
        frames.push({ arr, startA: i, startB: i + d, index: 0, keyStart: -1, keyEnd: -1, key: null, skelA: null, skelB: null });
        state = arr ? VALUE_OR_END : KEY_OR_END;
        i++;
      } else if (ch === RBRACE || ch === RBRACKET) {
        const f = frames[frames.length - 1];
        const arr = ch === RBRACKET;
        if (f === undefined || f.arr !== arr || !(state === AFTER || state === (arr ? VALUE_OR_END : KEY_OR_END))) throw BAIL;
        if (arr && f.skelA !== null) {
          // Elements between the cut-out ones are holes, equal on both sides; the length is the real one.
          const length = state === AFTER ? f.index + 1 : 0;
          (f.skelA as unknown[]).length = length;
          (f.skelB as unknown[]).length = length;
        }
        frames.pop();
        state = AFTER;
        i++;
      } else if (ch === SPACE) {
        i++;
      } else {
        if (state !== VALUE && state !== VALUE_OR_END) throw BAIL;
        // A number, true, false or null, as JSON spells them; anything else goes to the plain path.
        const end = scalarEnd(a, i);
        // Equal only when text B's token ends at the same place.
        if (end > p || (end === p && !isDelimiter(b.charCodeAt(end + d)))) {
          s.part(i, i + d, state, i, i + d);
          ({ i, j, state } = s);
          break;
        }
        i = end;
        state = AFTER;
      }
    }
  }
}

/**
 * Whether a key of the object's members still to come (`ka`, `kb`) was met earlier in it, between
 * its `{` at t[from] and `to`. JSON.parse keeps a repeated key's last value, which pairing by key
 * would not. A native search for the key's spelling rules most keys out; a hit (which may be the same
 * word in a nested value) or an escaped key is settled by reading the earlier keys.
 */
function repeatsEarlierKey(t: string, from: number, to: number, ka: string[], kb: string[], budget: Budget): boolean {
  let maybe = budget.escapes;
  const earlier = t.slice(from, to);
  for (let k = 0; !maybe && k < ka.length + kb.length; k++) maybe = earlier.includes(`"${k < ka.length ? ka[k] : kb[k - ka.length]}"`);
  if (!maybe) return false;
  charge(budget, to - from);
  const seen = keysBefore(t, from, to);
  return ka.some((key) => seen.has(key)) || kb.some((key) => seen.has(key));
}

/**
 * The first offset from a[i] / b[j] where the two texts differ (as an offset in a). Runs of 256
 * characters are compared with `===` on slices, which V8 does natively: a `charCodeAt` loop over both
 * texts took 3.3 ns a character, most of the side-by-side comparison of a 4 KB pair. A run that
 * differs is halved down to 16 characters, and the loop finds the place within those.
 */
function firstDifference(a: string, i: number, b: string, j: number, endA: number): number {
  const d = j - i;
  const n = Math.min(endA, b.length - d);
  let p = i;
  let run = 256;
  while (run >= 16) {
    if (n - p >= run && a.slice(p, p + run) === b.slice(p + d, p + d + run)) p += run;
    else run >>= 1;
  }
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

/**
 * Offset just past the number, true, false or null at t[s], read once as JSON spells it and ending at a
 * delimiter; BAIL for anything else, which the plain path reports.
 */
function scalarEnd(t: string, s: number): number {
  let p = s;
  let ch = t.charCodeAt(p);
  if (ch === 116 || ch === 102 || ch === 110) {
    const word = ch === 116 ? 'true' : ch === 102 ? 'false' : 'null';
    if (!t.startsWith(word, p)) throw BAIL;
    p += word.length;
  } else {
    if (ch === MINUS) ch = t.charCodeAt(++p);
    if (ch === ZERO) {
      ch = t.charCodeAt(++p);
    } else if (ch > ZERO && ch <= NINE) {
      do ch = t.charCodeAt(++p);
      while (ch >= ZERO && ch <= NINE);
    } else {
      throw BAIL;
    }
    if (ch === DOT) {
      ch = t.charCodeAt(++p);
      if (!(ch >= ZERO && ch <= NINE)) throw BAIL;
      do ch = t.charCodeAt(++p);
      while (ch >= ZERO && ch <= NINE);
    }
    if (ch === LOWER_E || ch === UPPER_E) {
      ch = t.charCodeAt(++p);
      if (ch === PLUS || ch === MINUS) ch = t.charCodeAt(++p);
      if (!(ch >= ZERO && ch <= NINE)) throw BAIL;
      do ch = t.charCodeAt(++p);
      while (ch >= ZERO && ch <= NINE);
    }
  }
  if (!isDelimiter(t.charCodeAt(p))) throw BAIL;
  return p;
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

/**
 * Offset just past the string opening at t[p]. Keys and short values end within a few characters,
 * where a loop is cheaper than calling `indexOf`; longer strings are left to `indexOf`.
 */
function skipString(t: string, p: number): number {
  const short = Math.min(p + 17, t.length);
  for (let q = p + 1; q < short; q++) {
    const ch = t.charCodeAt(q);
    if (ch === QUOTE) return q + 1;
    if (ch === BACKSLASH) break;
  }
  for (let q = p + 1; ; ) {
    const close = t.indexOf('"', q);
    if (close < 0) throw BAIL;
    let backslashes = 0;
    while (t.charCodeAt(close - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return close + 1;
    q = close + 1;
  }
}
