import { PathMatcher } from './path.js';
import type { MatchState } from './path.js';
import { DEFAULT_TIMEZONE, parseRules } from './rules.js';
import type { CompareRules } from './rules.js';

/** The rules that accept a difference (counted in `Comparison.accepted`). */
export type AcceptingRule =
  | 'ignore'
  | 'generated'
  | 'numericStrings'
  | 'emptyContainersEqual'
  | 'nullEqualsMissing'
  | 'floatTolerance'
  | 'timestamps';

/** What a path pattern asks for at the node it matches; `p` is the pattern as written (for reports). */
export type RuleTag =
  | { k: 'ignore'; p: string }
  | { k: 'unordered'; p: string }
  | { k: 'sortBy'; p: string; key: string }
  | { k: 'keys'; p: string; key: string }
  | { k: 'generated' | 'numericStrings' | 'emptyContainersEqual' | 'nullEqualsMissing' | 'timestamps'; p: string }
  | { k: 'floatTolerance'; p: string; n: number };

/** Rules resolved once into a matcher and plain flags, so the walk does only cheap look-ups. */
export interface CompiledRules {
  readonly matcher: PathMatcher<RuleTag>;
  /** False when no path rule exists: the walk skips matching altogether. */
  readonly hasPaths: boolean;
  /** True when some path is compared as unordered, sortBy or on a configured key. */
  readonly hasArrayRules: boolean;
  readonly timezone: string;
}

const cache = new WeakMap<CompareRules, CompiledRules>();
const NO_RULES: CompareRules = {};

/** Validate and compile rules (cached per rules object); throws CMP_ERR_INVALID_RULES or CMP_ERR_INVALID_PATH. */
export function compileRules(rules: CompareRules | undefined): CompiledRules {
  const r = rules ?? NO_RULES;
  const hit = cache.get(r);
  if (hit !== undefined) return hit;
  parseRules(r);
  const matcher = new PathMatcher<RuleTag>();
  for (const k of ['ignore', 'unordered', 'generated', 'numericStrings', 'emptyContainersEqual', 'nullEqualsMissing', 'timestamps'] as const) {
    for (const p of r[k] ?? []) matcher.add(p, { k, p } as RuleTag);
  }
  for (const [p, key] of Object.entries(r.sortBy ?? {})) matcher.add(p, { k: 'sortBy', p, key });
  for (const [p, key] of Object.entries(r.keys ?? {})) matcher.add(p, { k: 'keys', p, key });
  for (const [p, n] of Object.entries(r.floatTolerance ?? {})) matcher.add(p, { k: 'floatTolerance', p, n });
  const compiled: CompiledRules = Object.freeze({
    matcher,
    hasPaths: !matcher.empty,
    hasArrayRules: (r.unordered ?? []).length > 0 || Object.keys(r.sortBy ?? {}).length > 0 || Object.keys(r.keys ?? {}).length > 0,
    timezone: r.timezone ?? DEFAULT_TIMEZONE,
  });
  cache.set(r, compiled);
  return compiled;
}

/** The `ignore` tag ending at this state, or null. */
export function ignoreAt(c: CompiledRules, st: MatchState): RuleTag | null {
  if (st.length === 0) return null;
  for (const t of c.matcher.matches(st)) if (t.k === 'ignore') return t;
  return null;
}

/** True when an `ignore` pattern ends at this state. */
export function isIgnored(c: CompiledRules, st: MatchState): boolean {
  return ignoreAt(c, st) !== null;
}
