import { canonicalKey, compareSortKeys, isNumericString, jsonType, sameNumber, toApproxNumber } from './canonical.js';
import { compileRules, isIgnored } from './compiled-rules.js';
import type { CompiledRules } from './compiled-rules.js';
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
}

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
  truncated: boolean;
}

const hasOwn = Object.prototype.hasOwnProperty;
/** Thrown through a guarded walk when a number may have lost digits in JSON.parse. */
const ROUNDED = Symbol('rounded');
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
  const w: Walk = { rules: c, guard: false, out: [], path: [], limit: options.limit ?? Infinity, truncated: false };
  const root = c.matcher.root();
  if (!isIgnored(c, root)) walk(legacy, candidate, root, w);
  return { equal: w.out.length === 0 && !w.truncated, differences: w.out, truncated: w.truncated };
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
  const w: Walk = { rules: c, guard: true, out: [], path: [], limit: options.limit ?? Infinity, truncated: false };
  const root = c.matcher.root();
  try {
    if (!isIgnored(c, root)) walk(legacy, candidate, root, w);
  } catch (err) {
    if (err === ROUNDED) return null;
    throw err;
  }
  return { equal: w.out.length === 0 && !w.truncated, differences: w.out, truncated: w.truncated };
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
  if (ta !== tb) {
    if (r.emptyContainersEqual && isEmptyContainer(a) && isEmptyContainer(b)) return;
    if (r.numericStringsIgnore && numericStringEqual(a, b)) {
      if (w.guard) guardPair(a, b);
      return;
    }
    emit(w, 'type', a, b);
    return;
  }
  switch (ta) {
    case 'object':
      walkObject(a as Record<string, unknown>, b as Record<string, unknown>, st, w);
      return;
    case 'array':
      walkArray(a as unknown[], b as unknown[], st, w);
      return;
    case 'number':
      if (w.guard) guardPair(a, b);
      if (sameNumber(a, b)) return;
      if (r.floatTolerance > 0 && Math.abs(toApproxNumber(a) - toApproxNumber(b)) <= r.floatTolerance) return;
      break;
    case 'string':
      if (r.timestamps) {
        const x = parseTimestamp(a as string, r.timezone);
        if (x !== null && x === parseTimestamp(b as string, r.timezone)) return;
      }
      break;
    case 'null':
      // `undefined` only reaches here from sparse or hand-built values; treat it as null.
      return;
  }
  emit(w, 'changed', a, b);
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
    if (r.hasPaths && isIgnored(r, cs)) continue;
    if (inB) {
      w.path.push(k);
      walk(av, b[k], cs, w);
      w.path.pop();
    } else if (!(r.nullEqualsMissing && av === null)) {
      emit(w, 'removed', av, undefined, k);
    }
  }
  let membersOfB = 0;
  for (const k in b) if (hasOwn.call(b, k)) membersOfB++;
  if (membersOfB === shared) return;
  for (const k in b) {
    if (!hasOwn.call(b, k) || hasOwn.call(a, k)) continue;
    if (r.hasPaths && isIgnored(r, r.matcher.step(st, k))) continue;
    if (!(r.nullEqualsMissing && b[k] === null)) emit(w, 'added', undefined, b[k], k);
  }
}

function walkArray(a: unknown[], b: unknown[], st: MatchState, w: Walk): void {
  const r = w.rules;
  if (r.hasPaths && st.length > 0) {
    for (const t of r.matcher.matches(st)) {
      if (t.k === 'unordered') return walkMultiset(a, b, st, w);
      if (t.k === 'sortBy') return walkSorted(a, b, t.key, st, w);
    }
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
  if (r.hasPaths && isIgnored(r, cs)) return;
  w.path.push(i);
  walk(a[i], b[j], cs, w);
  w.path.pop();
}

function lone(w: Walk, kind: 'added' | 'removed', v: unknown, i: number, st: MatchState): void {
  const r = w.rules;
  if (r.hasPaths && isIgnored(r, r.matcher.step(st, i))) return;
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
  if (r.hasPaths && isIgnored(r, cs)) return true;
  const trial: Walk = { rules: r, guard: w.guard, out: [], path: [], limit: 1, truncated: false };
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
