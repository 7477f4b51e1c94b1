import { CMP_ERR_INVALID_RULES } from './errors.js';
import { parsePathPattern } from './path.js';
import { isValidTimeZone } from './timestamp.js';

/**
 * Comparison rules, global and per route (YAML under `compare:` and `routes[].compare`).
 * Paths use the same syntax as differences, with `[*]` for any index/key and `$..name` for any depth.
 */
export interface CompareRules {
  /** Paths whose differences are dropped, e.g. `$.data.updated_at`, `$.data[*].token`, `$..request_id`. */
  ignore?: string[];
  /** Arrays at these paths are compared as multisets (order never matters). */
  unordered?: string[];
  /** Arrays at these paths are sorted by the named key before comparing: `{ "$.data.items": "id" }`. */
  sortBy?: Record<string, string>;
  /** `"123"` vs `123`: `report` (as kind `type`, the default) or `ignore`. */
  numericStrings?: 'report' | 'ignore';
  /** Treat `[]` and `{}` as equal. */
  emptyContainersEqual?: boolean;
  /** Treat `null` and a missing key as equal. */
  nullEqualsMissing?: boolean;
  /** Absolute tolerance for numbers (0 = exact). */
  floatTolerance?: number;
  /** Strings that both parse as timestamps are equal when they name the same instant. */
  timestamps?: boolean;
  /** IANA zone for timestamps written without an offset (legacy `Y-m-d H:i:s`); default `Asia/Tokyo`. */
  timezone?: string;
}

/** The zone for timestamps written without an offset, when the rules name none. */
export const DEFAULT_TIMEZONE = 'Asia/Tokyo';

/** One problem found in a rules object: the key, the value found, and what was expected. */
export interface RuleIssue {
  /** Where in the rules object, e.g. `ignore[2]` or `sortBy['$.items']`. */
  key: string;
  value: unknown;
  message: string;
}

const BOOLEAN_KEYS = ['emptyContainersEqual', 'nullEqualsMissing', 'timestamps'] as const;
const KNOWN_KEYS = new Set<string>([
  'ignore',
  'unordered',
  'sortBy',
  'numericStrings',
  'floatTolerance',
  'timezone',
  ...BOOLEAN_KEYS,
]);

/** Check a rules object (from YAML, JSON or config); returns every issue found, empty when valid. */
export function validateRules(rules: unknown): RuleIssue[] {
  const issues: RuleIssue[] = [];
  if (rules === null || rules === undefined) return issues;
  if (typeof rules !== 'object' || Array.isArray(rules)) {
    return [{ key: '', value: rules, message: 'rules must be a mapping (object) of rule names to values' }];
  }
  const r = rules as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!KNOWN_KEYS.has(key)) {
      issues.push({ key, value: r[key], message: `unknown rule; known rules: ${[...KNOWN_KEYS].join(', ')}` });
    }
  }
  for (const key of ['ignore', 'unordered'] as const) {
    const v = r[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      issues.push({ key, value: v, message: 'expected a list of paths like `$.data[*].token`' });
      continue;
    }
    v.forEach((p, i) => pathIssue(`${key}[${i}]`, p, issues));
  }
  if (r.sortBy !== undefined) {
    if (typeof r.sortBy !== 'object' || r.sortBy === null || Array.isArray(r.sortBy)) {
      issues.push({ key: 'sortBy', value: r.sortBy, message: 'expected a mapping of array path to key name, e.g. `$.data.items: id`' });
    } else {
      for (const [p, k] of Object.entries(r.sortBy as Record<string, unknown>)) {
        pathIssue(`sortBy['${p}']`, p, issues);
        if (typeof k !== 'string' || k === '') {
          issues.push({ key: `sortBy['${p}']`, value: k, message: 'expected the name of the key to sort by' });
        }
      }
    }
  }
  if (r.numericStrings !== undefined && r.numericStrings !== 'report' && r.numericStrings !== 'ignore') {
    issues.push({ key: 'numericStrings', value: r.numericStrings, message: 'expected `report` or `ignore`' });
  }
  for (const key of BOOLEAN_KEYS) {
    if (r[key] !== undefined && typeof r[key] !== 'boolean') {
      issues.push({ key, value: r[key], message: 'expected true or false' });
    }
  }
  const tol = r.floatTolerance;
  if (tol !== undefined && (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0)) {
    issues.push({ key: 'floatTolerance', value: tol, message: 'expected a finite number ≥ 0 (0 = exact)' });
  }
  if (r.timezone !== undefined && (typeof r.timezone !== 'string' || !isValidTimeZone(r.timezone))) {
    issues.push({ key: 'timezone', value: r.timezone, message: 'expected an IANA time zone such as `Asia/Tokyo` or `UTC`' });
  }
  return issues;
}

function pathIssue(key: string, p: unknown, issues: RuleIssue[]): void {
  if (typeof p !== 'string') {
    issues.push({ key, value: p, message: 'expected a path string starting with `$`' });
    return;
  }
  try {
    parsePathPattern(p);
  } catch (err) {
    issues.push({ key, value: p, message: (err as Error).message });
  }
}

/** Validate and return the rules, or throw CMP_ERR_INVALID_RULES listing every issue. */
export function parseRules(rules: unknown): CompareRules {
  const issues = validateRules(rules);
  if (issues.length > 0) {
    throw new CMP_ERR_INVALID_RULES(
      issues.map((i) => `${i.key || '(root)'}: ${i.message} (found ${JSON.stringify(i.value)})`).join('; '),
    );
  }
  return (rules ?? {}) as CompareRules;
}

/** Per-route rules over the global ones: lists are joined, `sortBy` merged (route wins), scalars overridden. */
export function mergeRules(global: CompareRules | undefined, route: CompareRules | undefined): CompareRules {
  const g = global ?? {};
  const r = route ?? {};
  const merged: CompareRules = { ...g, ...r };
  if (g.ignore || r.ignore) merged.ignore = [...new Set([...(g.ignore ?? []), ...(r.ignore ?? [])])];
  if (g.unordered || r.unordered) merged.unordered = [...new Set([...(g.unordered ?? []), ...(r.unordered ?? [])])];
  if (g.sortBy || r.sortBy) merged.sortBy = { ...g.sortBy, ...r.sortBy };
  return merged;
}
