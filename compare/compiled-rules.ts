import { PathMatcher } from './path.js';
import type { MatchState } from './path.js';
import { DEFAULT_TIMEZONE, parseRules } from './rules.js';
import type { CompareRules } from './rules.js';

/** What a path pattern asks for at the node it matches. */
export type RuleTag = { k: 'ignore' } | { k: 'unordered' } | { k: 'sortBy'; key: string };

/** Rules resolved once into a matcher and plain flags, so the walk does only cheap look-ups. */
export interface CompiledRules {
  readonly matcher: PathMatcher<RuleTag>;
  /** False when no path rule exists: the walk skips matching altogether. */
  readonly hasPaths: boolean;
  /** True when some path is compared as unordered or sortBy. */
  readonly hasArrayRules: boolean;
  readonly numericStringsIgnore: boolean;
  readonly emptyContainersEqual: boolean;
  readonly nullEqualsMissing: boolean;
  readonly floatTolerance: number;
  readonly timestamps: boolean;
  readonly timezone: string;
}

const IGNORE: RuleTag = { k: 'ignore' };
const UNORDERED: RuleTag = { k: 'unordered' };
const cache = new WeakMap<CompareRules, CompiledRules>();
const NO_RULES: CompareRules = {};

/** Validate and compile rules (cached per rules object); throws CMP_ERR_INVALID_RULES or CMP_ERR_INVALID_PATH. */
export function compileRules(rules: CompareRules | undefined): CompiledRules {
  const r = rules ?? NO_RULES;
  const hit = cache.get(r);
  if (hit !== undefined) return hit;
  parseRules(r);
  const matcher = new PathMatcher<RuleTag>();
  for (const p of r.ignore ?? []) matcher.add(p, IGNORE);
  for (const p of r.unordered ?? []) matcher.add(p, UNORDERED);
  for (const [p, key] of Object.entries(r.sortBy ?? {})) matcher.add(p, { k: 'sortBy', key });
  const compiled: CompiledRules = Object.freeze({
    matcher,
    hasPaths: !matcher.empty,
    hasArrayRules: (r.unordered ?? []).length > 0 || Object.keys(r.sortBy ?? {}).length > 0,
    numericStringsIgnore: r.numericStrings === 'ignore',
    emptyContainersEqual: r.emptyContainersEqual === true,
    nullEqualsMissing: r.nullEqualsMissing === true,
    floatTolerance: r.floatTolerance ?? 0,
    timestamps: r.timestamps === true,
    timezone: r.timezone ?? DEFAULT_TIMEZONE,
  });
  cache.set(r, compiled);
  return compiled;
}

/** True when an `ignore` pattern ends at this state. */
export function isIgnored(c: CompiledRules, st: MatchState): boolean {
  if (st.length === 0) return false;
  for (const t of c.matcher.matches(st)) if (t.k === 'ignore') return true;
  return false;
}
