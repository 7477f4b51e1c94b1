import { CMP_ERR_INVALID_RULES } from './errors.js';
import { parsePathPattern } from './path.js';
import { isValidTimeZone } from './timestamp.js';

/**
 * Comparison rules, global and per route (YAML under `compare.rules` and `routes[].compare`).
 * Paths use the same syntax as differences, with `[*]` for any index/key and `$..name` for any depth.
 * Every normalisation names the paths it applies to: with no rules, two answers are equal only when a
 * client parsing the JSON sees the same thing (docs/compare.md, "Rules").
 */
export interface CompareRules {
  /** Paths whose differences are dropped, e.g. `$.data.updated_at`, `$.data[*].token`, `$..request_id`. */
  ignore?: string[];
  /** Arrays at these paths are compared as multisets (order never matters). */
  unordered?: string[];
  /** Arrays at these paths are sorted by the named key before comparing: `{ "$.data.items": "id" }`. */
  sortBy?: Record<string, string>;
  /** Arrays at these paths are aligned on the named key (a reorder is one `order` difference): `{ "$.data.items": "item_id" }`. */
  keys?: Record<string, string>;
  /** Values at these paths are written by the call itself (ids, timestamps): compared by type and format, not content. */
  generated?: string[];
  /** At these paths `"123"` equals `123` (the same number as a string). */
  numericStrings?: string[];
  /** At these paths `[]` equals `{}` (both empty). */
  emptyContainersEqual?: string[];
  /** At these member paths a `null` equals a missing key, both ways. */
  nullEqualsMissing?: string[];
  /** Numbers at these paths within the given absolute distance are equal: `{ "$.data.total": 0.01 }`. */
  floatTolerance?: Record<string, number>;
  /** At these paths two strings that both read as timestamps are equal when they name the same instant. */
  timestamps?: string[];
  /** IANA zone for timestamps written without an offset (legacy `Y-m-d H:i:s`); default `Asia/Tokyo`. */
  timezone?: string;
  /** Response headers compared (names, any case); default `DEFAULT_COMPARED_HEADERS`, `[]` for none. */
  headers?: string[];
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

const PATH_LISTS = ['ignore', 'unordered', 'generated', 'numericStrings', 'emptyContainersEqual', 'nullEqualsMissing', 'timestamps'] as const;
const KEY_MAPS = ['sortBy', 'keys'] as const;
const KNOWN_KEYS = new Set<string>([...PATH_LISTS, ...KEY_MAPS, 'floatTolerance', 'timezone', 'headers']);
/** Normalisations that once had a global form; the message says how to name paths instead. */
const WHY_PATHS =
  'applied to a whole answer it hides differences the UI shows (ISO vs JST timestamps, "3000" vs 3000), so it is given per path';

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
  for (const key of PATH_LISTS) {
    const v = r[key];
    if (v === undefined) continue;
    if (!Array.isArray(v)) {
      const example = key === 'timestamps' ? "['$.data.created_at', '$.data.items[*].updated_at']" : key === 'numericStrings' ? "['$.data.total']" : "['$.data.items[*].note']";
      const message =
        key === 'ignore' || key === 'unordered' || key === 'generated'
          ? 'expected a list of paths like `$.data[*].token`'
          : `expected a list of the paths it applies to, e.g. \`${key}: ${example}\`: ${WHY_PATHS}`;
      issues.push({ key, value: v, message });
      continue;
    }
    v.forEach((p, i) => pathIssue(`${key}[${i}]`, p, issues));
  }
  for (const key of KEY_MAPS) {
    const v = r[key];
    if (v === undefined) continue;
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      issues.push({ key, value: v, message: 'expected a mapping of array path to key name, e.g. `$.data.items: id`' });
      continue;
    }
    for (const [p, k] of Object.entries(v as Record<string, unknown>)) {
      pathIssue(`${key}['${p}']`, p, issues);
      if (typeof k !== 'string' || k === '') issues.push({ key: `${key}['${p}']`, value: k, message: 'expected the name of the key' });
    }
  }
  const tol = r.floatTolerance;
  if (tol !== undefined) {
    if (typeof tol !== 'object' || tol === null || Array.isArray(tol)) {
      issues.push({ key: 'floatTolerance', value: tol, message: `expected a mapping of path to tolerance, e.g. \`floatTolerance: { '$.data.total': 0.01 }\`: ${WHY_PATHS}` });
    } else {
      for (const [p, n] of Object.entries(tol as Record<string, unknown>)) {
        pathIssue(`floatTolerance['${p}']`, p, issues);
        if (typeof n !== 'number' || !Number.isFinite(n) || n < 0) {
          issues.push({ key: `floatTolerance['${p}']`, value: n, message: 'expected a finite number ≥ 0 (0 = exact)' });
        }
      }
    }
  }
  if (r.timezone !== undefined && (typeof r.timezone !== 'string' || !isValidTimeZone(r.timezone))) {
    issues.push({ key: 'timezone', value: r.timezone, message: 'expected an IANA time zone such as `Asia/Tokyo` or `UTC`' });
  }
  const h = r.headers;
  if (h !== undefined && (!Array.isArray(h) || h.some((x) => typeof x !== 'string' || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(x)))) {
    issues.push({ key: 'headers', value: h, message: 'expected a list of header names, e.g. `[Content-Type, Set-Cookie]` (`[]` compares none)' });
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

/** Per-route rules over the global ones: lists joined, mappings merged (route wins), scalars and `headers` overridden. */
export function mergeRules(global: CompareRules | undefined, route: CompareRules | undefined): CompareRules {
  const g = global ?? {};
  const r = route ?? {};
  const merged: CompareRules = { ...g, ...r };
  for (const key of PATH_LISTS) {
    const a = g[key];
    const b = r[key];
    if (a || b) merged[key] = [...new Set([...(a ?? []), ...(b ?? [])])];
  }
  for (const key of KEY_MAPS) if (g[key] || r[key]) merged[key] = { ...g[key], ...r[key] };
  if (g.floatTolerance || r.floatTolerance) merged.floatTolerance = { ...g.floatTolerance, ...r.floatTolerance };
  return merged;
}
