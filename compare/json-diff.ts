import { AcceptedCounter } from './accepted-by-rule.js';
import type { AcceptedByRule } from './accepted-by-rule.js';
import { ROUNDED, alignKeyOf, detectAlignKey, indexByKey, keysInPlace, movedKeys } from './align.js';
import { canonicalKey, compareSortKeys, isNumericString, jsonType, sameNumber, toApproxNumber } from './canonical.js';
import { compileRules, ignoreAt } from './compiled-rules.js';
import type { CompiledRules, RuleTag } from './compiled-rules.js';
import { CMP_ERR_TOO_DEEP } from './errors.js';
import { sameShape } from './shape.js';
import type { Difference } from '../model/difference.js';
import { formatPath } from './path.js';
import type { MatchState, PathStep } from './path.js';
import type { CompareRules } from './rules.js';
import { parseTimestamp } from './timestamp.js';
import { isExactNumber } from './json-text.js';

/** The outcome of comparing two values: equal after rules, and every difference left. */
export interface JsonComparison {
  equal: boolean;
  differences: Difference[];
  /** True when the walk stopped at `limit` differences. */
  truncated: boolean;
  /** Differences a rule accepted (not in `differences`), per rule and pattern, for reports. */
  accepted: AcceptedByRule[];
}

/** Deepest nesting the walk follows; past it CMP_ERR_TOO_DEEP (answers nest a few dozen levels at most). */
export const MAX_DEPTH = 512;

/** Options that are not comparison rules. */
export interface CompareOptions {
  /** Stop after this many differences (default: no limit). */
  limit?: number;
}

interface Walk {
  readonly rules: CompiledRules;
  /** Values came from plain JSON.parse: stop (throw ROUNDED) at a number that may have been rounded. */
  readonly guard: boolean;
  readonly out: Difference[];
  readonly path: PathStep[];
  readonly limit: number;
  readonly accepted: AcceptedCounter;
  truncated: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
// Past this many leftover pairs, unordered arrays stop looking for rule-equal partners (quadratic).
const MAX_PAIRING_WORK = 10_000;

/**
 * Compare two already-parsed JSON values (legacy first) under `rules`.
 * Key order never matters; numbers compare by value in any spelling; both sides are read as one
 * canonical shape on the fly rather than copied.
 */
export function compareJson(
  legacy: unknown,
  candidate: unknown,
  rules?: CompareRules,
  options: CompareOptions = {},
): JsonComparison {
  const c = compileRules(rules);
  const w = newWalk(c, false, options.limit ?? Infinity);
  walkRoot(legacy, candidate, w);
  return result(w);
}

/**
 * Compare values that came from plain `JSON.parse`, or answer null when a number in them may have been
 * rounded (an integer beyond 2^53): the caller then parses exactly and calls `compareJson`. This keeps
 * the exact parser off the common path. Rules with unordered or sortBy arrays always answer null,
 * since they compare elements by canonical keys the guard does not see.
 */
export function compareJsonIfExact(
  legacy: unknown,
  candidate: unknown,
  rules?: CompareRules,
  options: CompareOptions = {},
): JsonComparison | null {
  const c = compileRules(rules);
  if (c.hasArrayRules) return null;
  const w = newWalk(c, true, options.limit ?? Infinity);
  try {
    walkRoot(legacy, candidate, w);
  } catch (err) {
    if (err === ROUNDED) return null;
    throw err;
  }
  return result(w);
}

function newWalk(rules: CompiledRules, guard: boolean, limit: number): Walk {
  return { rules, guard, out: [], path: [], limit, accepted: new AcceptedCounter(), truncated: false };
}

function walkRoot(legacy: unknown, candidate: unknown, w: Walk): void {
  const root = w.rules.matcher.root();
  const ig = ignoreAt(w.rules, root);
  if (ig === null) walk(legacy, candidate, root, w);
  else if (differs(legacy, candidate)) w.accepted.add('ignore', ig.p);
}

function result(w: Walk): JsonComparison {
  return { equal: w.out.length === 0 && !w.truncated, differences: w.out, truncated: w.truncated, accepted: w.accepted.list() };
}

/** For counting what an `ignore` hid: true when the two values differ with no rules. */
function differs(a: unknown, b: unknown): boolean {
  if (a === b) return false;
  if (a === undefined || b === undefined) return true;
  try {
    return canonicalKey(a) !== canonicalKey(b);
  } catch {
    return true; // too deep to tell: an ignore rule hid something either way
  }
}

function guardPair(a: unknown, b: unknown): void {
  if ((typeof a === 'number' && !isExactNumber(a)) || (typeof b === 'number' && !isExactNumber(b))) throw ROUNDED;
}

function guardDeep(v: unknown): void {
  if (typeof v === 'number') {
    if (!isExactNumber(v)) throw ROUNDED;
  } else if (typeof v === 'object' && v !== null) {
    for (const x of Array.isArray(v) ? v : Object.values(v)) guardDeep(x);
  }
}

function emit(w: Walk, kind: Difference['kind'], a: unknown, b: unknown, last?: PathStep): void {
  if (w.out.length >= w.limit) {
    w.truncated = true;
    return;
  }
  if (w.guard) {
    guardDeep(a);
    guardDeep(b);
  }
  const path = formatPath(w.path) + (last === undefined ? '' : formatPath([last]).slice(1));
  const d: Difference = { path, kind };
  if (kind !== 'added') d.legacy = a;
  if (kind !== 'removed') d.candidate = b;
  w.out.push(d);
}

function walk(a: unknown, b: unknown, st: MatchState, w: Walk): void {
  if (a === b) {
    // the guard looks at numbers only where they are compared or shown, to stay off other nodes
    if (w.guard && typeof a === 'number' && (a > MAX_SAFE || a < -MAX_SAFE)) throw ROUNDED;
    return;
  }
  if (w.truncated) return;
  const ta = jsonType(a);
  const tb = jsonType(b);
  const r = w.rules;
  if (r.hasPaths && st.length > 0) {
    const tags = r.matcher.matches(st);
    if (tags.length > 0 && acceptedByRule(a, b, ta, tb, tags, w)) return;
  }
  if (ta !== tb) {
    emit(w, 'type', a, b);
    return;
  }
  switch (ta) {
    case 'object':
      if (w.path.length >= MAX_DEPTH) throw new CMP_ERR_TOO_DEEP(MAX_DEPTH);
      walkObject(a as Record<string, unknown>, b as Record<string, unknown>, st, w);
      return;
    case 'array':
      if (w.path.length >= MAX_DEPTH) throw new CMP_ERR_TOO_DEEP(MAX_DEPTH);
      walkArray(a as unknown[], b as unknown[], st, w);
      return;
    case 'number':
      if (w.guard) guardPair(a, b);
      if (sameNumber(a, b)) return;
      break;
    case 'null':
      // `undefined` only reaches here from sparse or hand-built values; treat it as null.
      return;
  }
  emit(w, 'changed', a, b);
}

/** A value rule named for this node accepts the two values: counted, not reported. */
function acceptedByRule(a: unknown, b: unknown, ta: string, tb: string, tags: readonly RuleTag[], w: Walk): boolean {
  for (const t of tags) {
    let ok = false;
    switch (t.k) {
      case 'generated':
        ok = ta !== 'object' && ta !== 'array' && sameShape(a, b);
        if (ok && ta === 'number') {
          if (w.guard) guardPair(a, b);
          ok = !sameNumber(a, b); // the same number in another spelling is no difference to count
        }
        break;
      case 'timestamps':
        if (ta === 'string' && tb === 'string') {
          const x = parseTimestamp(a as string, w.rules.timezone);
          ok = x !== null && x === parseTimestamp(b as string, w.rules.timezone);
        }
        break;
      case 'numericStrings':
        ok = numericStringEqual(a, b);
        if (ok && w.guard) guardPair(a, b);
        break;
      case 'floatTolerance':
        if (ta === 'number' && tb === 'number') {
          if (w.guard) guardPair(a, b);
          ok = !sameNumber(a, b) && Math.abs(toApproxNumber(a) - toApproxNumber(b)) <= t.n;
        }
        break;
      case 'emptyContainersEqual':
        ok = ta !== tb && isEmptyContainer(a) && isEmptyContainer(b);
        break;
    }
    if (ok) {
      w.accepted.add(t.k as 'generated', t.p);
      return true;
    }
  }
  return false;
}

/** The `nullEqualsMissing` pattern naming this member, or null. */
function nullEqualsMissingAt(r: CompiledRules, st: MatchState): string | null {
  if (st.length === 0) return null;
  for (const t of r.matcher.matches(st)) if (t.k === 'nullEqualsMissing') return t.p;
  return null;
}

function isEmptyContainer(v: unknown): boolean {
  if (Array.isArray(v)) return v.length === 0;
  return jsonType(v) === 'object' && Object.keys(v as object).length === 0;
}

function numericStringEqual(a: unknown, b: unknown): boolean {
  if (typeof a === 'string' && jsonType(b) === 'number') return isNumericString(a) && sameNumber(a, b);
  if (typeof b === 'string' && jsonType(a) === 'number') return isNumericString(b) && sameNumber(a, b);
  return false;
}

function walkObject(a: Record<string, unknown>, b: Record<string, unknown>, st: MatchState, w: Walk): void {
  const r = w.rules;
  // Members of `a` that `b` has too: when `b` has no more members than that, none is only in `b`, and
  // the second loop (two own-property checks a member) is not needed.
  let shared = 0;
  for (const k in a) {
    if (!hasOwn.call(a, k)) continue;
    const av = a[k];
    // Equal leaves (most of a document) are settled here, before any rule is looked up and without a
    // call or a path step: equal values differ under no rule, and a JSON value is never a function, so
    // `===` with something `b` only inherits cannot happen.
    if (av === b[k] && av !== undefined) {
      shared++;
      if (w.guard && typeof av === 'number' && (av > MAX_SAFE || av < -MAX_SAFE)) throw ROUNDED;
      continue;
    }
    const inB = hasOwn.call(b, k);
    if (inB) shared++;
    const cs = r.hasPaths ? r.matcher.step(st, k) : st;
    if (r.hasPaths && ignored(w, cs, av, inB ? b[k] : undefined)) continue;
    if (inB) {
      w.path.push(k);
      walk(av, b[k], cs, w);
      w.path.pop();
    } else {
      const nm = av === null && r.hasPaths ? nullEqualsMissingAt(r, cs) : null;
      if (nm === null) emit(w, 'removed', av, undefined, k);
      else w.accepted.add('nullEqualsMissing', nm);
    }
  }
  let membersOfB = 0;
  for (const k in b) if (hasOwn.call(b, k)) membersOfB++;
  if (membersOfB === shared) return;
  for (const k in b) {
    if (!hasOwn.call(b, k) || hasOwn.call(a, k)) continue;
    const cs = r.hasPaths ? r.matcher.step(st, k) : st;
    if (r.hasPaths && ignored(w, cs, undefined, b[k])) continue;
    const nm = b[k] === null && r.hasPaths ? nullEqualsMissingAt(r, cs) : null;
    if (nm === null) emit(w, 'added', undefined, b[k], k);
    else w.accepted.add('nullEqualsMissing', nm);
  }
}

/** True when an `ignore` rule covers this node; what it hid is counted. */
function ignored(w: Walk, st: MatchState, a: unknown, b: unknown): boolean {
  const t = ignoreAt(w.rules, st);
  if (t === null) return false;
  if (differs(a, b)) w.accepted.add('ignore', t.p);
  return true;
}

function walkArray(a: unknown[], b: unknown[], st: MatchState, w: Walk): void {
  const r = w.rules;
  let key: string | null = null;
  if (r.hasPaths && st.length > 0) {
    for (const t of r.matcher.matches(st)) {
      if (t.k === 'unordered') return walkMultiset(a, b, st, w);
      if (t.k === 'sortBy') return walkSorted(a, b, t.key, st, w);
      if (t.k === 'keys') key = t.key;
    }
  }
  // Arrays of records are aligned on a key before they are compared (docs/compare.md, "Arrays"): when
  // the keys stand in the same places, as in most pairs, that is the positional walk below.
  if (key === null) key = detectAlignKey(a, b);
  if (key !== null && !keysInPlace(a, b, key, w.guard)) {
    const ia = indexByKey(a, key, w.guard);
    const ib = ia === null ? null : indexByKey(b, key, w.guard);
    if (ia !== null && ib !== null) return walkAligned(a, b, ia, ib, key, st, w);
  }
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    // As in walkObject: an equal element needs no call or path step (ignore rules are not consulted:
    // an equal value yields no difference whether ignored or not).
    if (v === b[i]) {
      if (w.guard && typeof v === 'number' && (v > MAX_SAFE || v < -MAX_SAFE)) throw ROUNDED;
      continue;
    }
    pair(a, i, b, i, st, w);
  }
  for (let i = n; i < a.length; i++) lone(w, 'removed', a[i], i, st);
  for (let i = n; i < b.length; i++) lone(w, 'added', b[i], i, st);
}

function pair(a: unknown[], i: number, b: unknown[], j: number, st: MatchState, w: Walk): void {
  const r = w.rules;
  const cs = r.hasPaths ? r.matcher.step(st, i) : st;
  if (r.hasPaths && ignored(w, cs, a[i], b[j])) return;
  w.path.push(i);
  walk(a[i], b[j], cs, w);
  w.path.pop();
}

/**
 * Arrays aligned on `key`: shared elements in another order are ONE `order` difference (the moved
 * keys, each side's order); then each shared element is compared with its partner (legacy's index in
 * paths), legacy's others are `removed`, the candidate's others `added`.
 */
function walkAligned(
  a: unknown[],
  b: unknown[],
  ia: Map<string, number>,
  ib: Map<string, number>,
  key: string,
  st: MatchState,
  w: Walk,
): void {
  const moved = movedKeys(a, b, ia, ib, key);
  if (moved !== null) emit(w, 'order', moved.legacy, moved.candidate);
  for (let i = 0; i < a.length; i++) {
    const j = ib.get(alignKeyOf(a[i], key)!);
    if (j === undefined) lone(w, 'removed', a[i], i, st);
    else if (a[i] !== b[j]) pair(a, i, b, j, st, w);
  }
  for (let j = 0; j < b.length; j++) if (!ia.has(alignKeyOf(b[j], key)!)) lone(w, 'added', b[j], j, st);
}

function lone(w: Walk, kind: 'added' | 'removed', v: unknown, i: number, st: MatchState): void {
  const r = w.rules;
  if (r.hasPaths && ignored(w, r.matcher.step(st, i), kind === 'removed' ? v : undefined, kind === 'added' ? v : undefined)) return;
  emit(w, kind, kind === 'removed' ? v : undefined, kind === 'added' ? v : undefined, i);
}

/** Arrays as multisets: exact canonical matches first, then rule-equal partners, the rest added/removed. */
function walkMultiset(a: unknown[], b: unknown[], st: MatchState, w: Walk): void {
  const byKey = new Map<string, number[]>();
  b.forEach((v, j) => {
    const k = canonicalKey(v);
    const list = byKey.get(k);
    if (list === undefined) byKey.set(k, [j]);
    else list.push(j);
  });
  const leftA: number[] = [];
  a.forEach((v, i) => {
    const list = byKey.get(canonicalKey(v));
    if (list !== undefined && list.length > 0) list.shift();
    else leftA.push(i);
  });
  const leftB = [...byKey.values()].flat().sort((x, y) => x - y);
  const usedB = new Set<number>();
  if (leftA.length * leftB.length <= MAX_PAIRING_WORK) {
    for (let x = leftA.length - 1; x >= 0; x--) {
      const i = leftA[x];
      const j = leftB.find((jj) => !usedB.has(jj) && equalUnderRules(a[i], b[jj], i, st, w));
      if (j !== undefined) {
        usedB.add(j);
        leftA.splice(x, 1);
      }
    }
  }
  for (const i of leftA) lone(w, 'removed', a[i], i, st);
  for (const j of leftB) if (!usedB.has(j)) lone(w, 'added', b[j], j, st);
}

function equalUnderRules(x: unknown, y: unknown, i: number, st: MatchState, w: Walk): boolean {
  const r = w.rules;
  const cs = r.hasPaths ? r.matcher.step(st, i) : st;
  if (r.hasPaths && ignoreAt(r, cs) !== null) return true;
  const trial = newWalk(r, w.guard, 1);
  walk(x, y, cs, trial);
  return trial.out.length === 0 && !trial.truncated;
}

/** Arrays sorted by a key on both sides and merge-joined on it: paths keep each side's own index. */
function walkSorted(a: unknown[], b: unknown[], key: string, st: MatchState, w: Walk): void {
  const keyOf = (v: unknown): unknown =>
    jsonType(v) === 'object' ? (v as Record<string, unknown>)[key] : undefined;
  const order = (arr: unknown[]): number[] =>
    arr.map((_, i) => i).sort((x, y) => compareSortKeys(keyOf(arr[x]), keyOf(arr[y])) || x - y);
  const ia = order(a);
  const ib = order(b);
  let p = 0;
  let q = 0;
  while (p < ia.length && q < ib.length) {
    const c = compareSortKeys(keyOf(a[ia[p]]), keyOf(b[ib[q]]));
    if (c === 0) pair(a, ia[p++], b, ib[q++], st, w);
    else if (c < 0) lone(w, 'removed', a[ia[p]], ia[p++], st);
    else lone(w, 'added', b[ib[q]], ib[q++], st);
  }
  for (; p < ia.length; p++) lone(w, 'removed', a[ia[p]], ia[p], st);
  for (; q < ib.length; q++) lone(w, 'added', b[ib[q]], ib[q], st);
}
